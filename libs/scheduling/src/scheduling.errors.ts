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
  constructor(
    readonly reason: NotBookableReason,
    context?: { occurrence: SeriesOccurrenceRef },
  ) {
    super(NOT_BOOKABLE[reason], { reason, ...context });
    this.code = `booking.${reason}`;
  }
}

/** Which lesson of a weekly series a problem is about (`index` from 0, in time order). */
export interface SeriesOccurrenceRef {
  index: number;
  startsAt: string;
}

/** An occurrence of a weekly series collides with another booking of the tutor; nothing was booked. */
export class SeriesSlotTakenError extends DomainError {
  readonly code = 'booking.series_slot_taken';
  readonly kind = 'conflict' as const;
  constructor(occurrence: SeriesOccurrenceRef) {
    super(`The lesson of ${occurrence.startsAt} is taken; nothing of the series was booked`, {
      occurrence,
    });
  }
}

/** No occurrence of the series is still to come and active. */
export class SeriesNothingToCancelError extends DomainError {
  readonly code = 'booking.series_nothing_to_cancel';
  readonly kind = 'conflict' as const;
  constructor() {
    super('No lesson of this series is still to come and active');
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

/** A no-show or a case is reported outside its window; the code names the window and the side. */
export class OutsideWindowError extends DomainError {
  readonly kind = 'unprocessable' as const;
  readonly code: string;
  constructor(window: 'no_show' | 'dispute' | 'contest', problem: 'too_early' | 'too_late') {
    super(OUTSIDE_WINDOW[window][problem]);
    this.code = `${window}.${problem}`;
  }
}

const OUTSIDE_WINDOW = {
  no_show: {
    too_early: 'An absence can be reported only once the lesson has started',
    too_late: 'An absence can be reported until 24 hours after the lesson’s end',
  },
  dispute: {
    too_early: 'A lesson can be disputed only once it has ended',
    too_late: 'A lesson can be disputed until 72 hours after its end',
  },
  contest: {
    too_early: 'This report cannot be contested yet',
    too_late: 'A report can be contested until 72 hours after it was made',
  },
} as const;

/** The booking already has a case that is not resolved. */
export class CaseAlreadyOpenError extends DomainError {
  readonly code = 'dispute.case_open';
  readonly kind = 'conflict' as const;
  constructor() {
    super('This booking already has an open case');
  }
}

/** Only a lesson that was due to take place (confirmed, completed or no-show) can be the subject of a case. */
export class LessonNotHeldError extends DomainError {
  readonly code = 'dispute.lesson_not_held';
  readonly kind = 'conflict' as const;
  constructor(status: string) {
    super(`A ${status.replace('_', ' ')} booking cannot be the subject of a case`);
  }
}

export class DisputeInvalidTransitionError extends DomainError {
  readonly code = 'dispute.invalid_transition';
  readonly kind = 'conflict' as const;
  constructor(from: string, to: string) {
    super(`A ${from} case cannot become ${to}`);
  }
}

/** Only a report of the tutor's absence can be contested, by that tutor. */
export class DisputeNotContestableError extends DomainError {
  readonly code = 'dispute.not_contestable';
  readonly kind = 'conflict' as const;
  constructor() {
    super('Only a report of the tutor’s absence can be contested');
  }
}

/** A refund amount that does not fit the resolution (a partial one needs 1 .. price − 1). */
export class InvalidRefundAmountError extends DomainError {
  readonly code = 'dispute.invalid_refund_amount';
  readonly kind = 'invalid' as const;
  constructor(price: number, field = 'refundAmount') {
    super(
      `A partial refund needs an amount between 1 and ${price - 1}; a full or no refund takes none`,
      {
        errors: [
          { field, message: `must be 1..${price - 1} for a partial refund, absent otherwise` },
        ],
      },
    );
  }
}

/** Only the booking's participants report absences. */
export class ParticipantsOnlyError extends DomainError {
  readonly code = 'booking.participants_only';
  readonly kind = 'forbidden' as const;
  constructor() {
    super('Only the tutor or the student of this booking can report an absence');
  }
}

/** The tutor's booking settings contradict each other. */
export class InvalidBookingSettingsError extends DomainError {
  readonly code = 'booking_settings.invalid';
  readonly kind = 'invalid' as const;
  constructor(errors: { field: string; message: string }[]) {
    super('The booking settings are not valid', { errors });
  }
}

/** The local day of the start already holds as many lessons as the tutor takes in a day. */
export class TutorDayFullError extends DomainError {
  readonly code = 'booking.tutor_day_full';
  readonly kind = 'conflict' as const;
  constructor() {
    super('The tutor takes no more lessons that day');
  }
}

/** The local week of the start already holds as many lessons as the tutor takes in a week. */
export class TutorWeekFullError extends DomainError {
  readonly code = 'booking.tutor_week_full';
  readonly kind = 'conflict' as const;
  constructor() {
    super('The tutor takes no more lessons that week');
  }
}

/** The student holds as many unpaid bookings as they may; paying or cancelling one frees room. */
export class TooManyUnpaidBookingsError extends DomainError {
  readonly code = 'booking.too_many_unpaid';
  readonly kind = 'conflict' as const;
  constructor(limit: number) {
    super(`You may hold at most ${limit} unpaid bookings at once: pay or cancel one first`, {
      limit,
    });
  }
}

export class TrialNotOfferedError extends DomainError {
  readonly code = 'booking.trial_not_offered';
  readonly kind = 'unprocessable' as const;
  constructor() {
    super('This tutor offers no trial lesson');
  }
}

/** One trial per student and tutor (a cancelled or expired one does not count). */
export class TrialAlreadyUsedError extends DomainError {
  readonly code = 'booking.trial_already_used';
  readonly kind = 'conflict' as const;
  constructor() {
    super('You already had a trial lesson with this tutor');
  }
}

export class TrialDurationError extends DomainError {
  readonly code = 'booking.trial_duration';
  readonly kind = 'invalid' as const;
  constructor() {
    super('A trial lesson lasts 30 minutes', {
      errors: [{ field: 'durationMinutes', message: 'must be 30 (or left out) for a trial' }],
    });
  }
}

/** The tutor's time to answer a request has run out; it is declined automatically. */
export class TutorResponseOverdueError extends DomainError {
  readonly code = 'booking.tutor_response_overdue';
  readonly kind = 'conflict' as const;
  constructor() {
    super('The time to answer this request has run out; it is being declined');
  }
}
