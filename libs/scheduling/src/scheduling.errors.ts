import { DomainError } from '@etutors/platform';
import type { SlotProblem } from './domain/slots.js';

export class SlotTakenError extends DomainError {
  readonly code = 'booking.slot_taken';
  readonly kind = 'conflict' as const;
  constructor() {
    super('That slot was just taken');
  }
}

export class StudentBusyError extends DomainError {
  readonly code = 'booking.student_busy';
  readonly kind = 'conflict' as const;
  constructor() {
    super('You already have a booking at that time');
  }
}

export class InvalidTransitionError extends DomainError {
  readonly code = 'booking.invalid_transition';
  readonly kind = 'conflict' as const;
  constructor(from: string, to: string) {
    super(`A ${from.replace('_', ' ')} booking cannot become ${to.replace('_', ' ')}`);
  }
}

/** Why a booking (or a move) is refused as unprocessable: the stable sub-code of `booking.<reason>`. */
export type NotBookableReason =
  'self_booking' | 'tutor_not_bookable' | 'subject_not_taught' | 'same_time' | SlotProblem;

const NOT_BOOKABLE: Record<NotBookableReason, string> = {
  self_booking: 'You cannot book yourself',
  tutor_not_bookable: 'This tutor does not take bookings',
  subject_not_taught: 'This tutor does not teach that subject',
  same_time: 'The booking already starts at that time',
  in_past: 'That start is in the past',
  off_grid: 'Lessons start on a 15-minute grid',
  within_notice: 'That start is within the tutor’s minimum notice',
  beyond_advance: 'That start is further ahead than the tutor takes bookings',
  outside_availability: 'That time is outside the tutor’s availability',
  unavailable: 'The tutor is not available then',
};

/** The requested time or tutor is not bookable; `reason` says why (a stable sub-code). */
export class NotBookableError extends DomainError {
  readonly kind = 'unprocessable' as const;
  readonly code: string;
  constructor(reason: NotBookableReason) {
    super(NOT_BOOKABLE[reason], { reason });
    this.code = `booking.${reason}`;
  }
}

export class InvalidAvailabilityError extends DomainError {
  readonly code = 'availability.invalid';
  readonly kind = 'invalid' as const;
  constructor(errors: { field: string; message: string }[]) {
    super('The availability is not valid', { errors });
  }
}

export class RangeTooLongError extends DomainError {
  readonly code = 'slots.range_too_long';
  readonly kind = 'invalid' as const;
  constructor() {
    super('The range may span at most 31 days, and `to` must be after `from`', {
      errors: [{ field: 'to', message: 'must be after from and at most 31 days later' }],
    });
  }
}

/** Time off that has already ended, or spans more than a year, is refused. */
export class TimeOffOutOfBoundsError extends DomainError {
  readonly kind = 'unprocessable' as const;
  readonly code: string;
  constructor(reason: 'in_past' | 'too_long') {
    super(
      reason === 'in_past'
        ? 'That time off has already ended'
        : 'Time off may span at most 365 days',
      {
        reason,
        errors: [
          {
            field: 'endsAt',
            message:
              reason === 'in_past'
                ? 'must be in the future'
                : 'must be at most 365 days after startsAt',
          },
        ],
      },
    );
    this.code = `time_off.${reason}`;
  }
}
