import { randomUUID } from 'node:crypto';
import { given, type Actor } from '../../support/given.js';
import type { TestApp } from '../../support/test-app.js';
import { eventually } from '../../support/test-app.js';
import { openAllWeek } from '../../scheduling/support.js';
import type { Cluster } from './cluster.js';

const MINUTE = 60_000;
const GERMAN_IBAN = 'DE89370400440532013000';

/** The first two 30-minute slots on the quarter-hour grid at least 10 minutes from now. */
export function slotsWithinTheHour(): string[] {
  const first = new Date(Date.now() + 10 * MINUTE);
  first.setUTCSeconds(0, 0);
  first.setUTCMinutes(Math.ceil(first.getUTCMinutes() / 15) * 15);
  return [0, 30].map((offset) => new Date(first.getTime() + offset * MINUTE).toISOString());
}

export interface Market {
  admin: Actor;
  subjectId: string;
  tutors: Actor[];
}

/** An admin, a subject and `count` approved tutors open all week with a payout account. */
export async function market(t: TestApp, count: number): Promise<Market> {
  const admin = await given(t).admin();
  const subjectId = (await given(t).subject(admin)).id;
  const tutors = await Promise.all(
    Array.from({ length: count }, async () => {
      const tutor = await given(t).approvedTutor(admin, { subjectIds: [subjectId], rate: 4000 });
      await openAllWeek(t, tutor);
      const account = await t
        .http()
        .put('/api/v1/tutors/me/payout-account')
        .set(tutor.auth)
        .send({ accountHolder: tutor.displayName, iban: GERMAN_IBAN });
      if (account.status !== 200)
        throw new Error(`payout account: ${account.status} ${JSON.stringify(account.body)}`);
      return tutor;
    }),
  );
  return { admin, subjectId, tutors };
}

export interface Booked {
  student: Actor;
  tutor: Actor;
  bookingId: string;
}

