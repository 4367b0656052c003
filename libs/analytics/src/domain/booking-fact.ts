import type { DomainEvent } from '@etutors/platform';
import type {
  BookingCancelledPayload,
  BookingConfirmedPayload,
  BookingExpiredPayload,
  BookingRequestedPayload,
  BookingRescheduledPayload,
} from '@etutors/scheduling/events';
import type { LessonCompletedPayload } from '@etutors/tutoring/events';
import { instant, type BookingFact, type CancelledBy, type Instant } from './facts.js';

/** What one event says about a booking: the columns it brings, nothing else. */
export interface BookingReport {
  bookingId: string;
  tutorId: string;
  studentId: string;
  subjectId?: string;
  price?: { amount: number; currency: string };
  times?: { startsAt: Instant; endsAt: Instant; asOf: Instant };
  requestedAt?: Instant;
  confirmedAt?: Instant;
  cancellation?: {
    at: Instant;
    by: CancelledBy;
    wasConfirmed: boolean;
    refundAmount: number;
  };
  expiredAt?: Instant;
  completedAt?: Instant;
}

const parties = (payload: { bookingId: string; tutorId: string; studentId: string }) => ({
  bookingId: payload.bookingId,
  tutorId: payload.tutorId,
  studentId: payload.studentId,
});

/** Each booking event as a report; every moment is the event's own unless its payload names one. */
export const bookingReports = {
  requested: ({ payload, occurredAt }: DomainEvent<BookingRequestedPayload>): BookingReport => ({
    ...parties(payload),
    subjectId: payload.subjectId,
    price: { amount: payload.price.amount, currency: payload.price.currency },
    times: {
      startsAt: instant(payload.startsAt),
      endsAt: instant(payload.endsAt),
      asOf: instant(occurredAt),
    },
    requestedAt: instant(occurredAt),
  }),
  confirmed: ({ payload, occurredAt }: DomainEvent<BookingConfirmedPayload>): BookingReport => ({
    ...parties(payload),
    subjectId: payload.subjectId,
    price: { amount: payload.price.amount, currency: payload.price.currency },
    times: {
      startsAt: instant(payload.startsAt),
      endsAt: instant(payload.endsAt),
      asOf: instant(occurredAt),
    },
    confirmedAt: instant(occurredAt),
  }),
  rescheduled: ({
    payload,
    occurredAt,
  }: DomainEvent<BookingRescheduledPayload>): BookingReport => ({
    ...parties(payload),
    times: {
      startsAt: instant(payload.startsAt),
      endsAt: instant(payload.endsAt),
      asOf: instant(occurredAt),
    },
  }),
  cancelled: ({ payload, occurredAt }: DomainEvent<BookingCancelledPayload>): BookingReport => ({
    ...parties(payload),
    cancellation: {
      at: instant(occurredAt),
      by: payload.cancelledBy,
      wasConfirmed: payload.wasConfirmed,
      refundAmount: payload.refund.amount,
    },
  }),
  expired: ({ payload, occurredAt }: DomainEvent<BookingExpiredPayload>): BookingReport => ({
    ...parties(payload),
    expiredAt: instant(occurredAt),
  }),
  /** Completion comes from tutoring's lesson: it is where completion happens, and it says when. */
  lessonCompleted: ({ payload }: DomainEvent<LessonCompletedPayload>): BookingReport => ({
    ...parties(payload),
    completedAt: instant(payload.completedAt),
  }),
};

/** A booking no event has described yet (the row a first event creates). */
export const emptyBooking = (report: BookingReport): BookingFact => ({
  bookingId: report.bookingId,
  tutorId: report.tutorId,
  studentId: report.studentId,
  subjectId: null,
  startsAt: null,
  endsAt: null,
  timesAsOf: null,
  priceAmount: null,
  currency: null,
  requestedAt: null,
  confirmedAt: null,
  cancelledAt: null,
  cancelledBy: null,
  cancelledWasConfirmed: null,
  refundAmount: null,
  expiredAt: null,
  completedAt: null,
});

/** The earlier of two moments, either possibly unknown. */
const earliest = (known: Instant | null, reported: Instant | undefined): Instant | null =>
  reported === undefined || (known !== null && known <= reported) ? known : reported;

/**
 * Merges what one event says into the booking, column by column, so that the result depends on
 * the set of events only: applying one twice changes nothing, and any arrival order ends at the
 * same fact. Fixed attributes keep the first value reported (every event agrees on them); a
 * moment keeps the earliest report; the times keep the latest report (`timesAsOf`, ties broken
 * by the times themselves), so a reschedule wins over the request before it.
 */
export function mergeBooking(fact: BookingFact | null, report: BookingReport): BookingFact {
  const known = fact ?? emptyBooking(report);
  const merged: BookingFact = {
    ...known,
    subjectId: known.subjectId ?? report.subjectId ?? null,
    priceAmount: known.priceAmount ?? report.price?.amount ?? null,
    currency: known.currency ?? report.price?.currency ?? null,
    requestedAt: earliest(known.requestedAt, report.requestedAt),
    confirmedAt: earliest(known.confirmedAt, report.confirmedAt),
    expiredAt: earliest(known.expiredAt, report.expiredAt),
    completedAt: earliest(known.completedAt, report.completedAt),
  };
  const times = report.times;
  if (times && isLaterTimes(times, known)) {
    merged.startsAt = times.startsAt;
    merged.endsAt = times.endsAt;
    merged.timesAsOf = times.asOf;
  }
  const cancellation = report.cancellation;
  if (cancellation && (known.cancelledAt === null || cancellation.at < known.cancelledAt)) {
    merged.cancelledAt = cancellation.at;
    merged.cancelledBy = cancellation.by;
    merged.cancelledWasConfirmed = cancellation.wasConfirmed;
    merged.refundAmount = cancellation.refundAmount;
  }
  return merged;
}

function isLaterTimes(
  times: NonNullable<BookingReport['times']>,
  known: Pick<BookingFact, 'startsAt' | 'endsAt' | 'timesAsOf'>,
): boolean {
  if (known.timesAsOf === null) return true;
  if (times.asOf !== known.timesAsOf) return times.asOf > known.timesAsOf;
  if (times.startsAt !== known.startsAt) return times.startsAt > (known.startsAt ?? '');
  return times.endsAt > (known.endsAt ?? '');
}
