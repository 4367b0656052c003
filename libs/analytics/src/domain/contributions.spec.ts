import fc from 'fast-check';
import type { DomainEvent } from '@etutors/platform';
import { bookingReports, mergeBooking, type BookingReport } from './booking-fact.js';
import {
  aggregateDifference,
  bookingContributions,
  rowKey,
  type Contribution,
} from './contributions.js';
import { mergeUser, userReports } from './event-facts.js';
import type { BookingFact, UserFact } from './facts.js';

const tutorId = '0190f000-0000-7000-8000-00000000000a';
const studentId = '0190f000-0000-7000-8000-00000000000b';
const bookingId = '0190f000-0000-7000-8000-00000000000c';
const subjectId = '0190f000-0000-7000-8000-00000000000d';
const parties = { bookingId, tutorId, studentId };

let eventCount = 0;
const event = <P>(occurredAt: string, payload: P): DomainEvent<P> => ({
  id: `event-${(eventCount += 1)}`,
  type: 'test',
  version: 1,
  occurredAt,
  aggregateId: bookingId,
  actorId: null,
  payload,
});

const times = { startsAt: '2031-03-12T10:00:00.000Z', endsAt: '2031-03-12T11:30:00.000Z' };
const price = { amount: 6000, currency: 'USD' };
const requested = bookingReports.requested(
  event('2031-03-09T22:00:00.000Z', {
    ...parties,
    subjectId,
    ...times,
    price,
    holdExpiresAt: '2031-03-09T22:15:00.000Z',
  }),
);
const confirmed = bookingReports.confirmed(
  event('2031-03-10T00:05:00.000Z', { ...parties, subjectId, ...times, price }),
);
const rescheduled = bookingReports.rescheduled(
  event('2031-03-11T08:00:00.000Z', {
    ...parties,
    startsAt: '2031-03-14T09:00:00.000Z',
    endsAt: '2031-03-14T10:30:00.000Z',
    previousStartsAt: times.startsAt,
    previousEndsAt: times.endsAt,
  }),
);
const completed = bookingReports.lessonCompleted(
  event('2031-03-14T10:31:00.000Z', {
    lessonId: '0190f000-0000-7000-8000-0000000000ee',
    ...parties,
    completedAt: '2031-03-14T10:30:00.000Z',
    completedBy: 'system' as const,
  }),
);
const cancelled = bookingReports.cancelled(
  event('2031-03-11T12:00:00.000Z', {
    ...parties,
    cancelledBy: 'student' as const,
    cancelledById: studentId,
    reason: null,
    refund: { amount: 3000, currency: 'USD' },
    wasConfirmed: true,
  }),
);
const expired = bookingReports.expired(event('2031-03-09T22:16:00.000Z', parties));

/** Daily rows as the database keeps them, fed only with differences. */
class Aggregates {
  readonly rows = new Map<string, Record<string, number>>();

  apply(differences: Contribution[]): void {
    for (const difference of differences) {
      const key = rowKey(difference);
      const row = this.rows.get(key) ?? {};
      for (const [name, value] of Object.entries(difference.measures) as [string, number][]) {
        row[name] = (row[name] ?? 0) + value;
        if (row[name] === 0) delete row[name];
      }
      if (Object.keys(row).length === 0) this.rows.delete(key);
      else this.rows.set(key, row);
    }
  }

  snapshot(): Record<string, Record<string, number>> {
    return Object.fromEntries([...this.rows].sort(([a], [b]) => a.localeCompare(b)));
  }
}

/** Delivers reports one by one as the projection does: merge, then apply the difference. */
function deliver(reports: BookingReport[]) {
  const aggregates = new Aggregates();
  let fact: BookingFact | null = null;
  for (const report of reports) {
    const after = mergeBooking(fact, report);
    aggregates.apply(aggregateDifference(bookingContributions(fact), bookingContributions(after)));
    fact = after;
  }
  return { fact, aggregates: aggregates.snapshot() };
}

const permutations = <T>(items: T[]): T[][] =>
  items.length <= 1
    ? [items]
    : items.flatMap((item, i) =>
        permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
      );

const stats = (day: string, measures: Record<string, number>) => [
  `daily_tutor_stats|${day}|${tutorId}|USD`,
  measures,
];
const active = (day: string) => [
  [`daily_activity|${day}|student|${studentId}`, { presence: 1 }],
  [`daily_activity|${day}|tutor|${tutorId}`, { presence: 1 }],
];

