import { randomUUID } from 'node:crypto';
import { ControllableClock, type DomainEvent } from '@etutors/platform';
import { AnalyticsProjections } from '../../libs/analytics/src/application/analytics-projections.js';
import { DailyAggregates } from '../../libs/analytics/src/infrastructure/daily-aggregates.js';
import { FactStore } from '../../libs/analytics/src/infrastructure/fact-store.js';
import { BookingSchedules } from '../../libs/scheduling/src/application/booking-schedules.js';
import { marketplace, type Marketplace } from '../billing/support/marketplace.js';
import { startAppOnClock } from '../billing/support/money-out.js';
import { given, type Actor } from '../support/given.js';
import { eventually, type TestApp } from '../support/test-app.js';
import {
  analyticsCaughtUp,
  analyticsTables,
  completeAndReviewLesson,
  deliverToSubscribers,
  projectedEvents,
  storyCalendar,
  truncateReadModels,
} from './support.js';

const MINUTE = 60_000;
const { day0, at } = storyCalendar();

/** Every event type analytics follows (the projections need no database to say so). */
const FOLLOWED_TYPES = [
  ...new AnalyticsProjections(new FactStore(), new DailyAggregates()).byType.keys(),
];

/**
 * One story with at least two events of every type analytics follows, then each type delivered
 * first, last and again, against the read models the live subscribers built.
 */
describe('analytics projections: idempotent and order-free for every event type they follow', () => {
  const clock = new ControllableClock(day0);
  let t: TestApp;
  let market: Marketplace;
  let admin: Actor;
  let live: Record<string, unknown[]>;
  let events: DomainEvent[];

  const completeAndReview = (student: Actor, bookingId: string, rating: number) =>
    completeAndReviewLesson(t, student, market.tutor, bookingId, rating);

  beforeAll(async () => {
    t = await startAppOnClock(clock, { env: { PLATFORM_FEE_BPS: '1500' } });
    market = await marketplace(t);
    admin = market.admin;

    // Day 0: seven bookings, five paid; two left unpaid run out of their hold.
    const taught = [
      await market.paidBooking({ startsAt: at(0, 10).toISOString(), minutes: 60 }),
      await market.paidBooking({ startsAt: at(0, 12).toISOString(), minutes: 90 }),
    ];
    const moved = await market.paidBooking({ startsAt: at(3, 10).toISOString(), minutes: 60 });
    const cancelled = [
      await market.paidBooking({ startsAt: at(4, 10).toISOString(), minutes: 90 }),
      await market.paidBooking({ startsAt: at(4, 14).toISOString(), minutes: 60 }),
    ];
    const unpaid = [
      await market.bookedStudent({ startsAt: at(5, 10).toISOString(), minutes: 60 }),
      await market.bookedStudent({ startsAt: at(6, 10).toISOString(), minutes: 60 }),
    ];
    clock.set(new Date(day0.getTime() + 20 * MINUTE));
    expect(await t.get(BookingSchedules).expireHolds()).toBe(2);
    await analyticsCaughtUp(t);

    // Day 1, a minute apart: lessons taught and reviewed, a lesson moved twice, cancellations by
    // a student and by the tutor (both refunded), a goodwill refund, roles changed twice, a new
    // student, the tutor's hours changed.
    let minutes = 0;
    const aMinuteOn = () => clock.set(new Date(at(1).getTime() + minutes++ * MINUTE));
    aMinuteOn();
    await completeAndReview(taught[0]!.student, taught[0]!.bookingId, 5);
    await completeAndReview(taught[1]!.student, taught[1]!.bookingId, 3);
    for (const startsAt of [at(5, 14), at(6, 15)]) {
      aMinuteOn();
      await t
        .http()
        .post(`/api/v1/bookings/${moved.bookingId}/reschedule`)
        .set(moved.student.auth)
        .send({ startsAt: startsAt.toISOString() })
        .expect(200);
    }
    for (const [booking, by] of [
      [cancelled[0]!, cancelled[0]!.student],
      [cancelled[1]!, market.tutor],
    ] as const) {
      aMinuteOn();
      await t
        .http()
        .post(`/api/v1/bookings/${booking.bookingId}/cancel`)
        .set(by.auth)
        .send({ reason: 'plans changed' })
        .expect(200);
    }
    aMinuteOn();
    await t
      .http()
      .post(`/api/v1/admin/payments/${taught[1]!.paymentId}/refunds`)
      .set(admin.auth)
      .set('idempotency-key', randomUUID())
      .send({ amount: 1000, reason: 'goodwill' })
      .expect(201);
    for (const roles of [['student', 'tutor'], ['student']]) {
      aMinuteOn();
      await t
        .http()
        .patch(`/api/v1/admin/users/${unpaid[0]!.student.id}`)
        .set(admin.auth)
        .send({ roles })
        .expect(200);
    }
    aMinuteOn();
    await given(t).student();
    aMinuteOn();
    await t
      .http()
      .put('/api/v1/tutors/me/availability')
      .set(market.tutor.auth)
      .send({
        timezone: 'Europe/Berlin',
        weekly: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '17:00' })),
        bufferMinutes: 0,
        minNoticeMinutes: 0,
        maxAdvanceDays: 60,
      })
      .expect(200);
    await eventually(async () => {
      const [{ refunds }] = await t.dataSource.query(
        `SELECT count(*)::int AS refunds FROM platform.outbox WHERE type = 'billing.refund.issued'`,
      );
      return refunds === 3;
    });
    await analyticsCaughtUp(t);
    live = await analyticsTables(t);
    events = await projectedEvents(t);
  });
  afterAll(() => t?.close());

  it('the story has at least two events of every type analytics follows', () => {
    const counts = new Map<string, number>();
    for (const event of events) counts.set(event.type, (counts.get(event.type) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual([...FOLLOWED_TYPES].sort());
    for (const type of FOLLOWED_TYPES) {
      expect({ type, twoOrMore: counts.get(type)! >= 2 }).toEqual({ type, twoOrMore: true });
    }
    // Every read model holds something from it.
    for (const table of Object.keys(live)) {
      if (table !== 'analytics.reports')
        expect({ table, rows: live[table]!.length > 0 }).toEqual({ table, rows: true });
    }
  });

  const ofType = (type: string) => events.filter((event) => event.type === type);
  const notOfType = (type: string) => events.filter((event) => event.type !== type);

  it.each(FOLLOWED_TYPES)('%s: delivered again, twice, changes nothing', async (type) => {
    await deliverToSubscribers(t, [...ofType(type), ...[...ofType(type)].reverse()]);
    expect(await analyticsTables(t)).toEqual(live);
  });

  it.each(FOLLOWED_TYPES)(
    '%s: first, before every other event, ends at the same read models',
    async (type) => {
      await truncateReadModels(t);
      await deliverToSubscribers(t, [...[...ofType(type)].reverse(), ...notOfType(type)]);
      expect(await analyticsTables(t)).toEqual(live);
    },
  );

  it.each(FOLLOWED_TYPES)(
    '%s: last, after every other event, ends at the same read models',
    async (type) => {
      await truncateReadModels(t);
      await deliverToSubscribers(t, [...[...notOfType(type)].reverse(), ...ofType(type)]);
      expect(await analyticsTables(t)).toEqual(live);
    },
  );
});
