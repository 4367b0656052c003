import { Injectable } from '@nestjs/common';
import { OnEvent, type DomainEvent, type Transaction } from '@etutors/platform';
import {
  PaymentSucceeded,
  RefundIssued,
  type PaymentSucceededPayload,
  type RefundIssuedPayload,
} from '@etutors/billing/events';
import {
  UserRegistered,
  UserRolesChanged,
  type UserRegisteredPayload,
  type UserRolesChangedPayload,
} from '@etutors/identity/events';
import {
  AvailabilityChanged,
  BookingCancelled,
  BookingConfirmed,
  BookingExpired,
  BookingRequested,
  BookingRescheduled,
  type AvailabilityChangedPayload,
  type BookingCancelledPayload,
  type BookingConfirmedPayload,
  type BookingExpiredPayload,
  type BookingRequestedPayload,
  type BookingRescheduledPayload,
} from '@etutors/scheduling/events';
import {
  LessonCompleted,
  ReviewSubmitted,
  type LessonCompletedPayload,
  type ReviewSubmittedPayload,
} from '@etutors/tutoring/events';
import { AnalyticsProjections } from './analytics-projections.js';

/**
 * One subscriber per event analytics follows, each projecting it in its delivery's transaction.
 * A booking's completion is taken from tutoring's `lesson.completed` (which says when the lesson
 * was completed) rather than scheduling's `booking.completed`, which only echoes it later.
 */
@Injectable()
export class AnalyticsSubscribers {
  constructor(private readonly projections: AnalyticsProjections) {}

  @OnEvent(UserRegistered, { name: 'analytics.project-user-registered' })
  userRegistered(event: DomainEvent<UserRegisteredPayload>, tx: Transaction) {
    return this.projections.project(event, tx.manager);
  }

  @OnEvent(UserRolesChanged, { name: 'analytics.project-user-roles-changed' })
  userRolesChanged(event: DomainEvent<UserRolesChangedPayload>, tx: Transaction) {
    return this.projections.project(event, tx.manager);
  }

  @OnEvent(BookingRequested, { name: 'analytics.project-booking-requested' })
  bookingRequested(event: DomainEvent<BookingRequestedPayload>, tx: Transaction) {
    return this.projections.project(event, tx.manager);
  }

  @OnEvent(BookingConfirmed, { name: 'analytics.project-booking-confirmed' })
  bookingConfirmed(event: DomainEvent<BookingConfirmedPayload>, tx: Transaction) {
    return this.projections.project(event, tx.manager);
  }

  @OnEvent(BookingRescheduled, { name: 'analytics.project-booking-rescheduled' })
  bookingRescheduled(event: DomainEvent<BookingRescheduledPayload>, tx: Transaction) {
    return this.projections.project(event, tx.manager);
  }

  @OnEvent(BookingCancelled, { name: 'analytics.project-booking-cancelled' })
  bookingCancelled(event: DomainEvent<BookingCancelledPayload>, tx: Transaction) {
    return this.projections.project(event, tx.manager);
  }

  @OnEvent(BookingExpired, { name: 'analytics.project-booking-expired' })
  bookingExpired(event: DomainEvent<BookingExpiredPayload>, tx: Transaction) {
    return this.projections.project(event, tx.manager);
  }

  @OnEvent(LessonCompleted, { name: 'analytics.project-lesson-completed' })
  lessonCompleted(event: DomainEvent<LessonCompletedPayload>, tx: Transaction) {
    return this.projections.project(event, tx.manager);
  }

  @OnEvent(PaymentSucceeded, { name: 'analytics.project-payment-succeeded' })
  paymentSucceeded(event: DomainEvent<PaymentSucceededPayload>, tx: Transaction) {
    return this.projections.project(event, tx.manager);
  }

  @OnEvent(RefundIssued, { name: 'analytics.project-refund-issued' })
  refundIssued(event: DomainEvent<RefundIssuedPayload>, tx: Transaction) {
    return this.projections.project(event, tx.manager);
  }

  @OnEvent(ReviewSubmitted, { name: 'analytics.project-review-submitted' })
  reviewSubmitted(event: DomainEvent<ReviewSubmittedPayload>, tx: Transaction) {
    return this.projections.project(event, tx.manager);
  }

  @OnEvent(AvailabilityChanged, { name: 'analytics.project-availability-changed' })
  availabilityChanged(event: DomainEvent<AvailabilityChangedPayload>, tx: Transaction) {
    return this.projections.project(event, tx.manager);
  }
}
