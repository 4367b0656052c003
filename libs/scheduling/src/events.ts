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
  /** The weekly series it belongs to; absent for a single booking. */
  seriesId?: string;
  tutorId: string;
  studentId: string;
  subjectId: string;
  startsAt: string;
  endsAt: string;
  price: Money;
  holdExpiresAt: string;
}

/** Paid (or a free trial) while the tutor confirms each request: it waits for their answer until `tutorResponseDueAt`. */
export interface BookingAwaitingTutorPayload {
  bookingId: string;
  tutorId: string;
  studentId: string;
  subjectId: string;
  startsAt: string;
  endsAt: string;
  price: Money;
  tutorResponseDueAt: string;
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

/** A student booked a weekly series: its occurrences (each also `scheduling.booking.requested`) share one hold and are paid together. */
export interface SeriesRequestedPayload {
  seriesId: string;
  tutorId: string;
  studentId: string;
  subjectId: string;
  bookingIds: string[];
  /** The occurrences' prices together. */
  price: Money;
  holdExpiresAt: string;
}

export const SeriesRequested = defineEvent<SeriesRequestedPayload>('scheduling.series.requested');

export const BookingRequested = defineEvent<BookingRequestedPayload>(
  'scheduling.booking.requested',
);
export const BookingAwaitingTutor = defineEvent<BookingAwaitingTutorPayload>(
  'scheduling.booking.awaiting_tutor',
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
/** The tutor marked the student absent: no refund; billing holds the tutor's share as for a completed lesson. */
export interface BookingNoShowPayload {
  bookingId: string;
  tutorId: string;
  studentId: string;
  startsAt: string;
  /** When the tutor marked it: the hold on the tutor's share starts then. */
  markedAt: string;
}

export const BookingNoShow = defineEvent<BookingNoShowPayload>('scheduling.booking.no_show');

/** The facts every event about a case carries. */
export interface DisputeFacts {
  disputeId: string;
  bookingId: string;
  tutorId: string;
  studentId: string;
  /** The lesson's start, for the people told about it. */
  startsAt: string;
  kind: 'tutor_absent' | 'lesson_dispute';
}

/** A student reported the tutor absent, or disputed a lesson: billing holds the payment's release. */
export interface DisputeOpenedPayload extends DisputeFacts {
  reason: string;
  openedAt: string;
  /** Until when the tutor may contest a report of their absence; null for a dispute. */
  contestDeadline: string | null;
}

/** The tutor contested a report of their absence: an admin decides. */
export interface DisputeContestedPayload extends DisputeFacts {
  reason: string;
  contestedAt: string;
}

/** A case was decided: billing refunds `refund` (nothing when zero) and lifts the hold. */
export interface DisputeResolvedPayload extends DisputeFacts {
  resolution: 'full_refund' | 'partial_refund' | 'no_refund';
  refund: Money;
  /** The admin who decided; null when the schedule did (a report the tutor left uncontested). */
  resolvedById: string | null;
  resolvedAt: string;
}

export const DisputeOpened = defineEvent<DisputeOpenedPayload>('scheduling.dispute.opened');
export const DisputeContested = defineEvent<DisputeContestedPayload>(
  'scheduling.dispute.contested',
);
export const DisputeResolved = defineEvent<DisputeResolvedPayload>('scheduling.dispute.resolved');
