import { ControllableClock } from '@etutors/platform';
import { marketplace, type Marketplace } from '../billing/support/marketplace.js';
import { startAppOnClock } from '../billing/support/money-out.js';
import { given, type Actor } from '../support/given.js';
import { eventually, type TestApp } from '../support/test-app.js';
import { book, openAllWeek } from '../scheduling/support.js';
import {
  analyticsCaughtUp,
  completeAndReviewLesson,
  deliverToSubscribers,
  projectedEvents,
} from './support.js';

/**
 * A scripted week around Berlin's spring DST change (2027-03-28 01:00 UTC), with totals worked
 * out by hand: every analytics endpoint must give exactly them, also after every event has been
 * delivered again, twice, in reverse and in a shuffled order.
 */
const SETUP = new Date('2027-03-20T08:00:00Z');
/** 23:30 CET on the 27th in Berlin: the dollar bookings. */
const BOOKED_USD = new Date('2027-03-27T22:30:00Z');
/** 00:30 CET on the 28th in Berlin, still the 27th in UTC: the euro bookings. */
const BOOKED_EUR = new Date('2027-03-27T23:30:00Z');
/** 00:30 CEST on the 29th in Berlin, the 28th in UTC: cancellations, lessons, reviews. */
const NEXT_DAY = new Date('2027-03-28T22:30:00Z');

