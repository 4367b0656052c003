/**
 * The analytics facts as the projections handle them: one per thing that happened elsewhere,
 * merged from the events that describe it. Instants are ISO 8601 strings in UTC, exactly as
 * `Date.toISOString()` writes them, so they compare as strings.
 */
export type Instant = string;

/** A date-time from an event or a row, in the one form facts keep. */
export const instant = (value: string | Date): Instant => new Date(value).toISOString();

/** The UTC day an instant falls on, as `YYYY-MM-DD` (the daily aggregates' key). */
export const utcDay = (at: Instant): string => at.slice(0, 10);

export type CancelledBy = 'student' | 'tutor' | 'admin';

export interface BookingFact {
  bookingId: string;
  tutorId: string;
  studentId: string;
  subjectId: string | null;
  startsAt: Instant | null;
  endsAt: Instant | null;
  /** When the times above were reported: a later report (a reschedule) wins over an earlier one. */
  timesAsOf: Instant | null;
  priceAmount: number | null;
  currency: string | null;
  requestedAt: Instant | null;
  confirmedAt: Instant | null;
  cancelledAt: Instant | null;
  cancelledBy: CancelledBy | null;
  cancelledWasConfirmed: boolean | null;
  refundAmount: number | null;
  expiredAt: Instant | null;
  completedAt: Instant | null;
}

export interface UserFact {
  userId: string;
  /** Sorted, so two reports of the same roles are the same fact. */
  roles: string[];
  /** When `roles` were reported: a later change wins whatever order the events arrive in. */
  rolesAsOf: Instant | null;
  registeredAt: Instant | null;
}

export interface PaymentFact {
  paymentId: string;
  bookingId: string;
  tutorId: string;
  studentId: string;
  currency: string;
  gross: number;
  platformFee: number;
  succeededAt: Instant;
}

export interface RefundFact {
  refundId: string;
  paymentId: string;
  bookingId: string;
  tutorId: string;
  studentId: string;
  currency: string;
  amount: number;
  feeReversed: number;
  source: string;
  refundedAt: Instant;
}

export interface ReviewFact {
  reviewId: string;
  lessonId: string;
  tutorId: string;
  studentId: string;
  rating: number;
  submittedAt: Instant;
}

export interface TutorAvailabilityFact {
  tutorId: string;
  effectiveAt: Instant;
  weeklyMinutes: number;
}
