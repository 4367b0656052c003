import { randomUUID } from 'node:crypto';
import { EventBus, JobQueue, UnitOfWork, type EventDefinition } from '@etutors/platform';
import { PayoutSent } from '@etutors/billing/events';
import { MessageSent } from '@etutors/messaging/events';
import { BookingReminderDue } from '@etutors/scheduling/events';
import { ReviewSubmitted } from '@etutors/tutoring/events';
import { given, WITH_ADMIN, type Actor } from '../support/given.js';
import { eventually, startTestApp, type TestApp } from '../support/test-app.js';
import { watchFinishedJobs } from '../platform/support/finished-jobs.js';
import { book, openAllWeek, startAt } from '../scheduling/support.js';

interface Notification {
  id: string;
  type: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  readAt: string | null;
  createdAt: string;
}

describe('notifications: one per event, listed, read, with preferences', () => {
  let t: TestApp;
  let admin: Actor;
  let subjectId: string;

  beforeAll(async () => {
    t = await startTestApp({ env: WITH_ADMIN });
    admin = await given(t).admin();
    subjectId = (await given(t).subject(admin)).id;
  });
  afterAll(() => t.close());

  const inbox = async (user: Actor, query: Record<string, string> = {}) => {
    const res = await t.http().get('/api/v1/notifications').query(query).set(user.auth);
    expect(res.status).toBe(200);
    return res.body as {
      data: Notification[];
      meta: { page: number; limit: number; total: number };
    };
  };
  /** Waits until `user` has a notification of `type` (matching `where`), and returns it. */
  const notified = (user: Actor, type: string, where: Record<string, unknown> = {}) =>
    eventually(async () =>
      (await inbox(user, { limit: '100' })).data.find(
        (n) =>
          n.type === type && Object.entries(where).every(([key, value]) => n.data[key] === value),
      ),
    );
  const publish = <P>(definition: EventDefinition<P>, payload: P) =>
    t
      .get(UnitOfWork)
      .run((tx) => t.get(EventBus).publish(tx, definition, { aggregateId: randomUUID(), payload }));
  const typesOf = async (user: Actor) =>
    (await inbox(user, { limit: '100' })).data.map((n) => n.type);

  it('tells each participant what happened to a booking, from request to refund, by the real flow', async () => {
    const tutor = await given(t).approvedTutor(admin, {
      subjectIds: [subjectId],
      displayName: 'Tara Tutor',
    });
    const approved = await notified(tutor, 'tutor_approved');
    expect(approved).toMatchObject({
      title: 'Your tutor profile is approved',
      readAt: null,
    });
    await openAllWeek(t, tutor);
    const student = await given(t).student('Sam Student');
    const startsAt = startAt(3, 10);
    const booked = await book(t, student, tutor, subjectId, startsAt);
    expect(booked.status).toBe(201);
    const bookingId = booked.body.id as string;

    const requested = await notified(tutor, 'booking_requested', { bookingId });
    expect(requested).toEqual({
      id: expect.any(String),
      type: 'booking_requested',
      title: 'New booking request',
      body: expect.stringContaining('Sam Student asked for a lesson on'),
      data: expect.objectContaining({ bookingId, studentId: student.id, startsAt }),
      readAt: null,
      createdAt: expect.any(String),
    });

    const payment = await t
      .http()
      .post('/api/v1/payments')
      .set(student.auth)
      .set('Idempotency-Key', randomUUID())
      .send({ bookingId });
    expect(payment.status).toBe(201);
    const confirmed = await t
      .http()
      .post(`/api/v1/payments/${payment.body.id}/confirm`)
      .set(student.auth)
      .set('Idempotency-Key', randomUUID())
      .send({ paymentMethod: 'pm_card_visa' });
    expect(confirmed.body.status).toBe('succeeded');
    expect(
      await notified(student, 'payment_succeeded', { paymentId: payment.body.id }),
    ).toMatchObject({ title: 'Payment received', body: expect.stringContaining('$') });
    expect(await notified(student, 'booking_confirmed', { bookingId })).toMatchObject({
      body: expect.stringContaining('Tara Tutor'),
    });
    expect(await notified(tutor, 'booking_confirmed', { bookingId })).toMatchObject({
      body: expect.stringContaining('Sam Student'),
    });

    const moved = await t
      .http()
      .post(`/api/v1/bookings/${bookingId}/reschedule`)
      .set(student.auth)
      .send({ startsAt: startAt(4, 10) });
    expect(moved.status).toBe(200);
    expect(await notified(tutor, 'booking_rescheduled', { bookingId })).toMatchObject({
      title: 'Lesson moved',
    });

    const cancelled = await t
      .http()
      .post(`/api/v1/bookings/${bookingId}/cancel`)
      .set(student.auth)
      .send({ reason: 'exam moved' });
    expect(cancelled.status).toBe(200);
    expect(await notified(tutor, 'booking_cancelled', { bookingId })).toMatchObject({
      body: expect.stringContaining('cancelled by the student: exam moved'),
    });
    expect(await notified(student, 'refund_issued', { bookingId })).toMatchObject({
      title: 'Refund issued',
    });

    // Whoever acted is not told what they did themselves.
    expect(await typesOf(student)).not.toContain('booking_rescheduled');
    expect(await typesOf(student)).not.toContain('booking_cancelled');
    expect((await typesOf(student)).sort()).toEqual(
      ['booking_confirmed', 'payment_succeeded', 'refund_issued'].sort(),
    );
  });

  it('notifies reminders, reviews, payouts and messages from their events', async () => {
    const tutor = await given(t).tutor('Tom Tutor');
    const student = await given(t).student('Stella Student');
    const bookingId = randomUUID();
    const lessonStart = '2026-12-24T09:30:00.000Z';
    await publish(BookingReminderDue, {
      bookingId,
      tutorId: tutor.id,
      studentId: student.id,
      startsAt: lessonStart,
      before: '1h',
    });
    expect(await notified(student, 'lesson_reminder', { bookingId })).toMatchObject({
      title: 'Your lesson starts in an hour',
      body: expect.stringContaining('Tom Tutor'),
    });
    expect(await notified(tutor, 'lesson_reminder', { bookingId })).toMatchObject({
      body: expect.stringContaining('Stella Student'),
    });

    await publish(ReviewSubmitted, {
      reviewId: randomUUID(),
      lessonId: randomUUID(),
      tutorId: tutor.id,
      studentId: student.id,
      rating: 5,
      ratingAverage: 5,
      ratingCount: 1,
    });
    expect(await notified(tutor, 'review_received')).toMatchObject({
      body: 'Stella Student rated your lesson 5 out of 5.',
    });

    const payoutId = randomUUID();
    await publish(PayoutSent, { payoutId, tutorId: tutor.id, amount: 123450, currency: 'EUR' });
    expect(await notified(tutor, 'payout_sent', { payoutId })).toMatchObject({
      title: 'Payout sent',
      body: 'We sent you a payout of €1,234.50.',
    });

    const conversationId = randomUUID();
    const system = randomUUID();
    await publish(MessageSent, {
      messageId: system,
      conversationId,
      senderId: null,
      recipientIds: [tutor.id, student.id],
      body: 'Lesson confirmed',
      kind: 'system',
    });
    const messageId = randomUUID();
    await publish(MessageSent, {
      messageId,
      conversationId,
      senderId: student.id,
      recipientIds: [tutor.id, student.id],
      body: 'Can we start with fractions? <b>please</b>',
      kind: 'user',
    });
    expect(await notified(tutor, 'new_message', { messageId })).toMatchObject({
      title: 'New message from Stella Student',
      body: 'Can we start with fractions? <b>please</b>',
      data: expect.objectContaining({ conversationId, senderId: student.id }),
    });
    // The sender is not notified of their own message, and system messages are not notified.
    const rows = (await t.dataSource.query(
      `SELECT user_id FROM messaging.notifications WHERE type = 'new_message' AND data->>'conversationId' = $1`,
      [conversationId],
    )) as { user_id: string }[];
    expect(rows).toEqual([{ user_id: tutor.id }]);
  });

  it('stores one notification per event, even when the event is delivered again', async () => {
    const tutor = await given(t).tutor();
    const payoutId = randomUUID();
    const event = await publish(PayoutSent, {
      payoutId,
      tutorId: tutor.id,
      amount: 5000,
      currency: 'USD',
    });
    await notified(tutor, 'payout_sent', { payoutId });
    const subscriber = 'messaging.notify-payout-sent';
    const finished = watchFinishedJobs(t);
    try {
      // Once as a queue would redeliver it, once more with its inbox row gone: the unique
      // (user, source event) index still holds.
      const again = `${event.id}:redelivered`;
      await t.get(JobQueue).add('domain-events', subscriber, event, { jobId: again });
      await eventually(() => finished.ids.has(again));
      await t.dataSource.query(
        'DELETE FROM platform.inbox WHERE subscriber = $1 AND event_id = $2',
        [subscriber, event.id],
      );
      const withoutInbox = `${event.id}:redelivered-without-inbox`;
      await t.get(JobQueue).add('domain-events', subscriber, event, { jobId: withoutInbox });
      await eventually(() => finished.ids.has(withoutInbox));
    } finally {
      finished.stop();
    }
    const failed = await t.get(JobQueue).failedJobs('domain-events');
    expect(failed.filter((job) => job.id.startsWith(event.id))).toEqual([]);
    const rows = (await t.dataSource.query(
      'SELECT id FROM messaging.notifications WHERE source_event_id = $1',
      [event.id],
    )) as unknown[];
    expect(rows).toHaveLength(1);
    expect((await inbox(tutor)).meta.total).toBe(1);
  });

  it('lists newest first in pages, filters unread, and marks one or all read', async () => {
    const tutor = await given(t).tutor();
    const payouts = [1, 2, 3].map(() => randomUUID());
    for (const payoutId of payouts) {
      await publish(PayoutSent, { payoutId, tutorId: tutor.id, amount: 2500, currency: 'USD' });
      await notified(tutor, 'payout_sent', { payoutId });
    }
    const first = await inbox(tutor, { page: '1', limit: '2' });
    expect(first.meta).toEqual({ page: 1, limit: 2, total: 3 });
    expect(first.data.map((n) => n.data.payoutId)).toEqual([payouts[2], payouts[1]]);
    const second = await inbox(tutor, { page: '2', limit: '2' });
    expect(second.data.map((n) => n.data.payoutId)).toEqual([payouts[0]]);

    const newest = first.data[0]!;
    const read = await t.http().post(`/api/v1/notifications/${newest.id}/read`).set(tutor.auth);
    expect(read.status).toBe(204);
    const unread = await inbox(tutor, { unread: 'true' });
    expect(unread.meta.total).toBe(2);
    expect(unread.data.map((n) => n.id)).not.toContain(newest.id);
    const readOnce = (await inbox(tutor)).data.find((n) => n.id === newest.id)!.readAt;
    expect(readOnce).toEqual(expect.any(String));
    // Reading again keeps the first time.
    expect(
      (await t.http().post(`/api/v1/notifications/${newest.id}/read`).set(tutor.auth)).status,
    ).toBe(204);
    expect((await inbox(tutor)).data.find((n) => n.id === newest.id)!.readAt).toBe(readOnce);

    // Someone else's notification, or none at all: 404; not an id: 400.
    const stranger = await given(t).student();
    expect(
      (await t.http().post(`/api/v1/notifications/${newest.id}/read`).set(stranger.auth)).status,
    ).toBe(404);
    expect(
      (await t.http().post(`/api/v1/notifications/${randomUUID()}/read`).set(tutor.auth)).status,
    ).toBe(404);
    expect(
      (await t.http().post('/api/v1/notifications/not-an-id/read').set(tutor.auth)).status,
    ).toBe(400);
    expect(
      (await t.http().get('/api/v1/notifications').query({ unread: 'maybe' }).set(tutor.auth))
        .status,
    ).toBe(400);

    expect((await t.http().post('/api/v1/notifications/read-all').set(tutor.auth)).status).toBe(
      204,
    );
    expect((await inbox(tutor, { unread: 'true' })).meta.total).toBe(0);
    expect((await inbox(tutor)).meta.total).toBe(3);
    expect((await t.http().get('/api/v1/notifications')).status).toBe(401);
  });

  it('keeps e-mail preferences per type and quiet hours, refusing what is not one', async () => {
    const user = await given(t).student();
    const url = '/api/v1/notifications/preferences';
    const defaults = await t.http().get(url).set(user.auth);
    expect(defaults.status).toBe(200);
    expect(defaults.body.quietHours).toEqual({ start: '22:00', end: '08:00' });
    expect(Object.values(defaults.body.email)).toHaveLength(12);
    expect(Object.values(defaults.body.email).every((on) => on === true)).toBe(true);

    const changed = await t
      .http()
      .put(url)
      .set(user.auth)
      .send({ email: { new_message: false }, quietHours: { start: '21:30', end: '07:00' } });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({
      email: { ...defaults.body.email, new_message: false },
      quietHours: { start: '21:30', end: '07:00' },
    });
    // Naming other types keeps the first choice; quiet hours absent stay as they are.
    const more = await t
      .http()
      .put(url)
      .set(user.auth)
      .send({ email: { review_received: false } });
    expect(more.body).toEqual({
      email: { ...defaults.body.email, new_message: false, review_received: false },
      quietHours: { start: '21:30', end: '07:00' },
    });
    const off = await t.http().put(url).set(user.auth).send({ quietHours: null });
    expect(off.body.quietHours).toBeNull();

    for (const body of [
      { email: { no_such_type: true } },
      { email: { new_message: 'yes' } },
      { email: 'all' },
      { quietHours: { start: '25:00', end: '08:00' } },
      { quietHours: { start: '22:00' } },
      { quietHours: '22-08' },
      { sms: true },
    ]) {
      const res = await t.http().put(url).set(user.auth).send(body);
      expect([res.status, res.headers['content-type']]).toEqual([
        400,
        expect.stringContaining('application/problem+json'),
      ]);
    }
    expect((await t.http().get(url).set(user.auth)).body).toEqual(off.body);
  });
});