/** Tries each slot in turn; the booking it got, or null when every slot was taken. */
export async function bookFirstFree(
  t: TestApp,
  m: Market,
  student: Actor,
  tutor: Actor,
  slots: string[],
): Promise<Booked | null> {
  for (const startsAt of slots) {
    const res = await t
      .http()
      .post('/api/v1/bookings')
      .set(student.auth)
      .send({ tutorId: tutor.id, subjectId: m.subjectId, startsAt, durationMinutes: 30 });
    if (res.status === 201) return { student, tutor, bookingId: res.body.id as string };
    if (res.status !== 409 || res.body.code !== 'booking.slot_taken')
      throw new Error(`booking: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return null;
}

/** Pays a booking with a card that succeeds; the confirm is sent twice (one key) to two APIs. */
export async function pay(t: TestApp, booked: Booked): Promise<string> {
  const created = await t
    .http()
    .post('/api/v1/payments')
    .set(booked.student.auth)
    .set('idempotency-key', randomUUID())
    .send({ bookingId: booked.bookingId });
  if (created.status !== 201)
    throw new Error(`payment: ${created.status} ${JSON.stringify(created.body)}`);
  const key = randomUUID();
  const confirm = () =>
    t
      .http()
      .post(`/api/v1/payments/${created.body.id}/confirm`)
      .set(booked.student.auth)
      .set('idempotency-key', key)
      .send({ paymentMethod: 'pm_card_visa' });
  const first = await confirm();
  const again = await confirm();
  if (first.body.status !== 'succeeded' || again.body.status !== 'succeeded')
    throw new Error(`confirm: ${first.status} ${again.status} ${JSON.stringify(again.body)}`);
  return created.body.id as string;
}

/** The booking's lesson once tutoring created it (it follows the confirmation by events). */
export async function lessonOf(t: TestApp, booked: Booked, timeoutMs = 30_000): Promise<string> {
  return eventually(
    async () => {
      const res = await t
        .http()
        .get('/api/v1/lessons')
        .query({ bookingId: booked.bookingId })
        .set(booked.student.auth);
      return (res.body.data?.[0]?.id as string | undefined) ?? null;
    },
    timeoutMs,
    200,
  );
}

/**
 * The lesson is held and reviewed: its times are moved an hour back in tutoring's table (the
 * processes run on the real clock, and a lesson can be completed only once it started), then
 * the tutor completes it and the student reviews it.
 */
export async function holdAndReview(
  t: TestApp,
  cluster: Cluster,
  booked: Booked,
  lessonId: string,
): Promise<void> {
  await cluster.query(
    `UPDATE tutoring.lessons
        SET starts_at = now() - interval '1 hour', ends_at = now() - interval '30 minutes'
      WHERE id = $1`,
    [lessonId],
  );
  const completed = await t
    .http()
    .post(`/api/v1/lessons/${lessonId}/complete`)
    .set(booked.tutor.auth);
  if (completed.status !== 200)
    throw new Error(`complete: ${completed.status} ${JSON.stringify(completed.body)}`);
  const review = await t
    .http()
    .post(`/api/v1/lessons/${lessonId}/review`)
    .set(booked.student.auth)
    .send({ rating: 5, comment: 'Clear and kind.' });
  if (review.status !== 201)
    throw new Error(`review: ${review.status} ${JSON.stringify(review.body)}`);
}

/** The student writes to the tutor (three messages) and the tutor answers once. */
export async function converse(t: TestApp, student: Actor, tutor: Actor): Promise<string> {
  const opened = await t
    .http()
    .post('/api/v1/conversations')
    .set(student.auth)
    .send({ participantId: tutor.id });
  if (opened.status !== 201 && opened.status !== 200)
    throw new Error(`conversation: ${opened.status} ${JSON.stringify(opened.body)}`);
  const id = opened.body.id as string;
  for (const [who, body] of [
    [student, 'Hello, could we start with fractions?'],
    [student, 'I have the exercises ready.'],
    [student, 'See you soon.'],
    [tutor, 'Yes, bring them along.'],
  ] as const) {
    const sent = await t
      .http()
      .post(`/api/v1/conversations/${id}/messages`)
      .set(who.auth)
      .send({ body });
    if (sent.status !== 201)
      throw new Error(`message: ${sent.status} ${JSON.stringify(sent.body)}`);
  }
  return id;
}

/** Polls `check` every `everyMs` until it holds; fails naming what did not happen. */
export async function until(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  everyMs = 250,
): Promise<void> {
  try {
    await eventually(check, timeoutMs, everyMs);
  } catch (error) {
    throw new Error(`${what}: not within ${timeoutMs} ms (${(error as Error).message})`);
  }
}

/** Everything the deployment promised, read from the database. */
export async function invariants(cluster: Cluster) {
  const [doubleBookings] = await cluster.query<{ count: number }>(
    `SELECT count(*)::int AS count
       FROM scheduling.bookings a
       JOIN scheduling.bookings b
         ON a.tutor_id = b.tutor_id AND a.id < b.id
        AND tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at)
      WHERE a.status NOT IN ('cancelled', 'expired')
        AND b.status NOT IN ('cancelled', 'expired')`,
  );
  const [unpublished] = await cluster.query<{ count: number }>(
    `SELECT count(*)::int AS count FROM platform.outbox WHERE published_at IS NULL`,
  );
  const [duplicateInbox] = await cluster.query<{ count: number }>(
    `SELECT count(*)::int AS count FROM (
       SELECT 1 FROM platform.inbox GROUP BY event_id, subscriber HAVING count(*) > 1) d`,
  );
  // Each subscriber that handled one event of a type must have handled every event of that type.
  const missingInbox = await cluster.query<{ type: string; subscriber: string; missing: number }>(
    `WITH followers AS (
       SELECT DISTINCT o.type, i.subscriber
         FROM platform.outbox o JOIN platform.inbox i ON i.event_id = o.id)
     SELECT f.type, f.subscriber, count(*)::int AS missing
       FROM followers f JOIN platform.outbox o ON o.type = f.type
      WHERE NOT EXISTS (SELECT 1 FROM platform.inbox i
                         WHERE i.event_id = o.id AND i.subscriber = f.subscriber)
      GROUP BY f.type, f.subscriber`,
  );
  const ledger = await cluster.query<{ currency: string; sum: number }>(
    `SELECT currency, sum(amount)::int AS sum FROM billing.ledger_entries GROUP BY currency`,
  );
  return {
    doubleBookings: doubleBookings.count,
    unpublished: unpublished.count,
    duplicateInbox: duplicateInbox.count,
    missingInbox,
    ledger,
  };
}
