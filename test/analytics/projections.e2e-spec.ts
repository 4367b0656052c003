import { ControllableClock } from '@etutors/platform';
import { marketplace, type Marketplace } from '../billing/support/marketplace.js';
import { startAppOnClock } from '../billing/support/money-out.js';
import { given, type Actor } from '../support/given.js';
import { eventually, type TestApp } from '../support/test-app.js';
import {
  analyticsCaughtUp,
  analyticsTables,
  deliverToSubscribers,
  projectedEvents,
  storyCalendar,
  truncateReadModels,
} from './support.js';

const MINUTE = 60_000;

const { day0, at } = storyCalendar();
const dayOf = (days: number) => at(days).toISOString().slice(0, 10);

describe('analytics projections: facts and daily aggregates from the events of real flows', () => {
  const clock = new ControllableClock(day0);
  let t: TestApp;
  let market: Marketplace;
  let tutor: Actor;
  let admin: Actor;
  const story = {} as Record<
    'cancelledEarly' | 'completed' | 'cancelledLate' | 'unpaid',
    { student: Actor; bookingId: string }
  >;

  beforeAll(async () => {
    t = await startAppOnClock(clock, { env: { PLATFORM_FEE_BPS: '1500' } });
    market = await marketplace(t);
    ({ tutor, admin } = market);

    // Day 0: four students book the tutor (4000 USD an hour, 15 % fee); three pay.
    story.cancelledEarly = await market.paidBooking({
      startsAt: at(3, 10).toISOString(),
      minutes: 90,
    });
    story.completed = await market.paidBooking({ startsAt: at(0, 10).toISOString(), minutes: 60 });
    story.cancelledLate = await market.paidBooking({
      startsAt: at(1, 20).toISOString(),
      minutes: 90,
    });
    story.unpaid = await market.bookedStudent({ startsAt: at(5, 10).toISOString(), minutes: 60 });
    await analyticsCaughtUp(t);

    // Day 1: two cancellations by their students (49 h and 11 h ahead), one lesson completed
    // and reviewed, and the unpaid student made a tutor too.
    clock.set(at(1));
    const cancel = (booking: { student: Actor; bookingId: string }) =>
      t
        .http()
        .post(`/api/v1/bookings/${booking.bookingId}/cancel`)
        .set(booking.student.auth)
        .send({ reason: 'plans changed' })
        .expect(200);
    await cancel(story.cancelledEarly);
    await cancel(story.cancelledLate);
    const lesson = await eventually(async () => {
      const res = await t
        .http()
        .get('/api/v1/lessons')
        .query({ bookingId: story.completed.bookingId })
        .set(story.completed.student.auth);
      return res.body.data[0] as { id: string } | undefined;
    });
    await t.http().post(`/api/v1/lessons/${lesson.id}/complete`).set(tutor.auth).expect(200);
    await t
      .http()
      .post(`/api/v1/lessons/${lesson.id}/review`)
      .set(story.completed.student.auth)
      .send({ rating: 4 })
      .expect(201);
    await t
      .http()
      .patch(`/api/v1/admin/users/${story.unpaid.student.id}`)
      .set(admin.auth)
      .send({ roles: ['student', 'tutor'] })
      .expect(200);
    // Billing refunds the cancellations from their events; wait for its refund events too.
    await eventually(async () => {
      const [{ refunds }] = await t.dataSource.query(
        `SELECT count(*)::int AS refunds FROM platform.outbox WHERE type = 'billing.refund.issued'`,
      );
      return refunds === 2;
    });
    await analyticsCaughtUp(t);
  });
  afterAll(() => t.close());

  const tutorDays = () =>
    t.dataSource.query(
      `SELECT day::text AS day, currency, bookings_created, bookings_confirmed, bookings_cancelled,
              confirmed_cancelled, lessons_completed, completed_minutes::int, booked_minutes::int,
              gross::int, platform_fees::int, refunds::int, fees_reversed::int
         FROM analytics.daily_tutor_stats WHERE tutor_id = $1 ORDER BY day`,
      [tutor.id],
    );

  it('keeps one fact per booking with every column its events bring', async () => {
    const facts = await t.dataSource.query(
      `SELECT booking_id, subject_id, starts_at, ends_at, price_amount::int, currency, requested_at,
              confirmed_at, cancelled_at, cancelled_by, cancelled_was_confirmed,
              cancelled_hours_before::float8 AS hours_before, refund_amount::int, expired_at, completed_at
         FROM analytics.bookings WHERE tutor_id = $1`,
      [tutor.id],
    );
    const byId = new Map(facts.map((fact: { booking_id: string }) => [fact.booking_id, fact]));
    const common = { subject_id: market.subjectId, currency: 'USD', requested_at: day0 };
    expect(byId.get(story.cancelledEarly.bookingId)).toEqual({
      ...common,
      booking_id: story.cancelledEarly.bookingId,
      starts_at: at(3, 10),
      ends_at: new Date(at(3, 10).getTime() + 90 * MINUTE),
      price_amount: 6000,
      confirmed_at: day0,
      cancelled_at: at(1),
      cancelled_by: 'student',
      cancelled_was_confirmed: true,
      hours_before: 49,
      refund_amount: 6000,
      expired_at: null,
      completed_at: null,
    });
    expect(byId.get(story.cancelledLate.bookingId)).toMatchObject({
      cancelled_at: at(1),
      hours_before: 11,
      refund_amount: 3000,
    });
    expect(byId.get(story.completed.bookingId)).toMatchObject({
      price_amount: 4000,
      confirmed_at: day0,
      cancelled_at: null,
      completed_at: at(1),
    });
    expect(byId.get(story.unpaid.bookingId)).toMatchObject({
      price_amount: 4000,
      confirmed_at: null,
      cancelled_at: null,
    });
    expect(facts).toHaveLength(4);
  });

  it('keeps payments, refunds with the fee they reversed, reviews and users', async () => {
    expect(
      await t.dataSource.query(
        `SELECT booking_id, currency, gross::int, platform_fee::int, succeeded_at
           FROM analytics.payments WHERE tutor_id = $1 ORDER BY gross, booking_id`,
        [tutor.id],
      ),
    ).toEqual(
      [
        { booking_id: story.completed.bookingId, gross: 4000, platform_fee: 600 },
        ...[story.cancelledEarly, story.cancelledLate]
          .map(({ bookingId }) => bookingId)
          .sort()
          .map((bookingId) => ({ booking_id: bookingId, gross: 6000, platform_fee: 900 })),
      ].map((payment) => ({ ...payment, currency: 'USD', succeeded_at: day0 })),
    );
    expect(
      await t.dataSource.query(
        `SELECT booking_id, amount::int, fee_reversed::int, source, refunded_at
           FROM analytics.refunds WHERE tutor_id = $1 ORDER BY amount`,
        [tutor.id],
      ),
    ).toEqual([
      {
        booking_id: story.cancelledLate.bookingId,
        amount: 3000,
        fee_reversed: 450,
        source: 'cancellation',
        refunded_at: at(1),
      },
      {
        booking_id: story.cancelledEarly.bookingId,
        amount: 6000,
        fee_reversed: 900,
        source: 'cancellation',
        refunded_at: at(1),
      },
    ]);
    expect(
      await t.dataSource.query(
        `SELECT student_id, rating, submitted_at FROM analytics.reviews WHERE tutor_id = $1`,
        [tutor.id],
      ),
    ).toEqual([{ student_id: story.completed.student.id, rating: 4, submitted_at: at(1) }]);
    const users = await t.dataSource.query(
      `SELECT user_id, roles, roles_as_of, registered_at FROM analytics.users WHERE user_id = ANY($1)`,
      [[tutor.id, story.completed.student.id, story.unpaid.student.id]],
    );
    expect(new Map(users.map((user: { user_id: string }) => [user.user_id, user]))).toEqual(
      new Map([
        [tutor.id, { user_id: tutor.id, roles: ['tutor'], roles_as_of: day0, registered_at: day0 }],
        [
          story.completed.student.id,
          {
            user_id: story.completed.student.id,
            roles: ['student'],
            roles_as_of: day0,
            registered_at: day0,
          },
        ],
        [
          story.unpaid.student.id,
          {
            user_id: story.unpaid.student.id,
            roles: ['student', 'tutor'],
            roles_as_of: at(1),
            registered_at: day0,
          },
        ],
      ]),
    );
  });

  it('keeps the daily aggregates: each count on its own UTC day, money per currency', async () => {
    const none = {
      bookings_created: 0,
      bookings_confirmed: 0,
      bookings_cancelled: 0,
      confirmed_cancelled: 0,
      lessons_completed: 0,
      completed_minutes: 0,
      booked_minutes: 0,
      gross: 0,
      platform_fees: 0,
      refunds: 0,
      fees_reversed: 0,
    };
    expect(await tutorDays()).toEqual([
      {
        ...none,
        day: dayOf(0),
        currency: 'USD',
        bookings_created: 4,
        bookings_confirmed: 3,
        // The completed lesson's hour; the cancelled ones were taken back from their days.
        booked_minutes: 60,
        gross: 16000,
        platform_fees: 2400,
      },
      {
        ...none,
        day: dayOf(1),
        currency: 'USD',
        bookings_cancelled: 2,
        confirmed_cancelled: 2,
        lessons_completed: 1,
        completed_minutes: 60,
        refunds: 9000,
        fees_reversed: 1350,
      },
    ]);
    expect(
      await t.dataSource.query(
        `SELECT day::text AS day, reviews, rating_sum FROM analytics.daily_tutor_reviews WHERE tutor_id = $1`,
        [tutor.id],
      ),
    ).toEqual([{ day: dayOf(1), reviews: 1, rating_sum: 4 }]);
    const activity = await t.dataSource.query(
      `SELECT day::text AS day, role, user_id FROM analytics.daily_activity ORDER BY day, role, user_id`,
    );
    const row = (days: number, role: string, user: Actor) => ({
      day: dayOf(days),
      role,
      user_id: user.id,
    });
    const sorted = (rows: { day: string; role: string; user_id: string }[]) =>
      [...rows].sort(
        (a, b) =>
          a.day.localeCompare(b.day) ||
          a.role.localeCompare(b.role) ||
          a.user_id.localeCompare(b.user_id),
      );
    expect(activity).toEqual(
      sorted([
        ...Object.values(story).map(({ student }) => row(0, 'student', student)),
        row(0, 'tutor', tutor),
        row(1, 'student', story.completed.student),
        row(1, 'tutor', tutor),
      ]),
    );
  });

  it('changes nothing when every event is delivered again, in order or in reverse', async () => {
    const before = await analyticsTables(t);
    const events = await projectedEvents(t);
    expect(events.length).toBeGreaterThan(20);
    await deliverToSubscribers(t, events);
    expect(await analyticsTables(t)).toEqual(before);
    await deliverToSubscribers(t, [...events].reverse());
    expect(await analyticsTables(t)).toEqual(before);
  });

  it('ends at the same read models when the events first arrive in reverse order', async () => {
    const before = await analyticsTables(t);
    const events = await projectedEvents(t);
    await truncateReadModels(t);
    await deliverToSubscribers(t, [...events].reverse());
    expect(await analyticsTables(t)).toEqual(before);
  });

  it('keeps each weekly availability a tutor saves, as of when it was saved', async () => {
    clock.set(at(2));
    await t
      .http()
      .put('/api/v1/tutors/me/availability')
      .set(tutor.auth)
      .send({
        timezone: 'Europe/Berlin',
        weekly: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '17:00' })),
        bufferMinutes: 0,
        minNoticeMinutes: 0,
        maxAdvanceDays: 60,
      })
      .expect(200);
    const history = () =>
      t.dataSource.query(
        `SELECT effective_at, weekly_minutes FROM analytics.tutor_availability
          WHERE tutor_id = $1 ORDER BY effective_at`,
        [tutor.id],
      );
    await eventually(async () => (await history()).length === 2);
    expect(await history()).toEqual([
      { effective_at: day0, weekly_minutes: 7 * 24 * 60 },
      { effective_at: at(2), weekly_minutes: 5 * 8 * 60 },
    ]);
    const [event] = await t.dataSource.query(
      `SELECT payload FROM platform.outbox WHERE type = 'scheduling.availability.changed'
        ORDER BY occurred_at DESC LIMIT 1`,
    );
    expect(event.payload).toEqual({
      tutorId: tutor.id,
      timezone: 'Europe/Berlin',
      weeklyMinutes: 2400,
    });
  });

  it('projects a student who registers', async () => {
    const student = await given(t).student();
    await eventually(
      async () =>
        (
          await t.dataSource.query(
            `SELECT roles, registered_at FROM analytics.users WHERE user_id = $1`,
            [student.id],
          )
        )[0],
    );
    expect(
      await t.dataSource.query(
        `SELECT roles, registered_at FROM analytics.users WHERE user_id = $1`,
        [student.id],
      ),
    ).toEqual([{ roles: ['student'], registered_at: at(2) }]);
  });
});
