import { EventBus, UnitOfWork } from '@etutors/platform';
import { PaymentSucceeded } from '@etutors/billing/events';
import { given, WITH_ADMIN, type Actor } from '../support/given.js';
import { eventually, startTestApp, type TestApp } from '../support/test-app.js';
import { book, DAY, HOUR, openAllWeek, racingInserts, startAt } from './support.js';

describe('bookings', () => {
  let t: TestApp;
  let admin: Actor;
  let tutor: Actor;
  let student: Actor;
  let subjectId: string;

  beforeAll(async () => {
    t = await startTestApp({ env: WITH_ADMIN });
    admin = await given(t).admin();
    subjectId = (await given(t).subject(admin)).id;
    tutor = await given(t).approvedTutor(admin, {
      subjectIds: [subjectId],
      rate: 4000,
      currency: 'USD',
    });
    await openAllWeek(t, tutor, { bufferMinutes: 15 });
    student = await given(t).student();
  });
  afterAll(() => t.close());

  const pay = (bookingId: string, studentId: string, amount: number) =>
    t.get(UnitOfWork).run((tx) =>
      t.get(EventBus).publish(tx, PaymentSucceeded, {
        aggregateId: bookingId,
        payload: {
          paymentId: `pay-${bookingId}`,
          bookingId,
          studentId,
          tutorId: tutor.id,
          amount,
          currency: 'USD',
          platformFee: Math.round(amount * 0.15),
        },
      }),
    );

  const confirmed = async (who: Actor, startsAt: string, durationMinutes = 60) => {
    const res = await book(t, who, tutor, subjectId, startsAt, durationMinutes);
    expect(res.status).toBe(201);
    await pay(res.body.id, who.id, res.body.price.amount);
    await eventually(
      async () =>
        (await t.http().get(`/api/v1/bookings/${res.body.id}`).set(who.auth)).body.status ===
        'confirmed',
    );
    return res.body as { id: string; startsAt: string };
  };

  it('holds a requested slot as pending_payment, priced at rate × duration', async () => {
    const startsAt = startAt(3, 9);
    const res = await book(t, student, tutor, subjectId, startsAt, 90);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.any(String),
      status: 'pending_payment',
      tutorId: tutor.id,
      studentId: student.id,
      subjectId,
      startsAt,
      endsAt: new Date(Date.parse(startsAt) + 90 * 60_000).toISOString(),
      price: { amount: 6000, currency: 'USD' },
    });
    const hold = Date.parse(res.body.holdExpiresAt) - Date.now();
    expect(hold).toBeGreaterThan(14 * 60_000);
    expect(hold).toBeLessThanOrEqual(15 * 60_000);
    const [event] = await t.dataSource.query(
      `SELECT type FROM platform.outbox WHERE aggregate_id = $1`,
      [res.body.id],
    );
    expect(event.type).toBe('scheduling.booking.requested');
  });

  it('refuses a taken slot (409 booking.slot_taken), buffers included, and frees it when the booking is cancelled', async () => {
    const startsAt = startAt(4, 10);
    const first = await book(t, student, tutor, subjectId, startsAt);
    expect(first.status).toBe(201);
    const other = await given(t).student();
    const taken = await book(t, other, tutor, subjectId, startsAt);
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('booking.slot_taken');
    // Ends at 11:00 + 15 min buffer: 11:00 is too early, 11:15 is fine.
    expect((await book(t, other, tutor, subjectId, startAt(4, 11))).status).toBe(409);
    const slots = await t
      .http()
      .get(`/api/v1/tutors/${tutor.id}/slots`)
      .query({ from: startAt(4, 9), to: startAt(4, 13), duration: 60 });
    expect(slots.body.map((s: { startsAt: string }) => s.startsAt)).not.toContain(startsAt);
    expect(slots.body.map((s: { startsAt: string }) => s.startsAt)).toContain(startAt(4, 11, 15));
    await t.http().post(`/api/v1/bookings/${first.body.id}/cancel`).set(student.auth).send({});
    expect((await book(t, other, tutor, subjectId, startsAt)).status).toBe(201);
  });

  it('keeps a student from holding two overlapping bookings (409 booking.student_busy)', async () => {
    const otherTutor = await given(t).approvedTutor(admin, { subjectIds: [subjectId] });
    await openAllWeek(t, otherTutor);
    const busy = await given(t).student();
    expect((await book(t, busy, tutor, subjectId, startAt(5, 8))).status).toBe(201);
    const clash = await book(t, busy, otherTutor, subjectId, startAt(5, 8, 30));
    expect(clash.status).toBe(409);
    expect(clash.body.code).toBe('booking.student_busy');
  });

  it('answers 422 with a reason for starts that are not current slots', async () => {
    const picky = await given(t).approvedTutor(admin, { subjectIds: [subjectId] });
    await t
      .http()
      .put('/api/v1/tutors/me/availability')
      .set(picky.auth)
      .send({
        timezone: 'UTC',
        weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '09:00', end: '17:00' })),
        bufferMinutes: 0,
        minNoticeMinutes: 48 * 60,
        maxAdvanceDays: 10,
      });
    const cases: [string, string][] = [
      [startAt(5, 20), 'booking.outside_availability'],
      [startAt(1, 10), 'booking.within_notice'],
      [startAt(20, 10), 'booking.beyond_advance'],
      [startAt(5, 10, 5), 'booking.off_grid'],
    ];
    for (const [startsAt, code] of cases) {
      const res = await book(t, student, picky, subjectId, startsAt);
      expect(res.status).toBe(422);
      expect(res.body.code).toBe(code);
    }
    const otherSubject = await given(t).subject(admin);
    expect((await book(t, student, picky, otherSubject.id, startAt(5, 10))).body.code).toBe(
      'booking.subject_not_taught',
    );
    const pending = await given(t).tutor();
    expect((await book(t, student, pending, subjectId, startAt(5, 10))).body.code).toBe(
      'booking.tutor_not_bookable',
    );
    expect(
      (
        await t
          .http()
          .post('/api/v1/bookings')
          .set(tutor.auth)
          .send({ tutorId: tutor.id, subjectId, startsAt: startAt(5, 10), durationMinutes: 60 })
      ).status,
    ).toBe(403);
    expect((await book(t, student, tutor, subjectId, startAt(5, 10), 50)).status).toBe(400);
  });

  it('gives exactly one of 20 concurrent requests for the same slot', async () => {
    const students = await Promise.all(Array.from({ length: 20 }, () => given(t).student()));
    const startsAt = startAt(6, 12);
    const results = await Promise.all(students.map((s) => book(t, s, tutor, subjectId, startsAt)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
  });

  it('lets exactly one of concurrent requests with different but overlapping starts win', async () => {
    // Eight two-hour lessons starting a quarter of an hour apart: every two of them overlap.
    const base = Date.parse(startAt(7, 6));
    const attempts = Array.from({ length: 8 }, (_, i) => ({
      start: base + i * 15 * 60_000,
      end: base + i * 15 * 60_000 + 120 * 60_000,
    }));
    for (const a of attempts)
      for (const b of attempts) expect(a.start < b.end && b.start < a.end).toBe(true);
    const students = await Promise.all(attempts.map(() => given(t).student()));
    // All eight inserts wait inside their transactions until released together.
    const results = await racingInserts(attempts.length, () =>
      Promise.all(
        attempts.map((attempt, i) =>
          book(t, students[i]!, tutor, subjectId, new Date(attempt.start).toISOString(), 120),
        ),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status !== 201).map((r) => [r.status, r.body.code])).toEqual(
      Array.from({ length: 7 }, () => [409, 'booking.slot_taken']),
    );
  });

  it('confirms on payment (booking.confirmed, then a lesson), and records every transition', async () => {
    const booking = await confirmed(student, startAt(8, 9));
    const res = await t.http().get(`/api/v1/bookings/${booking.id}`).set(student.auth);
    expect(
      res.body.history.map((h: { from: string | null; to: string }) => [h.from, h.to]),
    ).toEqual([
      [null, 'pending_payment'],
      ['pending_payment', 'confirmed'],
    ]);
    const types = (
      await t.dataSource.query(
        `SELECT type FROM platform.outbox WHERE aggregate_id = $1 ORDER BY occurred_at`,
        [booking.id],
      )
    ).map((r: { type: string }) => r.type);
    expect(types).toEqual([
      'scheduling.booking.requested',
      'billing.payment.succeeded',
      'scheduling.booking.confirmed',
    ]);
    await eventually(
      async () =>
        (await t.http().get('/api/v1/lessons').query({ bookingId: booking.id }).set(tutor.auth))
          .body.data.length === 1,
    );
  });

  it('applies the cancellation policy: tutor full, student 24 h+ full, later half, after start nothing', async () => {
    const byTutor = await confirmed(student, startAt(9, 9));
    const tutorCancel = await t
      .http()
      .post(`/api/v1/bookings/${byTutor.id}/cancel`)
      .set(tutor.auth)
      .send({ reason: 'ill' });
    expect(tutorCancel.status).toBe(200);
    expect(tutorCancel.body).toMatchObject({
      status: 'cancelled',
      refund: { amount: 4000, currency: 'USD' },
    });

    const early = await confirmed(student, startAt(9, 12));
    expect(
      (await t.http().post(`/api/v1/bookings/${early.id}/cancel`).set(student.auth).send({})).body
        .refund.amount,
    ).toBe(4000);

    const late = await confirmed(
      student,
      new Date(Math.ceil((Date.now() + 5 * HOUR) / (15 * 60_000)) * 15 * 60_000).toISOString(),
    );
    expect(
      (await t.http().post(`/api/v1/bookings/${late.id}/cancel`).set(student.auth).send({})).body
        .refund.amount,
    ).toBe(2000);

    const again = await t
      .http()
      .post(`/api/v1/bookings/${late.id}/cancel`)
      .set(student.auth)
      .send({});
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('booking.invalid_transition');

    const [event] = await t.dataSource.query(
      `SELECT payload FROM platform.outbox WHERE aggregate_id = $1 AND type = 'scheduling.booking.cancelled'`,
      [late.id],
    );
    expect(event.payload).toMatchObject({
      cancelledBy: 'student',
      refund: { amount: 2000, currency: 'USD' },
      wasConfirmed: true,
    });
  });

  it('reschedules a confirmed booking into a free slot, 409 into a taken one, one winner among concurrent moves', async () => {
    const booking = await confirmed(student, startAt(10, 9));
    const moved = await t
      .http()
      .post(`/api/v1/bookings/${booking.id}/reschedule`)
      .set(tutor.auth)
      .send({ startsAt: startAt(10, 14) });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      id: booking.id,
      status: 'confirmed',
      startsAt: startAt(10, 14),
    });
    const blocker = await given(t).student();
    await confirmed(blocker, startAt(10, 16));
    const taken = await t
      .http()
      .post(`/api/v1/bookings/${booking.id}/reschedule`)
      .set(student.auth)
      .send({ startsAt: startAt(10, 16) });
    expect(taken.status).toBe(409);

    const others = await Promise.all([given(t).student(), given(t).student(), given(t).student()]);
    const movers = await Promise.all(others.map((s, i) => confirmed(s, startAt(11, 6 + 2 * i))));
    const results = await Promise.all(
      movers.map((m, i) =>
        t
          .http()
          .post(`/api/v1/bookings/${m.id}/reschedule`)
          .set(others[i]!.auth)
          .send({ startsAt: startAt(11, 20) }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
  });

  it('shows bookings to their participants and admins only, with filters and pages', async () => {
    const mine = await book(t, student, tutor, subjectId, startAt(12, 9));
    const stranger = await given(t).student();
    expect((await t.http().get(`/api/v1/bookings/${mine.body.id}`).set(stranger.auth)).status).toBe(
      404,
    );
    expect(
      (await t.http().post(`/api/v1/bookings/${mine.body.id}/cancel`).set(stranger.auth).send({}))
        .status,
    ).toBe(404);
    expect((await t.http().get(`/api/v1/bookings/${mine.body.id}`).set(admin.auth)).status).toBe(
      200,
    );
    const list = await t
      .http()
      .get('/api/v1/bookings')
      .query({ status: 'pending_payment', from: startAt(12, 0), to: startAt(13, 0) })
      .set(student.auth);
    expect(list.body.data.map((b: { id: string }) => b.id)).toEqual([mine.body.id]);
    expect((await t.http().get('/api/v1/bookings').set(stranger.auth)).body.meta.total).toBe(0);
    expect(
      (await t.http().get('/api/v1/bookings').query({ status: 'lost' }).set(student.auth)).status,
    ).toBe(400);
  });

  it('offers each user a private iCalendar feed of confirmed bookings', async () => {
    const booking = await confirmed(student, startAt(13, 9));
    const feed = await t.http().get('/api/v1/users/me/calendar').set(student.auth);
    expect(feed.status).toBe(200);
    const ics = await t.http().get(feed.body.url);
    expect(ics.status).toBe(200);
    expect(ics.headers['content-type']).toMatch(/^text\/calendar/);
    expect(ics.text).toContain(`UID:${booking.id}@etutors`);
    expect(ics.text).toContain(
      `DTSTART:${booking.startsAt.replace(/[-:]/g, '').replace('.000', '')}`,
    );
    const regenerated = await t
      .http()
      .post('/api/v1/users/me/calendar/regenerate')
      .set(student.auth);
    expect(regenerated.body.url).not.toBe(feed.body.url);
    expect((await t.http().get(feed.body.url)).status).toBe(404);
    expect((await t.http().get(regenerated.body.url)).status).toBe(200);
  });

  it('rejects a slot range longer than 31 days', async () => {
    const res = await t
      .http()
      .get(`/api/v1/tutors/${tutor.id}/slots`)
      .query({
        from: startAt(1, 0),
        to: new Date(Date.now() + 40 * DAY).toISOString(),
        duration: 60,
      });
    expect(res.status).toBe(400);
  });

  it('answers POST /bookings with the body GET shows, history included, and says who cancelled', async () => {
    const created = await book(t, student, tutor, subjectId, startAt(14, 9));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      cancelledBy: null,
      refund: null,
      history: [
        {
          from: null,
          to: 'pending_payment',
          actorId: student.id,
          reason: null,
          at: expect.any(String),
        },
      ],
    });
    const shown = await t.http().get(`/api/v1/bookings/${created.body.id}`).set(student.auth);
    expect(shown.body).toEqual(created.body);

    const cancelled = await t
      .http()
      .post(`/api/v1/bookings/${created.body.id}/cancel`)
      .set(tutor.auth)
      .send({ reason: 'ill' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({
      status: 'cancelled',
      cancelledBy: 'tutor',
      refund: { amount: 0, currency: 'USD' },
    });
    expect(
      cancelled.body.history.map(
        (h: { from: string | null; to: string; reason: string | null }) => [h.from, h.to, h.reason],
      ),
    ).toEqual([
      [null, 'pending_payment', null],
      ['pending_payment', 'cancelled', 'ill'],
    ]);
    expect(
      (await t.http().get(`/api/v1/bookings/${created.body.id}`).set(student.auth)).body,
    ).toEqual(cancelled.body);
    const listed = await t
      .http()
      .get('/api/v1/bookings')
      .query({ status: 'cancelled', from: startAt(14, 0), to: startAt(15, 0) })
      .set(student.auth);
    const { history: _history, ...withoutHistory } = cancelled.body;
    expect(listed.body.data).toEqual([withoutHistory]);
  });

  it('refuses a start in the past with its own reason (booking.in_past), for a booking and a move', async () => {
    const quarter = 15 * 60_000;
    const past = new Date(Math.floor((Date.now() - HOUR) / quarter) * quarter).toISOString();
    const refused = await book(t, student, tutor, subjectId, past);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('booking.in_past');

    const booking = await confirmed(student, startAt(15, 9));
    const moved = await t
      .http()
      .post(`/api/v1/bookings/${booking.id}/reschedule`)
      .set(student.auth)
      .send({ startsAt: past });
    expect(moved.status).toBe(422);
    expect(moved.body.code).toBe('booking.in_past');
    expect(
      (await t.http().get(`/api/v1/bookings/${booking.id}`).set(student.auth)).body.startsAt,
    ).toBe(booking.startsAt);
  });

  it('refuses to reschedule a booking to the time it already has (422 booking.same_time)', async () => {
    const booking = await confirmed(student, startAt(16, 9));
    const same = await t
      .http()
      .post(`/api/v1/bookings/${booking.id}/reschedule`)
      .set(tutor.auth)
      .send({ startsAt: booking.startsAt });
    expect(same.status).toBe(422);
    expect(same.body.code).toBe('booking.same_time');
    const after = await t.http().get(`/api/v1/bookings/${booking.id}`).set(student.auth);
    expect(after.body.history).toHaveLength(2);
    const rescheduled = await t.dataSource.query(
      `SELECT 1 FROM platform.outbox WHERE aggregate_id = $1 AND type = 'scheduling.booking.rescheduled'`,
      [booking.id],
    );
    expect(rescheduled).toHaveLength(0);

    // Half an hour later overlaps the booking's own current time: only other bookings count.
    const later = await t
      .http()
      .post(`/api/v1/bookings/${booking.id}/reschedule`)
      .set(tutor.auth)
      .send({ startsAt: startAt(16, 9, 30) });
    expect(later.status).toBe(200);
    expect(later.body).toMatchObject({ startsAt: startAt(16, 9, 30), endsAt: startAt(16, 10, 30) });
  });

  it('refuses times without a UTC offset (400 naming the field) instead of reading them as UTC', async () => {
    const local = (iso: string) => iso.replace('.000Z', '');
    const startsAt = startAt(17, 9);
    const booking = await book(t, student, tutor, subjectId, local(startsAt));
    expect(booking.status).toBe(400);
    expect(booking.body.errors.map((e: { field: string }) => e.field)).toContain('startsAt');
    const none = await t
      .http()
      .get('/api/v1/bookings')
      .query({ from: startAt(17, 0), to: startAt(18, 0) })
      .set(student.auth);
    expect(none.body.meta.total).toBe(0);

    const held = await confirmed(student, startAt(17, 12));
    const move = await t
      .http()
      .post(`/api/v1/bookings/${held.id}/reschedule`)
      .set(student.auth)
      .send({ startsAt: local(startAt(17, 15)) });
    expect(move.status).toBe(400);
    expect(move.body.errors.map((e: { field: string }) => e.field)).toContain('startsAt');

    const slots = await t
      .http()
      .get(`/api/v1/tutors/${tutor.id}/slots`)
      .query({ from: local(startAt(17, 0)), to: local(startAt(18, 0)), duration: 60 });
    expect(slots.status).toBe(400);
    expect(slots.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['from', 'to']),
    );

    const timeOff = await t
      .http()
      .post('/api/v1/tutors/me/time-off')
      .set(tutor.auth)
      .send({ startsAt: local(startAt(18, 8)), endsAt: startAt(18, 10) });
    expect(timeOff.status).toBe(400);
    expect(timeOff.body.errors.map((e: { field: string }) => e.field)).toContain('startsAt');
    expect((await t.http().get('/api/v1/tutors/me/time-off').set(tutor.auth)).body).toEqual([]);

    // An explicit offset other than Z names the same instant.
    const berlin = new Date(Date.parse(startAt(18, 9)));
    const withOffset = `${new Date(berlin.getTime() + HOUR).toISOString().slice(0, 19)}+01:00`;
    const offsetBooking = await book(t, student, tutor, subjectId, withOffset);
    expect(offsetBooking.status).toBe(201);
    expect(offsetBooking.body.startsAt).toBe(startAt(18, 9));
  });

  it('reads a date alone as 00:00 UTC in the list filters, and refuses ISO forms a Date cannot read (400 naming the field)', async () => {
    // A student of their own: the shared one already holds as many unpaid bookings as one may.
    const holder = await given(t).student();
    const held = await book(t, holder, tutor, subjectId, startAt(21, 10));
    expect(held.status).toBe(201);
    const day = (days: number) => startAt(days, 0).slice(0, 10);
    const listed = async (query: Record<string, string>) => {
      const res = await t.http().get('/api/v1/bookings').query(query).set(holder.auth);
      expect(res.status).toBe(200);
      return res.body.data.map((b: { id: string }) => b.id);
    };
    expect(await listed({ from: day(21), to: day(22) })).toEqual([held.body.id]);
    expect(await listed({ from: day(22) })).not.toContain(held.body.id);
    expect(await listed({ to: day(21) })).not.toContain(held.body.id);

    const before = await t.dataSource.query('SELECT count(*)::int AS n FROM scheduling.bookings');
    // Week dates, the basic format, ordinal dates, impossible days, a time without its offset.
    for (const value of [
      '2026-W01-1',
      '20261201T090000Z',
      '2026-335',
      '2026-02-30',
      '2026-12-01T25:00:00Z',
      startAt(21, 0).replace('.000Z', ''),
    ]) {
      for (const field of ['from', 'to']) {
        const res = await t
          .http()
          .get('/api/v1/bookings')
          .query({ [field]: value })
          .set(holder.auth);
        expect({ value, field, status: res.status }).toEqual({ value, field, status: 400 });
        expect(res.body.errors).toContainEqual({
          field,
          message: expect.stringMatching(/date-time with an offset .* or a date/),
        });
      }
      const move = await t
        .http()
        .post(`/api/v1/bookings/${held.body.id}/reschedule`)
        .set(holder.auth)
        .send({ startsAt: value });
      expect({ value, status: move.status }).toEqual({ value, status: 400 });
      expect(move.body.errors.map((e: { field: string }) => e.field)).toContain('startsAt');
    }
    expect(await t.dataSource.query('SELECT count(*)::int AS n FROM scheduling.bookings')).toEqual(
      before,
    );
  });
});
