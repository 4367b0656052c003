import { EventBus, JobQueue, UnitOfWork } from '@etutors/platform';
import { BookingCancelled, BookingConfirmed, BookingRescheduled } from '@etutors/scheduling/events';
import { CompleteOverdueLessons } from '../../libs/tutoring/src/application/lesson-completion.schedule.js';
import { given, WITH_ADMIN, type Actor } from '../support/given.js';
import { eventually, startTestApp, type TestApp } from '../support/test-app.js';

const HOUR = 3_600_000;

describe('lessons and reviews', () => {
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
      displayName: 'Tutor Tess',
    });
    student = await given(t).student('Student Sam');
  });
  afterAll(() => t.close());

  let bookings = 0;
  /** Publishes what scheduling publishes when a booking is paid, and waits for the lesson. */
  async function confirmedBooking(startsInMs: number, durationMs = HOUR) {
    bookings += 1;
    const bookingId = `0190f000-0000-7000-8000-${String(bookings).padStart(12, '0')}`;
    const payload = {
      bookingId,
      tutorId: tutor.id,
      studentId: student.id,
      subjectId,
      startsAt: new Date(Date.now() + startsInMs).toISOString(),
      endsAt: new Date(Date.now() + startsInMs + durationMs).toISOString(),
      price: { amount: 4000, currency: 'USD' },
    };
    const event = await t
      .get(UnitOfWork)
      .run((tx) =>
        t
          .get(EventBus)
          .publish(tx, BookingConfirmed, { aggregateId: bookingId, actorId: student.id, payload }),
      );
    const lesson = await eventually(async () => {
      const res = await t.http().get('/api/v1/lessons').query({ bookingId }).set(student.auth);
      return res.body.data[0] as { id: string; status: string } | undefined;
    });
    return { bookingId, lesson, event, payload };
  }

  /** Resolves once nothing is waiting, delayed or running on the queue: every job added before it has finished. */
  const domainEventsSettled = () =>
    eventually(async () => {
      const counts = (await t.get(JobQueue).counts())['domain-events'];
      return counts.waiting + counts.active + counts.delayed === 0;
    });

  it('creates one lesson per confirmed booking, even when the event is delivered twice', async () => {
    const { bookingId, lesson, event } = await confirmedBooking(48 * HOUR);
    expect(lesson).toMatchObject({ status: 'scheduled' });
    // The first delivery left tutoring's inbox row: redeliver to the very subscriber it names.
    const [{ subscriber }] = await t.dataSource.query(
      `SELECT subscriber FROM platform.inbox WHERE event_id = $1 AND subscriber LIKE 'tutoring.%'`,
      [event.id],
    );
    const redelivery = `${event.id}:redelivered`;
    await t.get(JobQueue).add('domain-events', subscriber, event, { jobId: redelivery });
    await domainEventsSettled();
    const failed = await t.get(JobQueue).failedJobs('domain-events');
    expect(failed.map((job) => job.id)).not.toContain(redelivery);

    const rows = await t.dataSource.query('SELECT id FROM tutoring.lessons WHERE booking_id = $1', [
      bookingId,
    ]);
    expect(rows).toEqual([{ id: lesson.id }]);
    expect(
      await t.dataSource.query(
        `SELECT subscriber FROM platform.inbox WHERE event_id = $1 AND subscriber LIKE 'tutoring.%'`,
        [event.id],
      ),
    ).toEqual([{ subscriber }]);
  });

  it('shows a lesson to its participants and admins only', async () => {
    const { lesson } = await confirmedBooking(72 * HOUR);
    const expected = {
      id: lesson.id,
      tutorId: tutor.id,
      studentId: student.id,
      subjectId,
      status: 'scheduled',
      notes: '',
    };
    expect(
      (await t.http().get(`/api/v1/lessons/${lesson.id}`).set(student.auth)).body,
    ).toMatchObject(expected);
    expect((await t.http().get(`/api/v1/lessons/${lesson.id}`).set(tutor.auth)).body).toMatchObject(
      expected,
    );
    expect((await t.http().get(`/api/v1/lessons/${lesson.id}`).set(admin.auth)).status).toBe(200);
    const stranger = await given(t).student();
    expect((await t.http().get(`/api/v1/lessons/${lesson.id}`).set(stranger.auth)).status).toBe(
      404,
    );
    expect((await t.http().get('/api/v1/lessons').set(stranger.auth)).body.meta.total).toBe(0);
    const mine = await t
      .http()
      .get('/api/v1/lessons')
      .query({ status: 'scheduled' })
      .set(tutor.auth);
    expect(mine.body.data.map((l: { id: string }) => l.id)).toContain(lesson.id);
  });

  it('moves a lesson with its booking and cancels it with its booking', async () => {
    const { bookingId, lesson, payload } = await confirmedBooking(96 * HOUR);
    const startsAt = new Date(Date.now() + 120 * HOUR).toISOString();
    const endsAt = new Date(Date.now() + 121 * HOUR).toISOString();
    await t.get(UnitOfWork).run((tx) =>
      t.get(EventBus).publish(tx, BookingRescheduled, {
        aggregateId: bookingId,
        payload: {
          bookingId,
          tutorId: tutor.id,
          studentId: student.id,
          startsAt,
          endsAt,
          previousStartsAt: payload.startsAt,
          previousEndsAt: payload.endsAt,
        },
      }),
    );
    await eventually(
      async () =>
        (await t.http().get(`/api/v1/lessons/${lesson.id}`).set(tutor.auth)).body.startsAt ===
        startsAt,
    );

    await t.get(UnitOfWork).run((tx) =>
      t.get(EventBus).publish(tx, BookingCancelled, {
        aggregateId: bookingId,
        actorId: student.id,
        payload: {
          bookingId,
          tutorId: tutor.id,
          studentId: student.id,
          cancelledBy: 'student',
          cancelledById: student.id,
          reason: null,
          refund: { amount: 4000, currency: 'USD' },
          wasConfirmed: true,
        },
      }),
    );
    await eventually(
      async () =>
        (await t.http().get(`/api/v1/lessons/${lesson.id}`).set(tutor.auth)).body.status ===
        'cancelled',
    );
    const types = await t.dataSource.query(
      `SELECT type FROM platform.outbox WHERE aggregate_id = $1`,
      [lesson.id],
    );
    expect(types).toEqual([{ type: 'tutoring.lesson.cancelled' }]);
  });

  it('leaves a completed lesson as it is when its booking is moved or cancelled afterwards', async () => {
    const { bookingId, lesson, payload } = await confirmedBooking(-2 * HOUR);
    expect(
      (await t.http().post(`/api/v1/lessons/${lesson.id}/complete`).set(tutor.auth)).status,
    ).toBe(200);
    const moved = await t.get(UnitOfWork).run((tx) =>
      t.get(EventBus).publish(tx, BookingRescheduled, {
        aggregateId: bookingId,
        payload: {
          bookingId,
          tutorId: tutor.id,
          studentId: student.id,
          startsAt: new Date(Date.now() + 50 * HOUR).toISOString(),
          endsAt: new Date(Date.now() + 51 * HOUR).toISOString(),
          previousStartsAt: payload.startsAt,
          previousEndsAt: payload.endsAt,
        },
      }),
    );
    const cancelled = await t.get(UnitOfWork).run((tx) =>
      t.get(EventBus).publish(tx, BookingCancelled, {
        aggregateId: bookingId,
        actorId: student.id,
        payload: {
          bookingId,
          tutorId: tutor.id,
          studentId: student.id,
          cancelledBy: 'student',
          cancelledById: student.id,
          reason: null,
          refund: { amount: 0, currency: 'USD' },
          wasConfirmed: true,
        },
      }),
    );
    // Both deliveries to tutoring are done once their inbox rows exist.
    await eventually(
      async () =>
        (
          await t.dataSource.query(
            `SELECT 1 FROM platform.inbox WHERE event_id = ANY($1::uuid[]) AND subscriber LIKE 'tutoring.%'`,
            [[moved.id, cancelled.id]],
          )
        ).length === 2,
    );
    const after = await t.http().get(`/api/v1/lessons/${lesson.id}`).set(tutor.auth);
    expect(after.body).toMatchObject({
      status: 'completed',
      startsAt: payload.startsAt,
      endsAt: payload.endsAt,
    });
    expect(
      await t.dataSource.query(`SELECT type FROM platform.outbox WHERE aggregate_id = $1`, [
        lesson.id,
      ]),
    ).toEqual([{ type: 'tutoring.lesson.completed' }]);
  });

  it('lets the tutor keep notes both participants can read', async () => {
    const { lesson } = await confirmedBooking(30 * HOUR);
    const res = await t
      .http()
      .patch(`/api/v1/lessons/${lesson.id}/notes`)
      .set(tutor.auth)
      .send({ notes: 'Bring the workbook.' });
    expect(res.status).toBe(200);
    expect((await t.http().get(`/api/v1/lessons/${lesson.id}`).set(student.auth)).body.notes).toBe(
      'Bring the workbook.',
    );
    expect(
      (
        await t
          .http()
          .patch(`/api/v1/lessons/${lesson.id}/notes`)
          .set(student.auth)
          .send({ notes: 'x' })
      ).status,
    ).toBe(403);
    const otherTutor = await given(t).tutor();
    expect(
      (
        await t
          .http()
          .patch(`/api/v1/lessons/${lesson.id}/notes`)
          .set(otherTutor.auth)
          .send({ notes: 'x' })
      ).status,
    ).toBe(404);
    expect(
      (
        await t
          .http()
          .patch(`/api/v1/lessons/${lesson.id}/notes`)
          .set(tutor.auth)
          .send({ notes: 'x'.repeat(10001) })
      ).status,
    ).toBe(400);
  });

  it('completes a lesson only after it started, then takes exactly one review from its student', async () => {
    const future = await confirmedBooking(10 * HOUR);
    const early = await t
      .http()
      .post(`/api/v1/lessons/${future.lesson.id}/complete`)
      .set(tutor.auth);
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('lesson.not_started');
    const notYet = await t
      .http()
      .post(`/api/v1/lessons/${future.lesson.id}/review`)
      .set(student.auth)
      .send({ rating: 5 });
    expect(notYet.status).toBe(409);

    const past = await confirmedBooking(-2 * HOUR);
    const done = await t.http().post(`/api/v1/lessons/${past.lesson.id}/complete`).set(tutor.auth);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'completed', completedAt: expect.any(String) });
    expect(
      (await t.http().post(`/api/v1/lessons/${past.lesson.id}/complete`).set(tutor.auth)).status,
    ).toBe(409);
    expect(
      await t.dataSource.query(`SELECT type FROM platform.outbox WHERE aggregate_id = $1`, [
        past.lesson.id,
      ]),
    ).toEqual([{ type: 'tutoring.lesson.completed' }]);

    const otherStudent = await given(t).student();
    expect(
      (
        await t
          .http()
          .post(`/api/v1/lessons/${past.lesson.id}/review`)
          .set(otherStudent.auth)
          .send({ rating: 1 })
      ).status,
    ).toBe(404);
    expect(
      (
        await t
          .http()
          .post(`/api/v1/lessons/${past.lesson.id}/review`)
          .set(student.auth)
          .send({ rating: 6 })
      ).status,
    ).toBe(400);

    const review = await t
      .http()
      .post(`/api/v1/lessons/${past.lesson.id}/review`)
      .set(student.auth)
      .send({ rating: 4, comment: 'Clear and kind.' });
    expect(review.status).toBe(201);
    expect(review.body).toMatchObject({
      lessonId: past.lesson.id,
      rating: 4,
      comment: 'Clear and kind.',
    });
    const again = await t
      .http()
      .post(`/api/v1/lessons/${past.lesson.id}/review`)
      .set(student.auth)
      .send({ rating: 5 });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('review.already_submitted');

    const profile = await t.http().get(`/api/v1/tutors/${tutor.id}`);
    expect(profile.body.rating).toEqual({ average: 4, count: 1 });
    const reviews = await t.http().get(`/api/v1/tutors/${tutor.id}/reviews`);
    expect(reviews.body).toEqual({
      data: [
        {
          id: review.body.id,
          rating: 4,
          comment: 'Clear and kind.',
          createdAt: expect.any(String),
          student: { displayName: 'Student Sam' },
        },
      ],
      meta: { page: 1, limit: 20, total: 1 },
    });
    const [event] = await t.dataSource.query(
      `SELECT payload FROM platform.outbox WHERE type = 'tutoring.review.submitted'`,
    );
    expect(event.payload).toMatchObject({
      lessonId: past.lesson.id,
      tutorId: tutor.id,
      rating: 4,
      ratingAverage: 4,
      ratingCount: 1,
    });
  });

  it('completes lessons left scheduled a day after their end, by the scheduled job', async () => {
    const stale = await confirmedBooking(-30 * HOUR);
    const recent = await confirmedBooking(-3 * HOUR);
    await t.get(JobQueue).enqueue(CompleteOverdueLessons, {});
    await eventually(
      async () =>
        (await t.http().get(`/api/v1/lessons/${stale.lesson.id}`).set(tutor.auth)).body.status ===
        'completed',
    );
    expect(
      (await t.http().get(`/api/v1/lessons/${recent.lesson.id}`).set(tutor.auth)).body.status,
    ).toBe('scheduled');
    const [event] = await t.dataSource.query(
      `SELECT payload FROM platform.outbox WHERE aggregate_id = $1`,
      [stale.lesson.id],
    );
    expect(event.payload.completedBy).toBe('system');
  });

  it('filters by a date alone (00:00 UTC), and refuses ISO forms a Date cannot read (400 naming the field)', async () => {
    const { lesson, payload } = await confirmedBooking(26 * 24 * HOUR);
    const day = (offsetDays: number) =>
      new Date(Date.parse(payload.startsAt) + offsetDays * 24 * HOUR).toISOString().slice(0, 10);
    const listed = async (query: Record<string, string>) => {
      const res = await t.http().get('/api/v1/lessons').query(query).set(student.auth);
      expect(res.status).toBe(200);
      return res.body.data.map((l: { id: string }) => l.id);
    };
    expect(await listed({ from: day(0), to: day(1) })).toEqual([lesson.id]);
    expect(await listed({ from: day(1) })).not.toContain(lesson.id);
    expect(await listed({ from: payload.startsAt.replace('Z', '+00:00') })).toContain(lesson.id);

    for (const value of ['2026-W01-1', '20261201T090000Z', '2026-335', '2026-12-01T09:00:00'])
      for (const field of ['from', 'to']) {
        const res = await t
          .http()
          .get('/api/v1/lessons')
          .query({ [field]: value })
          .set(student.auth);
        expect({ value, field, status: res.status }).toEqual({ value, field, status: 400 });
        expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
      }
  });

  it('keeps line breaks and tabs in notes, a multi-line field', async () => {
    const { lesson } = await confirmedBooking(32 * HOUR);
    const notes = 'Chapter 3:\n\t- exercises 1-4\r\n\t- read ahead';
    const res = await t
      .http()
      .patch(`/api/v1/lessons/${lesson.id}/notes`)
      .set(tutor.auth)
      .send({ notes });
    expect(res.status).toBe(200);
    expect((await t.http().get(`/api/v1/lessons/${lesson.id}`).set(student.auth)).body.notes).toBe(
      notes,
    );
  });
});