describe('analytics scenario: known totals through real flows, every endpoint', () => {
  const clock = new ControllableClock(SETUP);
  let t: TestApp;
  let market: Marketplace;
  let admin: Actor;
  let usdTutor: Actor;
  let eurTutor: Actor;
  const students: Actor[] = [];

  async function paidBooking(student: Actor, tutor: Actor, startsAt: string, minutes: number) {
    const booked = await book(t, student, tutor, market.subjectId, startsAt, minutes);
    expect(booked.status).toBe(201);
    const payment = await market.pay(student, booked.body.id);
    expect((await market.confirm(student, payment.body.id, 'pm_card_visa')).body.status).toBe(
      'succeeded',
    );
    await market.bookingBecomes(student, booked.body.id, 'confirmed');
    return booked.body.id as string;
  }

  const cancel = (actor: Actor, bookingId: string) =>
    t
      .http()
      .post(`/api/v1/bookings/${bookingId}/cancel`)
      .set(actor.auth)
      .send({ reason: 'plans changed' })
      .expect(200);

  const completeAndReview = (student: Actor, tutor: Actor, bookingId: string, rating: number) =>
    completeAndReviewLesson(t, student, tutor, bookingId, rating);

  beforeAll(async () => {
    t = await startAppOnClock(clock, { env: { PLATFORM_FEE_BPS: '1500' } });
    // Everyone registers, and both tutors open all week, a week before.
    market = await marketplace(t);
    ({ admin, tutor: usdTutor } = market);
    eurTutor = await given(t).approvedTutor(admin, {
      subjectIds: [market.subjectId],
      rate: 3000,
      currency: 'EUR',
    });
    await openAllWeek(t, eurTutor);
    for (let i = 0; i < 7; i++) students.push(await given(t).student());
    const [early, late, started, taught, unpaid, eurCancelled, eurTaught] = students as [
      Actor,
      Actor,
      Actor,
      Actor,
      Actor,
      Actor,
      Actor,
    ];

    // Dollars (4000 an hour, 15 % fee): six bookings, five paid; the taught student books twice.
    clock.set(BOOKED_USD);
    const earlyId = await paidBooking(early, usdTutor, '2027-03-30T10:00:00Z', 60);
    const lateId = await paidBooking(late, usdTutor, '2027-03-29T10:00:00Z', 60);
    const startedId = await paidBooking(started, usdTutor, '2027-03-28T21:00:00Z', 120);
    const taughtId = await paidBooking(taught, usdTutor, '2027-03-28T10:00:00Z', 60);
    await paidBooking(taught, usdTutor, '2027-04-02T10:00:00Z', 60);
    expect(
      (await book(t, unpaid, usdTutor, market.subjectId, '2027-04-03T10:00:00Z', 60)).status,
    ).toBe(201);
    // Euros (3000 an hour): two paid.
    clock.set(BOOKED_EUR);
    const eurCancelledId = await paidBooking(eurCancelled, eurTutor, '2027-03-29T12:00:00Z', 60);
    const eurTaughtId = await paidBooking(eurTaught, eurTutor, '2027-03-28T12:00:00Z', 120);
    await analyticsCaughtUp(t);

    // The next day: a cancellation in each policy band, one by a tutor, two lessons taught.
    clock.set(NEXT_DAY);
    await cancel(early, earlyId); // 35.5 h ahead: all back
    await cancel(late, lateId); // 11.5 h ahead: half back
    await cancel(started, startedId); // began 1.5 h ago: nothing back
    await cancel(eurTutor, eurCancelledId); // the tutor: all back
    await completeAndReview(taught, usdTutor, taughtId, 5);
    await completeAndReview(eurTaught, eurTutor, eurTaughtId, 4);
    await eventually(async () => {
      const [{ refunds }] = await t.dataSource.query(
        `SELECT count(*)::int AS refunds FROM platform.outbox WHERE type = 'billing.refund.issued'`,
      );
      return refunds === 3;
    });
    await analyticsCaughtUp(t);
  });
  afterAll(() => t?.close());

  const get = (path: string, actor: Actor, query: Record<string, string | number> = {}) =>
    t.http().get(`/api/v1${path}`).query(query).set(actor.auth);
  const period = { from: '2027-03-27', to: '2027-03-29' };
  const values = async (query: Record<string, string>) => {
    const res = await get('/admin/analytics/timeseries', admin, query);
    expect(res.status).toBe(200);
    return res.body as { bucket: string; value: number }[];
  };

  /** Every endpoint's answer, each checked against the scripted totals. */
  async function checkEveryEndpoint() {
    const overview = await get('/admin/analytics/overview', admin, period);
    expect(overview.status).toBe(200);
    expect(overview.body).toMatchObject({
      bookings: { created: 8, confirmed: 7, cancelled: 4, completed: 2 },
      revenue: [
        // 3000 + 6000; fees 450 + 900 less 450 returned; the tutor's cancellation refunded.
        { currency: 'EUR', gross: 9000, platformFees: 900, refunds: 3000 },
        // 4000 + 4000 + 8000 + 4000 + 4000; fees 3600 less 600 + 300 returned; 4000 + 2000 back.
        { currency: 'USD', gross: 24000, platformFees: 2700, refunds: 6000 },
      ],
      activeStudents: 7,
      activeTutors: 2,
      newUsers: 0,
      previous: {
        bookings: { created: 0, confirmed: 0, cancelled: 0, completed: 0 },
        revenue: [],
        activeStudents: 0,
        activeTutors: 0,
        newUsers: 0,
      },
    });
    expect(overview.body.deltas.bookings.created).toEqual({ absolute: 8, relative: null });

    // Berlin: the 28th is 23 hours; the euro bookings fall on it, the next day's events on the 29th.
    const berlin = { ...period, to: '2027-03-30', timezone: 'Europe/Berlin' };
    const buckets = [
      '2027-03-26T23:00:00.000Z',
      '2027-03-27T23:00:00.000Z',
      '2027-03-28T22:00:00.000Z',
    ];
    const series = (points: number[]) =>
      points.map((value, index) => ({ bucket: buckets[index], value }));
    expect(await values({ ...berlin, metric: 'bookings_created' })).toEqual(series([6, 2, 0]));
    expect(await values({ ...berlin, metric: 'bookings_cancelled' })).toEqual(series([0, 0, 4]));
    expect(await values({ ...berlin, metric: 'lessons_completed' })).toEqual(series([0, 0, 2]));
    expect(await values({ ...berlin, metric: 'gross', currency: 'USD' })).toEqual(
      series([24000, 0, 0]),
    );
    expect(await values({ ...berlin, metric: 'gross', currency: 'EUR' })).toEqual(
      series([0, 9000, 0]),
    );
    expect(await values({ ...berlin, metric: 'platform_fees', currency: 'USD' })).toEqual(
      series([3600, 0, -900]),
    );
    expect(await values({ ...berlin, metric: 'refunds', currency: 'EUR' })).toEqual(
      series([0, 0, 3000]),
    );
    // The same facts by UTC days.
    const utc = await values({ ...period, to: '2027-03-30', metric: 'bookings_created' });
    expect(utc.map((point) => point.value)).toEqual([8, 0, 0]);
    const cancelledUtc = await values({
      ...period,
      to: '2027-03-30',
      metric: 'bookings_cancelled',
    });
    expect(cancelledUtc.map((point) => point.value)).toEqual([0, 4, 0]);

    // Open all week: 10080 minutes a week, 2880 over the two days.
    const board = await get('/admin/analytics/tutors', admin, period);
    expect(board.body.meta).toEqual({ page: 1, limit: 20, total: 2 });
    const rows = new Map(
      board.body.data.map((row: { tutorId: string }) => [row.tutorId, row] as const),
    );
    expect(rows.get(usdTutor.id)).toEqual({
      tutorId: usdTutor.id,
      lessons: 1,
      revenue: [{ currency: 'USD', gross: 24000, net: 24000 - 2700 - 6000 }],
      rating: 5,
      reviews: 1,
      cancellationRate: 0.5,
      utilization: 0.0208,
      bookingsCreated: 6,
      bookingsCancelled: 3,
      bookedMinutes: 60,
      availableMinutes: 2880,
    });
    expect(rows.get(eurTutor.id)).toEqual({
      tutorId: eurTutor.id,
      lessons: 1,
      revenue: [{ currency: 'EUR', gross: 9000, net: 9000 - 900 - 3000 }],
      rating: 4,
      reviews: 1,
      cancellationRate: 0.5,
      utilization: 0.0417,
      bookingsCreated: 2,
      bookingsCancelled: 1,
      bookedMinutes: 120,
      availableMinutes: 2880,
    });
    const byRevenue = await get('/admin/analytics/tutors', admin, {
      ...period,
      sort: 'revenue',
      currency: 'EUR',
    });
    expect(byRevenue.body.data.map((row: { tutorId: string }) => row.tutorId)).toEqual([
      eurTutor.id,
      usdTutor.id,
    ]);

    const own = await get('/tutors/me/analytics', usdTutor, period);
    expect(own.body).toMatchObject({
      lessons: 1,
      earnings: [{ currency: 'USD', gross: 24000, fees: 2700, refunds: 6000, net: 15300 }],
      rating: 5,
      cancellationRate: 0.5,
      utilization: 0.0208,
    });

    const cohorts = await get('/admin/analytics/cohorts', admin, {
      from: '2027-03-01',
      to: '2027-04-01',
    });
    expect(cohorts.body).toEqual([{ cohort: '2027-03', students: 2, months: [2] }]);

    // The taught dollar student booked the same tutor twice; six students booked and paid.
    const repeat = await get('/admin/analytics/repeat-bookings', admin, period);
    expect(repeat.body).toMatchObject({ students: 6, repeatStudents: 1, rate: 0.1667 });
  }

  it('every endpoint gives the scripted totals', async () => {
    await checkEveryEndpoint();
  });

  it('and the same after every event arrives again: twice, in reverse and shuffled', async () => {
    const events = await projectedEvents(t);
    const shuffled = [...events].sort((a, b) => (a.id < b.id ? -1 : 1));
    await deliverToSubscribers(t, [...events].reverse());
    await deliverToSubscribers(t, shuffled);
    await deliverToSubscribers(t, events);
    await checkEveryEndpoint();
  });
});
