import { Injectable } from '@nestjs/common';
import { isDeepStrictEqual } from 'node:util';
import type { DomainEvent, EventDefinition, SqlQueryable } from '@etutors/platform';
import { PaymentSucceeded, RefundIssued } from '@etutors/billing/events';
import { UserRegistered, UserRolesChanged } from '@etutors/identity/events';
import {
  AvailabilityChanged,
  BookingCancelled,
  BookingConfirmed,
  BookingExpired,
  BookingRequested,
  BookingRescheduled,
} from '@etutors/scheduling/events';
import { LessonCompleted, ReviewSubmitted } from '@etutors/tutoring/events';
import { bookingReports, mergeBooking, type BookingReport } from '../domain/booking-fact.js';
import {
  aggregateDifference,
  bookingContributions,
  paymentContributions,
  refundContributions,
  reviewContributions,
} from '../domain/contributions.js';
import {
  mergeUser,
  paymentFact,
  refundFact,
  reviewFact,
  tutorAvailabilityFact,
  userReports,
  type UserReport,
} from '../domain/event-facts.js';
import type { PaymentFact, RefundFact, ReviewFact } from '../domain/facts.js';
import { DailyAggregates } from '../infrastructure/daily-aggregates.js';
import { FactStore } from '../infrastructure/fact-store.js';

type Projection = (event: DomainEvent<never>, db: SqlQueryable) => Promise<void>;

/** One event type and its projection, the payload type checked against the definition. */
const on = <Payload>(
  definition: EventDefinition<Payload>,
  project: (event: DomainEvent<Payload>, db: SqlQueryable) => Promise<void>,
): [string, Projection] => [definition.type, project as Projection];

/**
 * Turns events into facts and keeps the daily aggregates with them: each change of a fact
 * applies `contributions(after) − contributions(before)` in the same transaction, so a
 * redelivered event (no change) adds nothing and any arrival order ends at the same rows. The
 * subscribers and the rebuild both come through here, with the statement runner of their
 * transaction.
 */
@Injectable()
export class AnalyticsProjections {
  /** Every event analytics projects, by type: what a rebuild replays. */
  readonly byType: ReadonlyMap<string, Projection>;

  constructor(
    private readonly facts: FactStore,
    private readonly aggregates: DailyAggregates,
  ) {
    this.byType = new Map([
      on(UserRegistered, (e, db) => this.user(db, userReports.registered(e))),
      on(UserRolesChanged, (e, db) => this.user(db, userReports.rolesChanged(e))),
      on(BookingRequested, (e, db) => this.booking(db, bookingReports.requested(e))),
      on(BookingConfirmed, (e, db) => this.booking(db, bookingReports.confirmed(e))),
      on(BookingRescheduled, (e, db) => this.booking(db, bookingReports.rescheduled(e))),
      on(BookingCancelled, (e, db) => this.booking(db, bookingReports.cancelled(e))),
      on(BookingExpired, (e, db) => this.booking(db, bookingReports.expired(e))),
      on(LessonCompleted, (e, db) => this.booking(db, bookingReports.lessonCompleted(e))),
      on(PaymentSucceeded, (e, db) => this.payment(db, paymentFact(e))),
      on(RefundIssued, (e, db) => this.refund(db, refundFact(e))),
      on(ReviewSubmitted, (e, db) => this.review(db, reviewFact(e))),
      on(AvailabilityChanged, (e, db) =>
        this.facts.addTutorAvailability(db, tutorAvailabilityFact(e)),
      ),
    ]);
  }

  /** Projects one event of any type analytics follows; others are ignored. */
  async project(event: DomainEvent, db: SqlQueryable): Promise<void> {
    await this.byType.get(event.type)?.(event as DomainEvent<never>, db);
  }

  private async booking(db: SqlQueryable, report: BookingReport): Promise<void> {
    const before = await this.facts.lockBooking(db, report);
    const after = mergeBooking(before, report);
    if (isDeepStrictEqual(before, after)) return;
    await this.facts.saveBooking(db, after);
    await this.aggregates.apply(
      db,
      aggregateDifference(bookingContributions(before), bookingContributions(after)),
    );
  }

  private async user(db: SqlQueryable, report: UserReport): Promise<void> {
    const before = await this.facts.lockUser(db, report.userId);
    const after = mergeUser(before, report);
    if (!isDeepStrictEqual(before, after)) await this.facts.saveUser(db, after);
  }

  private async payment(db: SqlQueryable, payment: PaymentFact): Promise<void> {
    if (await this.facts.addPayment(db, payment)) {
      await this.aggregates.apply(db, aggregateDifference([], paymentContributions(payment)));
    }
  }

  private async refund(db: SqlQueryable, refund: RefundFact): Promise<void> {
    if (await this.facts.addRefund(db, refund)) {
      await this.aggregates.apply(db, aggregateDifference([], refundContributions(refund)));
    }
  }

  private async review(db: SqlQueryable, review: ReviewFact): Promise<void> {
    if (await this.facts.addReview(db, review)) {
      await this.aggregates.apply(db, aggregateDifference([], reviewContributions(review)));
    }
  }
}
