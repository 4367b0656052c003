import { Clock, ControllableClock, EventBus, UnitOfWork } from '@etutors/platform';
import { PaymentSucceeded } from '@etutors/billing/events';
import { LessonCompleted } from '@etutors/tutoring/events';
import { BookingSchedules } from '../../libs/scheduling/src/application/booking-schedules.js';
import { given, WITH_ADMIN, type Actor } from '../support/given.js';
import { eventually, startTestApp, type TestApp } from '../support/test-app.js';
import { book, DAY, HOUR, openAllWeek, startAt } from './support.js';

describe('availability, time off and the booking lifecycle over time', () => {
  let t: TestApp;
  let admin: Actor;
  let tutor: Actor;
  let student: Actor;
  let subjectId: string;
  const clock = new ControllableClock(new Date());

  beforeAll(async () => {
    t = await startTestApp({
      // The clock moves days ahead here, and access tokens expire by that same clock.
      env: { ...WITH_ADMIN, ACCESS_TOKEN_TTL: String((60 * DAY) / 1000) },
      override: (builder) => builder.overrideProvider(Clock).useValue(clock),
    });
    admin = await given(t).admin();
    subjectId = (await given(t).subject(admin)).id;
    tutor = await given(t).approvedTutor(admin, { subjectIds: [subjectId] });
    await openAllWeek(t, tutor);
    student = await given(t).student();
  });
  afterAll(() => t.close());
  afterEach(() => clock.set(new Date()));

  const events = async (aggregateId: string) =>
    (await t.dataSource.query(
      `SELECT type, payload FROM platform.outbox WHERE aggregate_id = $1 ORDER BY occurred_at`,
      [aggregateId],
    )) as {
      type: string;
      payload: Record<string, unknown>;
    }[];
  const pay = (bookingId: string, amount: number) =>
    t.get(UnitOfWork).run((tx) =>
      t.get(EventBus).publish(tx, PaymentSucceeded, {
        aggregateId: `payment-${bookingId}`,
        payload: {
          paymentId: `pay-${bookingId}`,
          bookingId,
          studentId: student.id,
          tutorId: tutor.id,
          amount,
          currency: 'USD',
          platformFee: Math.round(amount * 0.15),
        },
      }),
    );
  const statusOf = async (id: string) =>
    (await t.http().get(`/api/v1/bookings/${id}`).set(student.auth)).body.status as string;

  it('stores weekly windows and answers invalid ones with 400 naming the field', async () => {
    const body = {
      timezone: 'Europe/Berlin',
      weekly: [
        { weekday: 1, start: '09:00', end: '12:00' },
        { weekday: 1, start: '13:00', end: '17:00' },
      ],
      bufferMinutes: 10,
      minNoticeMinutes: 120,
      maxAdvanceDays: 30,
    };
    const other = await given(t).approvedTutor(admin, { subjectIds: [subjectId] });
    expect(
      (await t.http().put('/api/v1/tutors/me/availability').set(other.auth).send(body)).status,
    ).toBe(200);
    expect((await t.http().get('/api/v1/tutors/me/availability').set(other.auth)).body).toEqual(
      body,
    );

    const invalid: [Record<string, unknown>, string][] = [
      [
        {
          weekly: [
            { weekday: 1, start: '09:00', end: '12:00' },
            { weekday: 1, start: '11:00', end: '13:00' },
          ],
        },
        'weekly.1',
      ],
      [{ weekly: [{ weekday: 2, start: '25:00', end: '26:00' }] }, 'weekly.0.start'],
      [{ weekly: [{ weekday: 2, start: '09:10', end: '10:00' }] }, 'weekly.0.start'],
      [{ weekly: [{ weekday: 2, start: '10:00', end: '09:00' }] }, 'weekly.0.end'],
      [{ weekly: [{ weekday: 8, start: '09:00', end: '10:00' }] }, 'weekly.0.weekday'],
      [{ timezone: 'Moon/Base' }, 'timezone'],
      [{ bufferMinutes: 121 }, 'bufferMinutes'],
      [{ maxAdvanceDays: 0 }, 'maxAdvanceDays'],
    ];
    for (const [change, field] of invalid) {
      const res = await t
        .http()
        .put('/api/v1/tutors/me/availability')
        .set(other.auth)
        .send({ ...body, ...change });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect((await t.http().get('/api/v1/tutors/me/availability').set(other.auth)).body).toEqual(
      body,
    );
    expect(
      (await t.http().put('/api/v1/tutors/me/availability').set(student.auth).send(body)).status,
    ).toBe(403);
  });

  it('removes time off from the slots and reports (never cancels) bookings inside it', async () => {
    const held = await book(t, student, tutor, subjectId, startAt(2, 10));
    expect(held.status).toBe(201);
    const res = await t
      .http()
      .post('/api/v1/tutors/me/time-off')
      .set(tutor.auth)
      .send({ startsAt: startAt(2, 8), endsAt: startAt(2, 14), reason: 'dentist' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ reason: 'dentist', conflictingBookingIds: [held.body.id] });
    expect(await statusOf(held.body.id)).toBe('pending_payment');
    const slots = await t
      .http()
      .get(`/api/v1/tutors/${tutor.id}/slots`)
      .query({ from: startAt(2, 6), to: startAt(2, 16), duration: 30 });
    const starts = slots.body.map((s: { startsAt: string }) => s.startsAt);
    expect(starts).toContain(startAt(2, 7, 30));
    expect(starts).not.toContain(startAt(2, 8));
    expect(starts).not.toContain(startAt(2, 13, 30));
    expect(starts).toContain(startAt(2, 14));
    const refused = await book(t, await given(t).student(), tutor, subjectId, startAt(2, 12));
    expect(refused.status).toBe(422);

    expect(
      (await t.http().delete(`/api/v1/tutors/me/time-off/${res.body.id}`).set(tutor.auth)).status,
    ).toBe(204);
    expect(
      (await t.http().delete(`/api/v1/tutors/me/time-off/${res.body.id}`).set(tutor.auth)).status,
    ).toBe(404);
    const bad = await t
      .http()
      .post('/api/v1/tutors/me/time-off')
      .set(tutor.auth)
      .send({ startsAt: startAt(3, 10), endsAt: startAt(3, 9) });
    expect(bad.status).toBe(400);
  });

  it('expires an unpaid hold when it runs out, freeing the slot', async () => {
    const startsAt = startAt(4, 9);
    const held = await book(t, student, tutor, subjectId, startsAt);
    const schedules = t.get(BookingSchedules);
    expect(await schedules.expireHolds()).toBe(0);
    clock.advance(16 * 60_000);
    expect(await schedules.expireHolds()).toBeGreaterThanOrEqual(1);
    expect(await statusOf(held.body.id)).toBe('expired');
    expect((await events(held.body.id)).map((e) => e.type)).toEqual([
      'scheduling.booking.requested',
      'scheduling.booking.expired',
    ]);
    expect((await book(t, await given(t).student(), tutor, subjectId, startsAt)).status).toBe(201);
    clock.set(new Date());
  });

  it('asks billing to refund a payment that arrives after the hold expired', async () => {
    const held = await book(t, student, tutor, subjectId, startAt(5, 9));
    clock.advance(20 * 60_000);
    await pay(held.body.id, held.body.price.amount);
    await eventually(async () =>
      (await events(held.body.id)).some(
        (e) => e.type === 'scheduling.booking.payment_after_expiry',
      ),
    );
    expect(await statusOf(held.body.id)).toBe('expired');
    const late = (await events(held.body.id)).find(
      (e) => e.type === 'scheduling.booking.payment_after_expiry',
    )!;
    expect(late.payload).toMatchObject({
      bookingId: held.body.id,
      paymentId: `pay-${held.body.id}`,
      amount: held.body.price.amount,
    });
    clock.set(new Date());
  });

  it('completes a confirmed booking when its lesson is completed', async () => {
    const held = await book(t, student, tutor, subjectId, startAt(6, 9));
    await pay(held.body.id, held.body.price.amount);
    await eventually(async () => (await statusOf(held.body.id)) === 'confirmed');
    await t.get(UnitOfWork).run((tx) =>
      t.get(EventBus).publish(tx, LessonCompleted, {
        aggregateId: 'lesson-x',
        actorId: tutor.id,
        payload: {
          lessonId: 'lesson-x',
          bookingId: held.body.id,
          tutorId: tutor.id,
          studentId: student.id,
          completedAt: new Date().toISOString(),
          completedBy: 'tutor',
        },
      }),
    );
    await eventually(async () => (await statusOf(held.body.id)) === 'completed');
    const cancel = await t
      .http()
      .post(`/api/v1/bookings/${held.body.id}/cancel`)
      .set(student.auth)
      .send({});
    expect(cancel.status).toBe(409);
  });

  it('publishes the 24 h and 1 h reminders exactly once each, even with two workers at it', async () => {
    const held = await book(t, student, tutor, subjectId, startAt(8, 9));
    await pay(held.body.id, held.body.price.amount);
    await eventually(async () => (await statusOf(held.body.id)) === 'confirmed');
    const schedules = t.get(BookingSchedules);
    const reminders = async () =>
      (await events(held.body.id))
        .filter((e) => e.type === 'scheduling.booking.reminder_due')
        .map((e) => e.payload.before);

    clock.set(new Date(Date.parse(startAt(8, 9)) - 30 * HOUR));
    await Promise.all([schedules.sendReminders(), schedules.sendReminders()]);
    expect(await reminders()).toEqual([]);

    clock.set(new Date(Date.parse(startAt(8, 9)) - 23 * HOUR));
    await Promise.all([schedules.sendReminders(), schedules.sendReminders()]);
    await Promise.all([schedules.sendReminders(), schedules.sendReminders()]);
    expect(await reminders()).toEqual(['24h']);

    clock.set(new Date(Date.parse(startAt(8, 9)) - 30 * 60_000));
    await Promise.all([schedules.sendReminders(), schedules.sendReminders()]);
    await schedules.sendReminders();
    expect(await reminders()).toEqual(['24h', '1h']);
    clock.set(new Date());
  });

  it('keeps slots within the maximum advance and after the minimum notice', async () => {
    const strict = await given(t).approvedTutor(admin, { subjectIds: [subjectId] });
    await openAllWeek(t, strict, { minNoticeMinutes: 24 * 60, maxAdvanceDays: 3 });
    const slots = await t
      .http()
      .get(`/api/v1/tutors/${strict.id}/slots`)
      .query({
        from: new Date().toISOString(),
        to: new Date(Date.now() + 6 * DAY).toISOString(),
        duration: 60,
      });
    const starts = slots.body.map((s: { startsAt: string }) => Date.parse(s.startsAt));
    expect(Math.min(...starts)).toBeGreaterThanOrEqual(Date.now() + DAY - 60_000);
    expect(Math.max(...starts)).toBeLessThanOrEqual(Date.now() + 3 * DAY);
  });

  it('never holds an unpaid booking past the lesson start', async () => {
    const startsAt = startAt(9, 9);
    clock.set(new Date(Date.parse(startsAt) - 10 * 60_000));
    const soon = await book(t, student, tutor, subjectId, startsAt);
    expect(soon.status).toBe(201);
    expect(soon.body.holdExpiresAt).toBe(startsAt);
    clock.set(new Date(Date.parse(startsAt)));
    expect(await t.get(BookingSchedules).expireHolds()).toBeGreaterThanOrEqual(1);
    expect(await statusOf(soon.body.id)).toBe('expired');
  });

  it('bounds time off: refused once ended (time_off.in_past) or longer than 365 days (time_off.too_long)', async () => {
    const away = await given(t).approvedTutor(admin, { subjectIds: [subjectId] });
    const now = clock.now().getTime();
    const at = (ms: number) => new Date(ms).toISOString();
    const take = (startsAt: string, endsAt: string) =>
      t.http().post('/api/v1/tutors/me/time-off').set(away.auth).send({ startsAt, endsAt });

    const ended = await take(at(now - 3 * DAY), at(now - DAY));
    expect(ended.status).toBe(422);
    expect(ended.body.code).toBe('time_off.in_past');
    const tooLong = await take(at(now + DAY), at(now + DAY + 365 * DAY + 60_000));
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.code).toBe('time_off.too_long');
    expect((await t.http().get('/api/v1/tutors/me/time-off').set(away.auth)).body).toEqual([]);

    const ongoing = await take(at(now - HOUR), at(now + HOUR));
    expect(ongoing.status).toBe(201);
    const aYear = await take(at(now + DAY), at(now + DAY + 365 * DAY));
    expect(aYear.status).toBe(201);
  });

  it('lists the tutor’s own time off that has not ended yet, soonest first (GET /tutors/me/time-off)', async () => {
    const away = await given(t).approvedTutor(admin, { subjectIds: [subjectId] });
    await openAllWeek(t, away);
    const other = await given(t).approvedTutor(admin, { subjectIds: [subjectId] });
    const now = clock.now().getTime();
    const take = (who: Actor, startsAt: string, endsAt: string, reason: string) =>
      t.http().post('/api/v1/tutors/me/time-off').set(who.auth).send({ startsAt, endsAt, reason });

    const held = await book(t, student, away, subjectId, startAt(20, 10));
    expect(held.status).toBe(201);
    const conference = (await take(away, startAt(20, 8), startAt(21, 8), 'conference')).body;
    const dentist = (await take(away, startAt(3, 8), startAt(3, 12), 'dentist')).body;
    const errand = (
      await take(
        away,
        new Date(now + HOUR).toISOString(),
        new Date(now + 3 * HOUR).toISOString(),
        'errand',
      )
    ).body;
    await take(other, startAt(4, 8), startAt(4, 9), 'not yours');

    const listed = await t.http().get('/api/v1/tutors/me/time-off').set(away.auth);
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([
      { ...errand, conflictingBookingIds: [] },
      { ...dentist, conflictingBookingIds: [] },
      { ...conference, conflictingBookingIds: [held.body.id] },
    ]);

    clock.advance(4 * HOUR);
    const later = await t.http().get('/api/v1/tutors/me/time-off').set(away.auth);
    expect(later.body.map((entry: { reason: string }) => entry.reason)).toEqual([
      'dentist',
      'conference',
    ]);
    expect((await t.http().get('/api/v1/tutors/me/time-off').set(student.auth)).status).toBe(403);
  });
});
