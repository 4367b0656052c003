import { randomBytes, randomUUID } from 'node:crypto';
import {
  Clock,
  ControllableClock,
  EventBus,
  JobQueue,
  UnitOfWork,
  type EventDefinition,
} from '@etutors/platform';
import { PaymentSucceeded, PayoutSent } from '@etutors/billing/events';
import { MessageSent } from '@etutors/messaging/events';
import { BookingReminderDue } from '@etutors/scheduling/events';
import { ReviewSubmitted } from '@etutors/tutoring/events';
import type { Actor } from '../support/given.js';
import { eventually, startTestApp, type TestApp } from '../support/test-app.js';
import { watchFinishedJobs } from '../platform/support/finished-jobs.js';
import { SendNotificationEmail } from '../../libs/messaging/src/application/notification-email.job.js';
import { startSmtpInbox, type SmtpInbox } from './support/smtp-inbox.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The next instant at hh:mm UTC at least an hour from now: the clock only moves forward. */
function nextUtc(hour: number, minute = 0): Date {
  const at = new Date(Date.now() + HOUR);
  at.setUTCHours(hour, minute, 0, 0);
  if (at.getTime() < Date.now() + HOUR) at.setTime(at.getTime() + 24 * HOUR);
  return at;
}

describe('notification e-mail: templates, preferences, quiet hours, digests, retries', () => {
  let t: TestApp;
  let smtp: SmtpInbox;
  const clock = new ControllableClock(new Date());

  beforeAll(async () => {
    smtp = await startSmtpInbox();
    t = await startTestApp({
      // The clock moves up to a day ahead, and access tokens expire by that same clock.
      env: {
        SMTP_URL: smtp.url,
        MAIL_FROM: 'E-Tutors <mail@etutors.test>',
        ACCESS_TOKEN_TTL: String(7 * 24 * 3600),
      },
      override: (builder) => builder.overrideProvider(Clock).useValue(clock),
    });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });
  afterEach(() => clock.set(new Date()));

  const unique = () => randomBytes(4).toString('hex');
  /** A user in `timezone`, through the public sign-up. */
  async function user(displayName: string, timezone: string, role: 'student' | 'tutor' = 'tutor') {
    const email = `${role}-${unique()}@etutors.test`;
    const password = `pw-${unique()}-${unique()}-long`;
    const res = await t
      .http()
      .post('/api/v1/auth/register')
      .send({ email, password, displayName, role, timezone });
    expect(res.status).toBe(201);
    const actor: Actor = {
      id: res.body.user.id,
      email,
      password,
      displayName,
      token: res.body.accessToken,
      auth: { authorization: `Bearer ${res.body.accessToken}` },
    };
    // Identity's verification e-mail comes first; then the inbox starts clean for the test.
    await eventually(() => smtp.to(email).length);
    smtp.forget(email);
    // Messaging learns the address from identity's event.
    await eventually(
      async () =>
        (await t.dataSource.query('SELECT 1 FROM messaging.people WHERE user_id = $1', [actor.id]))
          .length,
    );
    return actor;
  }
  const publish = <P>(definition: EventDefinition<P>, payload: P) =>
    t
      .get(UnitOfWork)
      .run((tx) => t.get(EventBus).publish(tx, definition, { aggregateId: randomUUID(), payload }));
  interface EmailState {
    notificationId: string;
    status: string;
    deliveryId: string | null;
    dueAt: Date | null;
    deliveryStatus: string | null;
    attempts: number | null;
    lastError: string | null;
  }
  /** The e-mail side of `userId`'s notifications of `type`, oldest first, once there are `count`. */
  const emailsOf = (userId: string, type: string, count = 1) =>
    eventually(async () => {
      const rows = (await t.dataSource.query(
        `SELECT n.id AS "notificationId", n.email_status AS status, n.email_delivery_id AS "deliveryId",
                d.due_at AS "dueAt", d.status AS "deliveryStatus", d.attempts, d.last_error AS "lastError"
           FROM messaging.notifications n LEFT JOIN messaging.email_deliveries d ON d.id = n.email_delivery_id
          WHERE n.user_id = $1 AND n.type = $2 ORDER BY n.created_at, n.id`,
        [userId, type],
      )) as EmailState[];
      return rows.length >= count ? rows : null;
    });
  /** The e-mail state once the job that sent (or gave up on) it has committed. */
  const settledEmailsOf = (userId: string, type: string, count = 1) =>
    eventually(async () => {
      const rows = await emailsOf(userId, type, count);
      return rows.every((row) => row.status !== 'pending') ? rows : null;
    });
  /**
   * Runs the e-mail job of `deliveryId` now, as Bull does once its delay (real time, which the
   * test clock does not move) is over. The delayed job is there meanwhile.
   */
  const releaseDeferred = async (deliveryId: string) => {
    await eventually(async () => (await t.get(JobQueue).counts()).notifications.delayed > 0);
    await t
      .get(JobQueue)
      .enqueue(SendNotificationEmail, { deliveryId }, { jobId: `${deliveryId}:due` });
  };

  it('sends one e-mail per notification from its template: text and HTML, the name, times in the user’s zone', async () => {
    clock.set(nextUtc(10)); // 19:00 in Tokyo, 11:00 in Berlin: nobody's quiet hours
    const hana = await user('Hana <Tokyo>', 'Asia/Tokyo');
    await publish(BookingReminderDue, {
      bookingId: randomUUID(),
      tutorId: hana.id,
      studentId: randomUUID(),
      startsAt: '2026-12-24T09:30:00.000Z',
      before: '24h',
    });
    const [mail] = await eventually(() =>
      smtp.to(hana.email).length ? smtp.to(hana.email) : null,
    );
    expect(mail!.subject).toBe('Your lesson is tomorrow');
    expect(mail!.from?.text).toContain('mail@etutors.test');
    expect(mail!.text).toContain('Hi Hana <Tokyo>,');
    expect(mail!.text).toContain('Thu 24 Dec 2026, 18:30 (Asia/Tokyo)');
    expect(mail!.html).toContain('Hi Hana &lt;Tokyo&gt;,');
    expect(mail!.html).toContain('Thu 24 Dec 2026, 18:30 (Asia/Tokyo)');
    const [state] = await settledEmailsOf(hana.id, 'lesson_reminder');
    expect(state).toMatchObject({ status: 'sent', deliveryStatus: 'sent', attempts: 1 });

    // She moves and renames herself: messaging's copy follows identity's event.
    const moved = await t
      .http()
      .patch('/api/v1/users/me')
      .set(hana.auth)
      .send({ displayName: 'Hana Berlin', timezone: 'Europe/Berlin' });
    expect(moved.status).toBe(200);
    await eventually(
      async () =>
        (
          await t.dataSource.query(
            `SELECT 1 FROM messaging.people WHERE user_id = $1 AND timezone = 'Europe/Berlin'`,
            [hana.id],
          )
        ).length,
    );
    await publish(BookingReminderDue, {
      bookingId: randomUUID(),
      tutorId: hana.id,
      studentId: randomUUID(),
      startsAt: '2026-12-24T09:30:00.000Z',
      before: '1h',
    });
    const second = await eventually(() => smtp.to(hana.email)[1]);
    expect(second.subject).toBe('Your lesson starts in an hour');
    expect(second.text).toContain('Hi Hana Berlin,');
    expect(second.text).toContain('Thu 24 Dec 2026, 10:30 (Europe/Berlin)');
  });

  it('sends only the types the user wants by e-mail; the in-app notification stays', async () => {
    clock.set(nextUtc(3));
    const tutor = await user('Pref Tutor', 'Asia/Tokyo');
    const put = await t
      .http()
      .put('/api/v1/notifications/preferences')
      .set(tutor.auth)
      .send({ email: { review_received: false } });
    expect(put.status).toBe(200);
    await publish(ReviewSubmitted, {
      reviewId: randomUUID(),
      lessonId: randomUUID(),
      tutorId: tutor.id,
      studentId: randomUUID(),
      rating: 4,
      ratingAverage: 4,
      ratingCount: 1,
    });
    const [review] = await emailsOf(tutor.id, 'review_received');
    expect(review).toMatchObject({ status: 'off', deliveryId: null });
    const payoutId = randomUUID();
    await publish(PayoutSent, { payoutId, tutorId: tutor.id, amount: 9900, currency: 'USD' });
    const mails = await eventually(() =>
      smtp.to(tutor.email).length ? smtp.to(tutor.email) : null,
    );
    expect(mails.map((m) => m.subject)).toEqual(['Payout sent']);
    const listed = await t.http().get('/api/v1/notifications').set(tutor.auth);
    expect(listed.body.data.map((n: { type: string }) => n.type).sort()).toEqual([
      'payout_sent',
      'review_received',
    ]);
  });

  it('defers e-mail in the quiet hours of the user’s zone to their end; payment e-mails go at once', async () => {
    const night = nextUtc(14, 30); // 23:30 in Tokyo
    clock.set(night);
    const tutor = await user('Night Owl', 'Asia/Tokyo');
    await publish(ReviewSubmitted, {
      reviewId: randomUUID(),
      lessonId: randomUUID(),
      tutorId: tutor.id,
      studentId: randomUUID(),
      rating: 5,
      ratingAverage: 5,
      ratingCount: 1,
    });
    const [deferred] = await emailsOf(tutor.id, 'review_received');
    // 08:00 in Tokyo is 23:00 UTC the same day.
    expect(deferred!.dueAt!.toISOString()).toBe(
      new Date(night.getTime() + 8.5 * HOUR).toISOString(),
    );
    expect(deferred).toMatchObject({ status: 'pending', deliveryStatus: 'pending' });

    const student = await user('Night Student', 'Asia/Tokyo', 'student');
    await publish(PaymentSucceeded, {
      paymentId: randomUUID(),
      bookingId: randomUUID(),
      studentId: student.id,
      tutorId: tutor.id,
      amount: 4000,
      currency: 'USD',
      platformFee: 600,
    });
    const [receipt] = await eventually(() =>
      smtp.to(student.email).length ? smtp.to(student.email) : null,
    );
    expect(receipt!.subject).toBe('Payment received');
    // Still night: the review e-mail waits (the payment e-mail went out after it was queued).
    expect(smtp.to(tutor.email)).toEqual([]);
    expect((await emailsOf(tutor.id, 'review_received'))[0]).toMatchObject({ status: 'pending' });

    // A job woken before its time (by the clock) sends nothing and waits again.
    const finished = watchFinishedJobs(t);
    try {
      await t
        .get(JobQueue)
        .enqueue(
          SendNotificationEmail,
          { deliveryId: deferred!.deliveryId! },
          { jobId: `${deferred!.deliveryId}:early` },
        );
      await eventually(() => finished.ids.has(`${deferred!.deliveryId}:early`));
    } finally {
      finished.stop();
    }
    expect(smtp.to(tutor.email)).toEqual([]);
    expect((await emailsOf(tutor.id, 'review_received'))[0]).toMatchObject({ status: 'pending' });

    // Morning in Tokyo: the deferred job's time comes and the e-mail goes.
    clock.set(new Date(night.getTime() + 8.5 * HOUR + MINUTE));
    await releaseDeferred(deferred!.deliveryId!);
    const [morning] = await eventually(() =>
      smtp.to(tutor.email).length ? smtp.to(tutor.email) : null,
    );
    expect(morning!.subject).toBe('New review');
    expect((await settledEmailsOf(tutor.id, 'review_received'))[0]).toMatchObject({
      status: 'sent',
    });
  });

  it('sends the new messages of one conversation within 10 minutes as one e-mail', async () => {
    const start = nextUtc(3);
    clock.set(start);
    const reader = await user('Rea Reader', 'Asia/Tokyo');
    const sender = await user('Sid Sender', 'Asia/Tokyo', 'student');
    const conversationId = randomUUID();
    const send = (body: string) =>
      publish(MessageSent, {
        messageId: randomUUID(),
        conversationId,
        senderId: sender.id,
        recipientIds: [reader.id, sender.id],
        body,
        kind: 'user',
      });
    await send('Hello!');
    await emailsOf(reader.id, 'new_message', 1);
    clock.advance(4 * MINUTE);
    await send('Are you free on <Friday>?');
    const both = await emailsOf(reader.id, 'new_message', 2);
    expect(both[1]!.deliveryId).toBe(both[0]!.deliveryId);
    expect(both[0]!.dueAt!.toISOString()).toBe(
      new Date(start.getTime() + 10 * MINUTE).toISOString(),
    );

    clock.set(new Date(start.getTime() + 10 * MINUTE + 1000));
    await releaseDeferred(both[0]!.deliveryId!);
    const [digest] = await eventually(() =>
      smtp.to(reader.email).length ? smtp.to(reader.email) : null,
    );
    expect(digest!.subject).toBe('2 new messages from Sid Sender');
    expect(digest!.text).toContain('Hello!');
    expect(digest!.text).toContain('Are you free on <Friday>?');
    expect(digest!.html).toContain('Are you free on &lt;Friday&gt;?');
    expect((await settledEmailsOf(reader.id, 'new_message', 2)).map((e) => e.status)).toEqual([
      'sent',
      'sent',
    ]);

    // The window closed with that e-mail: the next message opens a new one.
    await send('One more thing');
    const three = await emailsOf(reader.id, 'new_message', 3);
    expect(three[2]!.deliveryId).not.toBe(both[0]!.deliveryId);
    expect(three[2]).toMatchObject({ status: 'pending' });
  });

  it('e-mails a user messaging has no copy of (registered before it existed) by asking identity, and keeps the copy current from then on', async () => {
    clock.set(nextUtc(3));
    const tutor = await user('Early Bird', 'Asia/Tokyo');
    const personRow = () =>
      t.dataSource.query(
        `SELECT email, display_name AS "displayName", timezone FROM messaging.people WHERE user_id = $1`,
        [tutor.id],
      ) as Promise<{ email: string; displayName: string; timezone: string }[]>;
    await t.dataSource.query('DELETE FROM messaging.people WHERE user_id = $1', [tutor.id]);
    expect(await personRow()).toEqual([]);

    await publish(PayoutSent, {
      payoutId: randomUUID(),
      tutorId: tutor.id,
      amount: 100,
      currency: 'USD',
    });
    const [mail] = await eventually(() =>
      smtp.to(tutor.email).length ? smtp.to(tutor.email) : null,
    );
    expect(mail!.subject).toBe('Payout sent');
    expect(mail!.text).toContain('Hi Early Bird,');
    const [state] = await settledEmailsOf(tutor.id, 'payout_sent');
    expect(state).toMatchObject({ status: 'sent', deliveryStatus: 'sent', attempts: 1 });
    expect(await personRow()).toEqual([
      { email: tutor.email, displayName: 'Early Bird', timezone: 'Asia/Tokyo' },
    ]);

    // A profile change after that answer is newer than it: identity's event still applies.
    const moved = await t
      .http()
      .patch('/api/v1/users/me')
      .set(tutor.auth)
      .send({ displayName: 'Late Bird', timezone: 'Europe/Berlin' });
    expect(moved.status).toBe(200);
    const [updated] = await eventually(async () => {
      const rows = await personRow();
      return rows[0]?.timezone === 'Europe/Berlin' ? rows : null;
    });
    expect(updated).toEqual({
      email: tutor.email,
      displayName: 'Late Bird',
      timezone: 'Europe/Berlin',
    });
  });

  it('retries a transient SMTP failure with backoff until the e-mail is accepted', async () => {
    clock.set(nextUtc(3));
    const tutor = await user('Retry Tutor', 'Asia/Tokyo');
    smtp.refuse(tutor.email, 451, 2);
    await publish(PayoutSent, {
      payoutId: randomUUID(),
      tutorId: tutor.id,
      amount: 100,
      currency: 'USD',
    });
    const mails = await eventually(() =>
      smtp.to(tutor.email).length ? smtp.to(tutor.email) : null,
    );
    expect(mails).toHaveLength(1);
    expect(smtp.attemptsFor(tutor.email)).toBe(3);
    const [state] = await settledEmailsOf(tutor.id, 'payout_sent');
    expect(state).toMatchObject({ status: 'sent', deliveryStatus: 'sent', attempts: 3 });
    expect(state!.lastError).toContain('451');
  });

  it('records a permanent SMTP refusal on the notification and does not retry it', async () => {
    clock.set(nextUtc(3));
    const tutor = await user('Bounce Tutor', 'Asia/Tokyo');
    smtp.refuse(tutor.email, 550, 100);
    await publish(PayoutSent, {
      payoutId: randomUUID(),
      tutorId: tutor.id,
      amount: 100,
      currency: 'USD',
    });
    const [state] = await eventually(async () => {
      const rows = await emailsOf(tutor.id, 'payout_sent');
      return rows[0]!.status === 'failed' ? rows : null;
    });
    expect(state).toMatchObject({ deliveryStatus: 'failed', attempts: 1 });
    expect(state!.lastError).toMatch(/^550: /);
    const failed = await t.get(JobQueue).failedJobs('notifications');
    expect(failed.filter((job) => job.id.includes(state!.deliveryId!))).toEqual([]);
    expect(smtp.attemptsFor(tutor.email)).toBe(1);
    // In-app, it is there all the same.
    const listed = await t.http().get('/api/v1/notifications').set(tutor.auth);
    expect(listed.body.data).toHaveLength(1);
  });

  it('sends one e-mail however often the events behind it are delivered', async () => {
    clock.set(nextUtc(3));
    const tutor = await user('Once Tutor', 'Asia/Tokyo');
    const payout = await publish(PayoutSent, {
      payoutId: randomUUID(),
      tutorId: tutor.id,
      amount: 100,
      currency: 'USD',
    });
    await eventually(() => smtp.to(tutor.email).length);
    const [{ deliveryId }] = await emailsOf(tutor.id, 'payout_sent');
    const [created] = (await t.dataSource.query(
      `SELECT id, type, version, aggregate_id AS "aggregateId", actor_id AS "actorId", payload,
              occurred_at AS "occurredAt"
         FROM platform.outbox WHERE type = 'messaging.notification.created' AND payload->>'userId' = $1`,
      [tutor.id],
    )) as Record<string, unknown>[];
    const finished = watchFinishedJobs(t);
    try {
      const jobs = t.get(JobQueue);
      await jobs.add('domain-events', 'messaging.notify-payout-sent', payout, {
        jobId: `${payout.id}:again`,
      });
      await jobs.add('domain-events', 'messaging.queue-notification-email', created, {
        jobId: `${String(created!.id)}:again`,
      });
      await eventually(
        () =>
          finished.ids.has(`${payout.id}:again`) &&
          finished.ids.has(`${String(created!.id)}:again`),
      );
      // And should the e-mail job itself run again, it finds its e-mail sent.
      await settledEmailsOf(tutor.id, 'payout_sent');
      await jobs.enqueue(
        SendNotificationEmail,
        { deliveryId: deliveryId! },
        { jobId: `${deliveryId}:again` },
      );
      await eventually(() => finished.ids.has(`${deliveryId}:again`));
    } finally {
      finished.stop();
    }
    expect(smtp.to(tutor.email)).toHaveLength(1);
    expect(await emailsOf(tutor.id, 'payout_sent')).toHaveLength(1);
  });
});
