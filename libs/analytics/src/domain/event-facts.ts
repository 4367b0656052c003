import type { DomainEvent } from '@etutors/platform';
import type { PaymentSucceededPayload, RefundIssuedPayload } from '@etutors/billing/events';
import type { UserRegisteredPayload, UserRolesChangedPayload } from '@etutors/identity/events';
import type { AvailabilityChangedPayload } from '@etutors/scheduling/events';
import type { ReviewSubmittedPayload } from '@etutors/tutoring/events';
import {
  instant,
  type Instant,
  type PaymentFact,
  type RefundFact,
  type ReviewFact,
  type TutorAvailabilityFact,
  type UserFact,
} from './facts.js';

/** What one identity event says about a user. */
export interface UserReport {
  userId: string;
  roles: { roles: string[]; asOf: Instant };
  registeredAt?: Instant;
}

export const userReports = {
  registered: ({ payload, occurredAt }: DomainEvent<UserRegisteredPayload>): UserReport => ({
    userId: payload.userId,
    roles: { roles: [...payload.roles].sort(), asOf: instant(occurredAt) },
    registeredAt: instant(occurredAt),
  }),
  rolesChanged: ({ payload, occurredAt }: DomainEvent<UserRolesChangedPayload>): UserReport => ({
    userId: payload.userId,
    roles: { roles: [...payload.roles].sort(), asOf: instant(occurredAt) },
  }),
};

/**
 * Merges a report into the user: the earliest registration, and the roles reported last (ties
 * broken by the roles themselves), so order and redelivery do not matter.
 */
export function mergeUser(fact: UserFact | null, report: UserReport): UserFact {
  const known = fact ?? { userId: report.userId, roles: [], rolesAsOf: null, registeredAt: null };
  const registeredAt =
    report.registeredAt !== undefined &&
    (known.registeredAt === null || report.registeredAt < known.registeredAt)
      ? report.registeredAt
      : known.registeredAt;
  const { roles, asOf } = report.roles;
  const later =
    known.rolesAsOf === null ||
    asOf > known.rolesAsOf ||
    (asOf === known.rolesAsOf && roles.join(',') > known.roles.join(','));
  return later ? { ...known, registeredAt, roles, rolesAsOf: asOf } : { ...known, registeredAt };
}

// Payments, refunds, reviews and availability changes are each told by one event alone: the
// first delivery makes the fact and a redelivery finds it there.

export const paymentFact = ({
  payload,
  occurredAt,
}: DomainEvent<PaymentSucceededPayload>): PaymentFact => ({
  paymentId: payload.paymentId,
  bookingId: payload.bookingId,
  tutorId: payload.tutorId,
  studentId: payload.studentId,
  currency: payload.currency,
  gross: payload.amount,
  platformFee: payload.platformFee,
  succeededAt: instant(occurredAt),
});

export const refundFact = ({
  payload,
  occurredAt,
}: DomainEvent<RefundIssuedPayload>): RefundFact => ({
  refundId: payload.refundId,
  paymentId: payload.paymentId,
  bookingId: payload.bookingId,
  tutorId: payload.tutorId,
  studentId: payload.studentId,
  currency: payload.currency,
  amount: payload.amount,
  // Refunds published before the event carried the reversed fee count as the tutor's share.
  feeReversed: payload.feeReversed ?? 0,
  source: payload.source,
  refundedAt: instant(occurredAt),
});

export const reviewFact = ({
  payload,
  occurredAt,
}: DomainEvent<ReviewSubmittedPayload>): ReviewFact => ({
  reviewId: payload.reviewId,
  lessonId: payload.lessonId,
  tutorId: payload.tutorId,
  studentId: payload.studentId,
  rating: payload.rating,
  submittedAt: instant(occurredAt),
});

export const tutorAvailabilityFact = ({
  payload,
  occurredAt,
}: DomainEvent<AvailabilityChangedPayload>): TutorAvailabilityFact => ({
  tutorId: payload.tutorId,
  effectiveAt: instant(occurredAt),
  weeklyMinutes: payload.weeklyMinutes,
});
