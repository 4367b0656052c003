import { given } from '../support/given.js';
import { Cluster } from './support/cluster.js';
import {
  bookFirstFree,
  converse,
  holdAndReview,
  invariants,
  lessonOf,
  market,
  pay,
  slotsWithinTheHour,
  type Booked,
  until,
} from './support/marketplace-flow.js';

const STUDENTS = 30;
const TUTORS = 6;

describe('two APIs and two workers on one database and one Redis', () => {
  const cluster = new Cluster({ apis: 2, workers: 2, env: { PAYOUT_HOLD_HOURS: '0' } });

  beforeAll(() => cluster.start(), 90_000);
  afterAll(() => cluster.stop(), 30_000);

  it('keeps every promise while 30 students book, pay, take lessons, review and write at once', async () => {
    const t = cluster.client();
    const m = await market(t, TUTORS);
    const students = await Promise.all(Array.from({ length: STUDENTS }, () => given(t).student()));
    const slots = slotsWithinTheHour();

    // Five students race for each tutor's two slots, through both APIs. The first half of the
    // tutors keep their lessons ahead (reminders); the others teach them now (release, payout).
    const teaching = new Set(m.tutors.slice(TUTORS / 2).map((tutor) => tutor.id));
    const outcomes = await Promise.all(
      students.map(async (student, i) => {
        const tutor = m.tutors[i % TUTORS];
        const booked = await bookFirstFree(t, m, student, tutor, slots);
        await converse(t, student, tutor);
        if (!booked) return null;
        const paymentId = await pay(t, booked);
        const lessonId = await lessonOf(t, booked);
        if (teaching.has(tutor.id)) await holdAndReview(t, cluster, booked, lessonId);
        return { ...booked, paymentId, lessonId };
      }),
    );
    const booked = outcomes.filter(Boolean) as (Booked & { paymentId: string })[];
    expect(booked).toHaveLength(TUTORS * slots.length);
    const ahead = booked.filter((b) => !teaching.has(b.tutor.id));
    const taught = booked.filter((b) => teaching.has(b.tutor.id));

    // Both wait for the workers' next minute: reminders of the lessons ahead, released earnings
    // (hold 0 h) of the lessons taught.
    await until(
      'every lesson ahead reminded',
      async () => {
        const [row] = await cluster.query<{ count: number }>(
          `SELECT count(*)::int AS count FROM scheduling.bookings
            WHERE id = ANY($1::uuid[]) AND reminded_1h_at IS NOT NULL`,
          [ahead.map((b) => b.bookingId)],
        );
        return row.count === ahead.length;
      },
      75_000,
    );
    await until(
      'every taught lesson released',
      async () => {
        const [row] = await cluster.query<{ count: number }>(
          `SELECT count(DISTINCT payment_id)::int AS count FROM billing.ledger_entries
            WHERE account = 'tutor_available' AND payment_id = ANY($1::uuid[])`,
          [taught.map((b) => b.paymentId)],
        );
        return row.count === taught.length;
      },
      75_000,
    );

    // Two admins start a payout run at once, one on each API: one run.
    const runs = await Promise.all(
      cluster.apis.map((api) =>
        cluster.clientOf(api).http().post('/api/v1/admin/payouts/run').set(m.admin.auth),
      ),
    );
    expect(runs.map((run) => run.status)).toEqual([expect.any(Number), expect.any(Number)]);
    expect(runs.every((run) => run.status < 300)).toBe(true);
    expect(new Set(runs.map((run) => run.body.id)).size).toBe(1);
    await until(
      'every payout sent',
      async () => {
        const [row] = await cluster.query<{ count: number }>(
          `SELECT count(*)::int AS count FROM billing.payouts WHERE status = 'sent'`,
        );
        return row.count === teaching.size;
      },
      30_000,
    );

    // Every event relayed and handled by its subscribers before counting side effects.
    await until(
      'every event relayed and handled',
      async () => {
        const state = await invariants(cluster);
        return state.unpublished === 0 && state.missingInbox.length === 0;
      },
      30_000,
    );
    const state = await invariants(cluster);
    expect(state).toEqual({
      doubleBookings: 0,
      unpublished: 0,
      duplicateInbox: 0,
      missingInbox: [],
      ledger: [{ currency: 'USD', sum: 0 }],
    });

    // Exactly once: a receipt per payment, a reminder per lesson ahead and participant, a
    // payout and a transfer per tutor who taught.
    const receipts = await cluster.query<{ paymentId: string; count: number }>(
      `SELECT payment_id AS "paymentId", count(*)::int AS count FROM billing.receipts
        WHERE rendered_at IS NOT NULL GROUP BY payment_id`,
    );
    expect(receipts.map((r) => r.paymentId).sort()).toEqual(booked.map((b) => b.paymentId).sort());
    expect(receipts.every((r) => r.count === 1)).toBe(true);
    const reminded = await cluster.query<{ bookingId: string; events: number; notices: number }>(
      `SELECT o.aggregate_id AS "bookingId", count(DISTINCT o.id)::int AS events,
              count(n.id)::int AS notices
         FROM platform.outbox o
         LEFT JOIN messaging.notifications n
           ON n.source_event_id = o.id AND n.type = 'lesson_reminder'
        WHERE o.type = 'scheduling.booking.reminder_due'
        GROUP BY o.aggregate_id`,
    );
    // A taught lesson may have been reminded too, when a minute struck before it was taught.
    for (const b of ahead)
      expect(reminded.find((r) => r.bookingId === b.bookingId)).toEqual({
        bookingId: b.bookingId,
        events: 1,
        notices: 2,
      });
    expect(reminded.every((r) => r.events === 1 && r.notices === 2)).toBe(true);
    const payouts = await cluster.query<{ tutorId: string; amount: number; transfers: number }>(
      `SELECT p.tutor_id AS "tutorId", p.amount::int AS amount, count(s.*)::int AS transfers
         FROM billing.payouts p LEFT JOIN billing.sandbox_transfers s ON s.payout_id = p.id
        GROUP BY p.id`,
    );
    // 30 minutes at 4000 an hour is 2000, less the 15 % fee: 1700 a lesson, two lessons a tutor.
    expect(payouts.map((p) => p.tutorId).sort()).toEqual([...teaching].sort());
    expect(payouts.every((p) => p.amount === 3400 && p.transfers === 1)).toBe(true);
    const [reviews] = await cluster.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM tutoring.reviews`,
    );
    expect(reviews.count).toBe(taught.length);
    // Every message written is there once; the system posts its own on confirmations.
    const [messages] = await cluster.query<{ count: number; distinct: number }>(
      `SELECT count(*)::int AS count,
              count(DISTINCT (conversation_id, sender_id, body))::int AS distinct
         FROM messaging.messages WHERE kind = 'user'`,
    );
    expect(messages).toEqual({ count: STUDENTS * 4, distinct: STUDENTS * 4 });

    for (const app of cluster.processes)
      expect({ [app.name]: app.problems() }).toEqual({ [app.name]: [] });
  });
});
