import { DomainError } from '@etutors/platform';

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

/** The requested time or tutor is not bookable; `reason` says why (a stable sub-code). */
export class NotBookableError extends DomainError {
  readonly kind = 'unprocessable' as const;
  readonly code: string;
  constructor(reason: string, message: string) {
    super(message, { reason });
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
