import {
  utcDay,
  type BookingFact,
  type PaymentFact,
  type RefundFact,
  type ReviewFact,
} from './facts.js';

/** The counters of `analytics.daily_tutor_stats` (one row per UTC day, tutor and currency). */
export interface TutorDayMeasures {
  bookingsCreated: number;
  bookingsConfirmed: number;
  bookingsCancelled: number;
  confirmedCancelled: number;
  lessonsCompleted: number;
  completedMinutes: number;
  bookedMinutes: number;
  gross: number;
  platformFees: number;
  refunds: number;
  feesReversed: number;
}

/** The counters of `analytics.daily_tutor_reviews` (one row per UTC day and tutor). */
export interface TutorReviewDayMeasures {
  reviews: number;
  ratingSum: number;
}

/**
 * What a fact adds to one daily row. `activity` rows are a set (who was active that day): their
 * measure counts the facts that put the user there, and the row exists while it is above zero.
 */
export type Contribution =
  | {
      table: 'daily_tutor_stats';
      day: string;
      tutorId: string;
      currency: string;
      measures: Partial<TutorDayMeasures>;
    }
  | {
      table: 'daily_tutor_reviews';
      day: string;
      tutorId: string;
      measures: Partial<TutorReviewDayMeasures>;
    }
  | {
      table: 'daily_activity';
      day: string;
      userId: string;
      role: 'student' | 'tutor';
      measures: { presence?: number };
    };

const minutesBetween = (startsAt: string, endsAt: string) =>
  Math.round((Date.parse(endsAt) - Date.parse(startsAt)) / 60_000);

/**
 * What a booking adds to the aggregates, each count on the day of its own moment: created on the
 * day it was requested, confirmed and cancelled on theirs, completed lessons and their minutes
 * on the day of completion, booked minutes on the day the lesson starts while it is confirmed
 * and not cancelled. Counts are in the booking's price currency, so none until that is known.
 */
export function bookingContributions(booking: BookingFact | null): Contribution[] {
  if (!booking) return [];
  const contributions: Contribution[] = [];
  const { tutorId, studentId, currency, startsAt, endsAt } = booking;
  const minutes = startsAt && endsAt ? minutesBetween(startsAt, endsAt) : null;
  if (currency) {
    const stats = (at: string, measures: Partial<TutorDayMeasures>) =>
      contributions.push({
        table: 'daily_tutor_stats',
        day: utcDay(at),
        tutorId,
        currency,
        measures,
      });
    if (booking.requestedAt) stats(booking.requestedAt, { bookingsCreated: 1 });
    if (booking.confirmedAt) stats(booking.confirmedAt, { bookingsConfirmed: 1 });
    if (booking.cancelledAt) {
      stats(booking.cancelledAt, {
        bookingsCancelled: 1,
        confirmedCancelled: booking.cancelledWasConfirmed ? 1 : 0,
      });
    }
    if (booking.completedAt) {
      stats(booking.completedAt, { lessonsCompleted: 1, completedMinutes: minutes ?? 0 });
    }
    if (booking.confirmedAt && !booking.cancelledAt && startsAt && minutes !== null) {
      stats(startsAt, { bookedMinutes: minutes });
    }
  }
  for (const at of [booking.requestedAt, booking.completedAt]) {
    if (!at) continue;
    const day = utcDay(at);
    contributions.push(
      {
        table: 'daily_activity',
        day,
        userId: studentId,
        role: 'student',
        measures: { presence: 1 },
      },
      { table: 'daily_activity', day, userId: tutorId, role: 'tutor', measures: { presence: 1 } },
    );
  }
  return contributions;
}

export const paymentContributions = (payment: PaymentFact | null): Contribution[] =>
  payment
    ? [
        {
          table: 'daily_tutor_stats',
          day: utcDay(payment.succeededAt),
          tutorId: payment.tutorId,
          currency: payment.currency,
          measures: { gross: payment.gross, platformFees: payment.platformFee },
        },
      ]
    : [];

export const refundContributions = (refund: RefundFact | null): Contribution[] =>
  refund
    ? [
        {
          table: 'daily_tutor_stats',
          day: utcDay(refund.refundedAt),
          tutorId: refund.tutorId,
          currency: refund.currency,
          measures: { refunds: refund.amount, feesReversed: refund.feeReversed },
        },
      ]
    : [];

export const reviewContributions = (review: ReviewFact | null): Contribution[] =>
  review
    ? [
        {
          table: 'daily_tutor_reviews',
          day: utcDay(review.submittedAt),
          tutorId: review.tutorId,
          measures: { reviews: 1, ratingSum: review.rating },
        },
      ]
    : [];

/** The row a contribution lands on, as one string (the order rows are locked in). */
export const rowKey = (contribution: Contribution): string => {
  switch (contribution.table) {
    case 'daily_tutor_stats':
      return `${contribution.table}|${contribution.day}|${contribution.tutorId}|${contribution.currency}`;
    case 'daily_tutor_reviews':
      return `${contribution.table}|${contribution.day}|${contribution.tutorId}`;
    case 'daily_activity':
      return `${contribution.table}|${contribution.day}|${contribution.role}|${contribution.userId}`;
  }
};

/**
 * What a change of a fact from `before` to `after` adds to each daily row: `after` minus
 * `before`, measure by measure, leaving out rows and measures it does not change, sorted by row
 * (so every transaction locks aggregate rows in the same order). An unchanged fact gives none.
 */
export function aggregateDifference(before: Contribution[], after: Contribution[]): Contribution[] {
  const rows = new Map<string, Contribution>();
  const add = (contribution: Contribution, sign: 1 | -1) => {
    const key = rowKey(contribution);
    const row = rows.get(key) ?? { ...contribution, measures: {} };
    const measures = row.measures as Record<string, number>;
    for (const [name, value] of Object.entries(contribution.measures) as [string, number][]) {
      measures[name] = (measures[name] ?? 0) + sign * value;
    }
    rows.set(key, row);
  };
  for (const contribution of before) add(contribution, -1);
  for (const contribution of after) add(contribution, 1);
  const changed: Contribution[] = [];
  for (const key of [...rows.keys()].sort()) {
    const row = rows.get(key)!;
    const measures = Object.fromEntries(
      Object.entries(row.measures as Record<string, number>).filter(([, value]) => value !== 0),
    );
    if (Object.keys(measures).length > 0) changed.push({ ...row, measures } as Contribution);
  }
  return changed;
}