describe('a booking fact and what it adds to the daily aggregates', () => {
  it('counts each moment on its own UTC day, and booked minutes on the day the lesson now starts', () => {
    const { fact, aggregates } = deliver([requested, confirmed, rescheduled, completed]);
    expect(fact).toMatchObject({
      startsAt: '2031-03-14T09:00:00.000Z',
      endsAt: '2031-03-14T10:30:00.000Z',
      timesAsOf: '2031-03-11T08:00:00.000Z',
      priceAmount: 6000,
      currency: 'USD',
      requestedAt: '2031-03-09T22:00:00.000Z',
      confirmedAt: '2031-03-10T00:05:00.000Z',
      completedAt: '2031-03-14T10:30:00.000Z',
      cancelledAt: null,
    });
    expect(aggregates).toEqual(
      Object.fromEntries([
        ...active('2031-03-09'),
        stats('2031-03-09', { bookingsCreated: 1 }),
        stats('2031-03-10', { bookingsConfirmed: 1 }),
        stats('2031-03-14', { lessonsCompleted: 1, completedMinutes: 90, bookedMinutes: 90 }),
        ...active('2031-03-14'),
      ]),
    );
  });

  it('takes booked minutes back when a confirmed booking is cancelled, and counts it as confirmed-cancelled', () => {
    const { fact, aggregates } = deliver([requested, confirmed, cancelled]);
    expect(fact).toMatchObject({
      cancelledAt: '2031-03-11T12:00:00.000Z',
      cancelledBy: 'student',
      cancelledWasConfirmed: true,
      refundAmount: 3000,
    });
    expect(aggregates).toEqual(
      Object.fromEntries([
        ...active('2031-03-09'),
        stats('2031-03-09', { bookingsCreated: 1 }),
        stats('2031-03-10', { bookingsConfirmed: 1 }),
        stats('2031-03-11', { bookingsCancelled: 1, confirmedCancelled: 1 }),
      ]),
    );
  });

  it('counts nothing in a currency until an event names the price', () => {
    const { aggregates } = deliver([cancelled, completed]);
    expect(aggregates).toEqual(Object.fromEntries(active('2031-03-14')));
  });

  it.each([
    ['requested, paid, moved and completed', [requested, confirmed, rescheduled, completed]],
    ['requested, paid and cancelled', [requested, confirmed, rescheduled, cancelled]],
    ['requested and expired', [requested, expired]],
  ])('ends at one fact and one set of aggregates in every arrival order: %s', (_, reports) => {
    const expected = deliver(reports);
    for (const order of permutations(reports)) expect(deliver(order)).toEqual(expected);
  });

  it('is unchanged by a redelivery, wherever it comes in the stream', () => {
    const all = [requested, confirmed, rescheduled, cancelled, completed, expired];
    const expected = deliver(all);
    fc.assert(
      fc.property(
        fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }),
        fc.array(fc.integer({ min: 0, max: all.length - 1 }), { maxLength: 6 }),
        (order, repeats) => {
          const stream = [...order];
          for (const index of repeats) stream.splice(index, 0, all[index]!);
          expect(deliver(stream)).toEqual(expected);
        },
      ),
    );
  });

  it('gives no difference at all for an event already merged', () => {
    const fact = deliver([requested, confirmed, cancelled]).fact!;
    for (const report of [requested, confirmed, cancelled]) {
      const again = mergeBooking(fact, report);
      expect(again).toEqual(fact);
      expect(aggregateDifference(bookingContributions(fact), bookingContributions(again))).toEqual(
        [],
      );
    }
  });

  it('sorts differences by row, so transactions lock aggregate rows in one order', () => {
    const fact = deliver([requested, confirmed, rescheduled, completed]).fact!;
    const keys = aggregateDifference([], bookingContributions(fact)).map(rowKey);
    expect(keys).toEqual([...keys].sort());
  });
});

describe('a user fact', () => {
  const userId = studentId;
  const registered = userReports.registered(
    event('2031-03-01T09:00:00.000Z', {
      userId,
      email: 'x@example.test',
      displayName: 'X',
      roles: ['student'],
      timezone: 'UTC',
    }),
  );
  const madeTutor = userReports.rolesChanged(
    event('2031-03-02T09:00:00.000Z', {
      userId,
      roles: ['tutor', 'student'],
      previousRoles: ['student'],
    }),
  );
  const madeAdmin = userReports.rolesChanged(
    event('2031-03-03T09:00:00.000Z', {
      userId,
      roles: ['admin'],
      previousRoles: ['student', 'tutor'],
    }),
  );

  it('keeps the registration and the roles reported last, in any order and however often', () => {
    const expected: UserFact = {
      userId,
      roles: ['admin'],
      rolesAsOf: '2031-03-03T09:00:00.000Z',
      registeredAt: '2031-03-01T09:00:00.000Z',
    };
    for (const order of permutations([registered, madeTutor, madeAdmin, madeTutor, registered])) {
      expect(order.reduce<UserFact | null>(mergeUser, null)).toEqual(expected);
    }
    expect(mergeUser(null, madeTutor).roles).toEqual(['student', 'tutor']);
  });
});
