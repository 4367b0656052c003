import { defineEvent, type Money } from '@etutors/platform';

/** A booking was paid for: a lesson now exists on both calendars. */
export interface BookingConfirmedPayload {
  bookingId: string;
  tutorId: string;
  studentId: string;
  subjectId: string;
  startsAt: string;
  endsAt: string;
  price: Money;
}

export interface BookingCancelledPayload {
  bookingId: string;
  tutorId: string;
  studentId: string;
  cancelledBy: 'student' | 'tutor' | 'admin';
  cancelledById: string;
  reason: string | null;
  refund: Money;
  /** Whether the booking had been confirmed (paid) before it was cancelled. */
  wasConfirmed: boolean;
}

export interface BookingRescheduledPayload {
  bookingId: string;
  tutorId: string;
  studentId: string;
  startsAt: string;
  endsAt: string;
  previousStartsAt: string;
  previousEndsAt: string;
}

/** A student asked for a slot; it is held until paid or the hold runs out. */
export interface BookingRequestedPayload {
  bookingId: string;
  tutorId: string;
  studentId: string;
  subjectId: string;
  startsAt: string;
  endsAt: string;
  price: Money;
  holdExpiresAt: string;
}

export interface BookingExpiredPayload {
  bookingId: string;
  tutorId: string;
  studentId: string;
}

/** A payment arrived for a booking that had already expired or been cancelled: billing refunds it. */
export interface BookingPaymentAfterExpiryPayload {
  bookingId: string;
  paymentId: string;
  studentId: string;
  amount: number;
  currency: string;
}

export interface BookingCompletedPayload {
  bookingId: string;
  tutorId: string;
  studentId: string;
}

export interface BookingReminderDuePayload {
  bookingId: string;
  tutorId: string;
  studentId: string;
  startsAt: string;
  /** How long before the start this reminder is. */
  before: '24h' | '1h';
}

export const BookingRequested = defineEvent<BookingRequestedPayload>(
  'scheduling.booking.requested',
);
export const BookingExpired = defineEvent<BookingExpiredPayload>('scheduling.booking.expired');
export const BookingPaymentAfterExpiry = defineEvent<BookingPaymentAfterExpiryPayload>(
  'scheduling.booking.payment_after_expiry',
);
export const BookingCompleted = defineEvent<BookingCompletedPayload>(
  'scheduling.booking.completed',
);
export const BookingReminderDue = defineEvent<BookingReminderDuePayload>(
  'scheduling.booking.reminder_due',
);
export const BookingConfirmed = defineEvent<BookingConfirmedPayload>(
  'scheduling.booking.confirmed',
);
export const BookingCancelled = defineEvent<BookingCancelledPayload>(
  'scheduling.booking.cancelled',
);
export const BookingRescheduled = defineEvent<BookingRescheduledPayload>(
  'scheduling.booking.rescheduled',
);

/**
 * A tutor saved their weekly availability (each save, changed or not). `weeklyMinutes` is how
 * long the weekly windows are open in total, counted on the tutor's local clock (a week without
 * a DST change); analytics keeps it as of each save to measure utilization.
 */
export interface AvailabilityChangedPayload {
  tutorId: string;
  /** The IANA zone the windows are in. */
  timezone: string;
  weeklyMinutes: number;
}

export const AvailabilityChanged = defineEvent<AvailabilityChangedPayload>(
  'scheduling.availability.changed',
);
