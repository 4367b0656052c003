import { EventBus, UnitOfWork } from '@etutors/platform';
import { PaymentSucceeded } from '@etutors/billing/events';
import { DateTime } from 'luxon';
import { given, WITH_ADMIN, type Actor } from '../support/given.js';
import { eventually, startTestApp, type TestApp } from '../support/test-app.js';
import { racingOnLimit } from './limits-support.js';
import { book, openAllWeek, startAt } from './support.js';

const ZONE = 'America/New_York';

describe('booking limits: lessons per tutor day and week (in their zone), unpaid bookings per student', () => {
  let t: TestApp;
  let admin: Actor;
  let subjectId: string;

  beforeAll(async () => {
    t = await startTestApp({ env: WITH_ADMIN });
    admin = await given(t).admin();
    subjectId = (await given(t).subject(admin)).id;
  });
  afterAll(() => t.close());

  const limitedTutor = async (
    limits: { maxLessonsPerDay: number | null; maxLessonsPerWeek: number | null },
    timezone = ZONE,
  ) => {
    const tutor = await given(t).approvedTutor(admin, {
      subjectIds: [subjectId],
      rate: 4000,
      currency: 'USD',
    });
    await openAllWeek(t, tutor, { timezone });
    const res = await t
      .http()
      .put('/api/v1/tutors/me/booking-settings')
      .set(tutor.auth)
      .send({
        ...limits,
        requiresConfirmation: false,
        trialEnabled: false,
        trialPriceAmount: null,
      });
    expect(res.status).toBe(200);
    return tutor;
  };
  /** Local wall-clock time in New York, `days` after the first Monday at least two days ahead. */
  const firstMonday = DateTime.now()
    .setZone(ZONE)
    .plus({ days: 2 })
    .startOf('week')
    .plus({ weeks: 1 });
  const nyTime = (days: number, hour: number, minute = 0) =>
    firstMonday
      .plus({ days })
      .set({ hour, minute })
      .toUTC()
      .toISO({ suppressMilliseconds: false })!;
  const bookAs = async (tutor: Actor, startsAt: string, durationMinutes = 60) =>
    book(t, await given(t).student(), tutor, subjectId, startsAt, durationMinutes);
  const slotStarts = async (tutor: Actor, from: string, to: string) => {
    const res = await t
      .http()
      .get(`/api/v1/tutors/${tutor.id}/slots`)
      .query({ from, to, duration: 60 });
    expect(res.status).toBe(200);
    return res.body.map((slot: { startsAt: string }) => slot.startsAt) as string[];
  };
  const pay = (booking: {
    id: string;
    studentId: string;
    tutorId: string;
    price: { amount: number };
  }) =>
    t.get(UnitOfWork).run((tx) =>
      t.get(EventBus).publish(tx, PaymentSucceeded, {
        aggregateId: booking.id,
        payload: {
          paymentId: `pay-${booking.id}`,
          bookingId: booking.id,
          studentId: booking.studentId,
          tutorId: booking.tutorId,
          amount: booking.price.amount,
          currency: 'USD',
          platformFee: 0,
        },
      }),
    );
  const statusOf = async (actor: Actor, id: string) =>
    (await t.http().get(`/api/v1/bookings/${id}`).set(actor.auth)).body.status as string;

  it('stores the settings, answers 400 naming the field for contradicting or out-of-range ones', async () => {
    const tutor = await given(t).approvedTutor(admin, { subjectIds: [subjectId], currency: 'USD' });
    const initial = await t.http().get('/api/v1/tutors/me/booking-settings').set(tutor.auth);
    expect(initial.status).toBe(200);
    expect(initial.body).toEqual({
      maxLessonsPerDay: null,
      maxLessonsPerWeek: null,
      requiresConfirmation: false,
      trialEnabled: false,
      trialPriceAmount: null,
      trialPrice: null,
      tutorResponseHours: 24,
      updatedAt: null,
    });
    const put = (body: Record<string, unknown>) =>
      t.http().put('/api/v1/tutors/me/booking-settings').set(tutor.auth).send(body);
    const valid = {
      maxLessonsPerDay: 4,
      maxLessonsPerWeek: 12,
      requiresConfirmation: true,
      trialEnabled: true,
      trialPriceAmount: 900,
    };
    const saved = await put(valid);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      ...valid,
      trialPrice: { amount: 900, currency: 'USD' },
      updatedAt: expect.any(String),
    });
    expect((await t.http().get('/api/v1/tutors/me/booking-settings').set(tutor.auth)).body).toEqual(
      saved.body,
    );

    const refused = async (body: Record<string, unknown>, field: string) => {
      const res = await put(body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    };
    await refused({ ...valid, maxLessonsPerWeek: 3 }, 'maxLessonsPerWeek');
    await refused({ ...valid, trialPriceAmount: null }, 'trialPriceAmount');
    await refused({ ...valid, maxLessonsPerDay: 0 }, 'maxLessonsPerDay');
    await refused({ ...valid, maxLessonsPerDay: 2.5 }, 'maxLessonsPerDay');
    await refused({ ...valid, trialPriceAmount: -1 }, 'trialPriceAmount');
    await refused({ ...valid, requiresConfirmation: 'yes' }, 'requiresConfirmation');
    const { maxLessonsPerWeek: _dropped, ...withoutWeek } = valid;
    await refused(withoutWeek, 'maxLessonsPerWeek');
    const unknown = await put({ ...valid, maxLessonsPerMonth: 40 });
    expect(unknown.status).toBe(400);

    // Students neither read nor write a tutor's own settings.
    const student = await given(t).student();
    expect(
      (await t.http().get('/api/v1/tutors/me/booking-settings').set(student.auth)).status,
    ).toBe(403);
    expect(
      (await t.http().put('/api/v1/tutors/me/booking-settings').set(student.auth).send(valid))
        .status,
    ).toBe(403);
  });

  it('counts lessons per local day of the tutor (New York), and a full day has no slots', async () => {
    const tutor = await limitedTutor({ maxLessonsPerDay: 2, maxLessonsPerWeek: null });
    // Monday 22:00 and 23:00 in New York are already Tuesday in UTC.
    expect((await bookAs(tutor, nyTime(0, 22))).status).toBe(201);
    expect((await bookAs(tutor, nyTime(0, 23))).status).toBe(201);
    const full = await bookAs(tutor, nyTime(0, 10));
    expect(full.status).toBe(409);
    expect(full.body).toMatchObject({ code: 'booking.tutor_day_full', status: 409 });
    // Tuesday 00:30 in New York is the same UTC day as the two, and another day of the tutor.
    expect(nyTime(1, 0, 30).slice(0, 10)).toBe(nyTime(0, 22).slice(0, 10));
    expect((await bookAs(tutor, nyTime(1, 0, 30))).status).toBe(201);

    const monday = await slotStarts(tutor, nyTime(0, 0), nyTime(1, 0));
    expect(monday).toEqual([]);
    const tuesday = await slotStarts(tutor, nyTime(1, 0), nyTime(2, 0));
    // Tuesday holds one lesson of two: every quarter hour from 01:30 (after it) to 23:45.
    expect(tuesday[0]).toBe(nyTime(1, 1, 30));
    expect(tuesday.at(-1)).toBe(nyTime(1, 23, 45));
    expect(tuesday).toHaveLength(90);
  });

  it('counts lessons per local week (Monday to Sunday in New York); a full week has no slots', async () => {
    const tutor = await limitedTutor({ maxLessonsPerDay: null, maxLessonsPerWeek: 3 });
    // Monday 00:30 New York is Monday in UTC too; Sunday 23:00 New York is Monday in UTC.
    expect((await bookAs(tutor, nyTime(0, 0, 30))).status).toBe(201);
    expect((await bookAs(tutor, nyTime(2, 12))).status).toBe(201);
    expect((await bookAs(tutor, nyTime(6, 23))).status).toBe(201);
    const full = await bookAs(tutor, nyTime(4, 9));
    expect(full.status).toBe(409);
    expect(full.body.code).toBe('booking.tutor_week_full');
    // The next Monday 00:00 in New York starts a new week.
    expect((await bookAs(tutor, nyTime(7, 0))).status).toBe(201);

    expect(await slotStarts(tutor, nyTime(0, 0), nyTime(7, 0))).toEqual([]);
    const nextWeek = await slotStarts(tutor, nyTime(7, 0), nyTime(8, 0));
    expect(nextWeek[0]).toBe(nyTime(7, 1));
  });

  it('frees the day again when a lesson of it is cancelled', async () => {
    const tutor = await limitedTutor({ maxLessonsPerDay: 1, maxLessonsPerWeek: null });
    const student = await given(t).student();
    const first = await book(t, student, tutor, subjectId, nyTime(3, 9));
    expect(first.status).toBe(201);
    expect((await bookAs(tutor, nyTime(3, 15))).body.code).toBe('booking.tutor_day_full');
    await t.http().post(`/api/v1/bookings/${first.body.id}/cancel`).set(student.auth).send({});
    expect((await bookAs(tutor, nyTime(3, 15))).status).toBe(201);
  });

  it('refuses to move a lesson into a full day (409), but moves it within its own day', async () => {
    const tutor = await limitedTutor({ maxLessonsPerDay: 1, maxLessonsPerWeek: null });
    const student = await given(t).student();
    const wednesday = await book(t, student, tutor, subjectId, nyTime(2, 9));
    const thursday = await book(t, student, tutor, subjectId, nyTime(3, 9));
    for (const booking of [wednesday.body, thursday.body]) {
      await pay(booking);
      await eventually(async () => (await statusOf(student, booking.id)) === 'confirmed');
    }
    const move = (startsAt: string) =>
      t
        .http()
        .post(`/api/v1/bookings/${thursday.body.id}/reschedule`)
        .set(student.auth)
        .send({ startsAt });
    const intoFullDay = await move(nyTime(2, 14));
    expect(intoFullDay.status).toBe(409);
    expect(intoFullDay.body.code).toBe('booking.tutor_day_full');
    const sameDay = await move(nyTime(3, 16));
    expect(sameDay.status).toBe(200);
    expect(sameDay.body.startsAt).toBe(nyTime(3, 16));
  });

  it('never lets concurrent requests exceed the day limit: N + 2 racing requests, N booked', async () => {
    const limit = 3;
    const tutor = await limitedTutor({ maxLessonsPerDay: limit, maxLessonsPerWeek: null });
    const students = await Promise.all(Array.from({ length: limit + 2 }, () => given(t).student()));
    const results = await racingOnLimit(`scheduling.tutor-lessons:${tutor.id}`, limit + 2, () =>
      Promise.all(
        students.map((student, i) => book(t, student, tutor, subjectId, nyTime(4, 8 + 2 * i))),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(limit);
    expect(results.filter((r) => r.status !== 201).map((r) => [r.status, r.body.code])).toEqual([
      [409, 'booking.tutor_day_full'],
      [409, 'booking.tutor_day_full'],
    ]);
    const [{ held }] = await t.dataSource.query(
      `SELECT count(*)::int AS held FROM scheduling.bookings WHERE tutor_id = $1`,
      [tutor.id],
    );
    expect(held).toBe(limit);
  });

  it('lets a student hold at most MAX_UNPAID_BOOKINGS_PER_STUDENT (3) unpaid bookings, under concurrency too', async () => {
    const tutor = await limitedTutor({ maxLessonsPerDay: null, maxLessonsPerWeek: null }, 'UTC');
    const student = await given(t).student();
    const results = await racingOnLimit(`scheduling.student-unpaid:${student.id}`, 5, () =>
      Promise.all(
        [9, 11, 13, 15, 17].map((hour) => book(t, student, tutor, subjectId, startAt(5, hour))),
      ),
    );
    const booked = results.filter((r) => r.status === 201);
    expect(booked).toHaveLength(3);
    const refused = results.filter((r) => r.status !== 201);
    expect(refused.map((r) => [r.status, r.body.code])).toEqual([
      [409, 'booking.too_many_unpaid'],
      [409, 'booking.too_many_unpaid'],
    ]);
    expect(refused[0]!.body.limit).toBe(3);
    // A paid booking no longer counts: there is room for one more.
    await pay(booked[0]!.body);
    await eventually(async () => (await statusOf(student, booked[0]!.body.id)) === 'confirmed');
    expect((await book(t, student, tutor, subjectId, startAt(6, 9))).status).toBe(201);
    expect((await book(t, student, tutor, subjectId, startAt(6, 11))).body.code).toBe(
      'booking.too_many_unpaid',
    );
  });
});
