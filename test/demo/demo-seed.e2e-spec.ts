import { randomUUID } from 'node:crypto';
import {
  BillingSettings,
  DEVELOPMENT_DATA_ENCRYPTION_KEY,
} from '../../libs/billing/src/billing.settings.js';
import { platformFee } from '../../libs/billing/src/domain/ledger.js';
import { PayoutAccountEntity } from '../../libs/billing/src/domain/payout-account.entity.js';
import { DataCipher, dataKeyId } from '../../libs/billing/src/infrastructure/data-cipher.js';
import { seedDemoData } from '../../scripts/demo-data.js';
import { eventually, startTestApp, type TestApp } from '../support/test-app.js';
import { tutorEarnings, tutorPayouts } from '../billing/support/money-out.js';

const PASSWORD = 'demo-password-2026';
const { PAYOUT_MINIMUM } = new BillingSettings();

async function login(t: TestApp, email: string): Promise<string> {
  const res = await t.http().post('/api/v1/auth/login').send({ email, password: PASSWORD });
  expect(res.status).toBe(200);
  return res.body.accessToken as string;
}

/** The tutor and month the printout sends the reader to for money out. */
function hints(lines: string[]): { tutorEmail?: string; month?: string } {
  const text = lines.join('\n');
  return {
    tutorEmail: /login as (\S+@etutors\.demo) \(same password\)/.exec(text)?.[1],
    month: /statements\?month=(\d{4}-\d{2})/.exec(text)?.[1],
  };
}

const count = async (t: TestApp, table: string): Promise<number> =>
  (await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n;

describe('demo data (npm run seed / npm run dev)', () => {
  let t: TestApp;
  let firstLines: string[];

  beforeAll(async () => {
    t = await startTestApp();
    firstLines = await seedDemoData(t.dataSource);
  });
  afterAll(() => t.close());

  it('is idempotent: a second run creates no row', async () => {
    const tables = [
      'identity.users',
      'tutoring.tutors',
      'tutoring.tutor_revisions',
      'tutoring.lessons',
      'tutoring.reviews',
      'scheduling.availability',
      'scheduling.time_off',
      'scheduling.bookings',
      'scheduling.booking_history',
      'billing.payments',
      'billing.refunds',
      'billing.ledger_entries',
      'billing.receipts',
      'billing.payout_accounts',
      'billing.payout_runs',
      'billing.payouts',
      'billing.payout_items',
      'billing.sandbox_transfers',
      'messaging.people',
      'messaging.tutor_approvals',
      'messaging.booking_pairs',
      'messaging.conversations',
      'messaging.conversation_participants',
      'messaging.messages',
      'messaging.notifications',
      'analytics.users',
      'analytics.bookings',
      'analytics.payments',
      'analytics.refunds',
      'analytics.reviews',
      'analytics.tutor_availability',
      'analytics.daily_tutor_stats',
      'analytics.daily_tutor_reviews',
      'analytics.daily_activity',
    ];
    // The aggregates add up on every projection, so their figures show a second count too.
    const aggregates = () =>
      t.dataSource.query(
        `SELECT day, tutor_id, currency, bookings_created, bookings_confirmed, bookings_cancelled,
                lessons_completed, booked_minutes, gross, platform_fees, refunds, fees_reversed
           FROM analytics.daily_tutor_stats ORDER BY day, tutor_id, currency`,
      );
    const receiptNumbers = async () =>
      (
        await t.dataSource.query(
          'SELECT coalesce(sum(last_sequence), 0)::int AS n FROM billing.receipt_counters',
        )
      )[0].n;
    const before = await Promise.all(tables.map((table) => count(t, table)));
    const numbersBefore = await receiptNumbers();
    const aggregatesBefore = await aggregates();
    expect(Math.min(...before)).toBeGreaterThan(0);
    const second = await seedDemoData(t.dataSource);
    expect(await Promise.all(tables.map((table) => count(t, table)))).toEqual(before);
    expect(await receiptNumbers()).toBe(numbersBefore);
    expect(await aggregates()).toEqual(aggregatesBefore);
    expect(second.join('\n')).toMatch(
      /Analytics: \d+ demo events projected into the read models; 0 facts created/,
    );
    expect(firstLines.join('\n')).toMatch(
      /Analytics: \d+ demo events projected into the read models; [1-9]\d* facts created/,
    );
    expect(second.join('\n')).toMatch(/0 demo accounts created/);
    expect(second.join('\n')).toMatch(/0 bookings created/);
    expect(second.join('\n')).toMatch(/0 payments created/);
    expect(second.join('\n')).toMatch(/\b0 payout accounts created/);
    expect(second.join('\n')).toMatch(/\b0 payouts created/);
    // The second run names the same payout for the tutor to look at.
    expect(hints(second)).toEqual(hints(firstLines));
    expect(second.join('\n')).toMatch(/0 notifications created/);
  });

  // Before the tests below pay, review and pay out: those go through the real subscribers too.
  describe('analytics', () => {
    const DAY = 24 * 3600_000;
    // Every seeded moment is within the last few weeks; the period ends at tomorrow's start.
    const from = () => new Date(Date.now() - 60 * DAY).toISOString().slice(0, 10);
    const admin = async () => ({
      authorization: `Bearer ${await login(t, 'admin@etutors.demo')}`,
    });
    const one = async (sql: string): Promise<number> => (await t.dataSource.query(sql))[0].n;

    it('tells the demo events to analytics only: none is in the outbox for other subscribers', async () => {
      const [{ n: projected }] = await t.dataSource.query(
        'SELECT count(*)::int AS n FROM analytics.bookings',
      );
      expect(projected).toBeGreaterThan(0);
      const [{ n: published }] = await t.dataSource.query(
        'SELECT count(*)::int AS n FROM platform.outbox WHERE type = ANY($1)',
        [
          [
            'identity.user.registered',
            'scheduling.booking.requested',
            'scheduling.booking.confirmed',
            'scheduling.booking.cancelled',
            'scheduling.booking.expired',
            'scheduling.availability.changed',
            'tutoring.lesson.completed',
            'tutoring.review.submitted',
            'billing.payment.succeeded',
            'billing.refund.issued',
          ],
        ],
      );
      expect(published).toBe(0);
    });

    it('shows the admin an overview that matches the seeded bookings, lessons, payments and refunds', async () => {
      const expected = {
        created: await one('SELECT count(*)::int AS n FROM scheduling.bookings'),
        confirmed: await one(
          `SELECT count(*)::int AS n FROM scheduling.booking_history WHERE to_status = 'confirmed'`,
        ),
        cancelled: await one(
          `SELECT count(*)::int AS n FROM scheduling.booking_history WHERE to_status = 'cancelled'`,
        ),
        completed: await one(
          `SELECT count(*)::int AS n FROM tutoring.lessons WHERE status = 'completed'`,
        ),
      };
      expect(expected.completed).toBe(
        await one(`SELECT count(*)::int AS n FROM scheduling.bookings WHERE status = 'completed'`),
      );
      const payments = (await t.dataSource.query(
        `SELECT currency, amount::int, fee_bps FROM billing.payments WHERE status = 'succeeded'`,
      )) as { currency: string; amount: number; fee_bps: number }[];
      const refunds = (await t.dataSource.query(
        'SELECT currency, amount::int, fee_reversed::int FROM billing.refunds',
      )) as { currency: string; amount: number; fee_reversed: number }[];
      const revenue = new Map<
        string,
        { currency: string; gross: number; platformFees: number; refunds: number }
      >();
      const of = (currency: string) => {
        if (!revenue.has(currency))
          revenue.set(currency, { currency, gross: 0, platformFees: 0, refunds: 0 });
        return revenue.get(currency)!;
      };
      for (const p of payments) {
        of(p.currency).gross += p.amount;
        of(p.currency).platformFees += platformFee(p.amount, p.fee_bps);
      }
      for (const r of refunds) {
        of(r.currency).refunds += r.amount;
        of(r.currency).platformFees -= r.fee_reversed;
      }
      expect(refunds.length).toBeGreaterThan(0);

      const res = await t
        .http()
        .get('/api/v1/admin/analytics/overview')
        .query({ from: from() })
        .set(await admin());
      expect(res.status).toBe(200);
      expect(res.body.bookings).toEqual(expected);
      expect(res.body.revenue).toEqual(
        [...revenue.values()].sort((a, b) => a.currency.localeCompare(b.currency)),
      );
      expect(res.body).toMatchObject({
        activeTutors: await one(
          'SELECT count(DISTINCT tutor_id)::int AS n FROM scheduling.bookings',
        ),
        activeStudents: await one(
          'SELECT count(DISTINCT student_id)::int AS n FROM scheduling.bookings',
        ),
        newUsers: await one('SELECT count(*)::int AS n FROM identity.users'),
      });
    });

    it('lists the demo tutors on the leaderboard with their lessons and ratings, and shows a tutor their own', async () => {
      const res = await t
        .http()
        .get('/api/v1/admin/analytics/tutors')
        .query({ from: from(), limit: 100 })
        .set(await admin());
      expect(res.status).toBe(200);
      const rows = res.body.data as {
        tutorId: string;
        lessons: number;
        reviews: number;
        rating: number | null;
        utilization: number | null;
      }[];
      const tutors = (await t.dataSource.query(
        `SELECT b.tutor_id, u.email,
                count(*) FILTER (WHERE b.status = 'completed')::int AS lessons,
                (SELECT count(*)::int FROM tutoring.reviews r WHERE r.tutor_id = b.tutor_id) AS reviews,
                (SELECT round(avg(rating), 2)::float FROM tutoring.reviews r WHERE r.tutor_id = b.tutor_id) AS rating
           FROM scheduling.bookings b JOIN identity.users u ON u.id = b.tutor_id
          GROUP BY b.tutor_id, u.email ORDER BY b.tutor_id`,
      )) as {
        tutor_id: string;
        email: string;
        lessons: number;
        reviews: number;
        rating: number | null;
      }[];
      expect(tutors.length).toBeGreaterThan(1);
      expect(
        rows
          .map((row) => ({
            tutor_id: row.tutorId,
            lessons: row.lessons,
            reviews: row.reviews,
            rating: row.rating,
          }))
          .sort((a, b) => a.tutor_id.localeCompare(b.tutor_id)),
      ).toEqual(tutors.map(({ email: _email, ...tutor }) => tutor));
      // Their weekly hours were saved before the first booking: every tutor's utilization shows.
      expect(rows.every((row) => row.utilization !== null && row.utilization > 0)).toBe(true);

      const tutor = tutors.find((row) => row.email === 'ada.tutor@etutors.demo')!;
      const own = await t
        .http()
        .get('/api/v1/tutors/me/analytics')
        .query({ from: from() })
        .set({ authorization: `Bearer ${await login(t, tutor.email)}` });
      expect(own.status).toBe(200);
      expect(own.body).toMatchObject({ lessons: tutor.lessons, reviews: tutor.reviews });
      expect(own.body.earnings.length).toBeGreaterThan(0);
    });
  });

  it('prints the demo accounts, the password and what to try first', () => {
    const text = firstLines.join('\n');
    for (const email of [
      'admin@etutors.demo',
      'ada.tutor@etutors.demo',
      'sam.student@etutors.demo',
    ])
      expect(text).toContain(email);
    expect(text).toContain(PASSWORD);
    expect(text).toMatch(/What to try first/);
    expect(text).toMatch(/pm_card_visa/);
    for (const path of [
      '/payments',
      '/receipt',
      '/admin/ledger/accounts',
      '/conversations',
      '/notifications',
      '/tutors/me/earnings',
      '/tutors/me/payouts',
      '/tutors/me/statements?month=',
      'POST /api/v1/admin/payouts/run',
      'GET /api/v1/admin/analytics/overview',
      '/admin/analytics/tutors',
      '/admin/analytics/timeseries',
      'GET /api/v1/tutors/me/analytics',
    ])
      expect(text).toContain(path);
    expect(hints(firstLines).tutorEmail).toMatch(/^[a-z]+\.tutor@etutors\.demo$/);
  });

  it('has a succeeded payment for every paid booking, the policy refund on each cancelled one, and none for unpaid ones', async () => {
    const rows = (await t.dataSource.query(
      `SELECT b.id, b.status, b.price_amount, b.currency, b.refund_amount,
              EXISTS (SELECT 1 FROM scheduling.booking_history h WHERE h.booking_id = b.id AND h.to_status = 'confirmed') AS paid,
              p.status AS payment_status, p.amount::int, p.currency AS payment_currency, p.fee_bps,
              p.provider, p.refunded_amount::int,
              (SELECT coalesce(sum(r.amount), 0)::int FROM billing.refunds r WHERE r.payment_id = p.id) AS refunds,
              (SELECT count(*)::int FROM billing.receipts r WHERE r.payment_id = p.id AND r.pdf IS NOT NULL) AS receipts
         FROM scheduling.bookings b LEFT JOIN billing.payments p ON p.booking_id = b.id`,
    )) as {
      status: string;
      price_amount: number;
      currency: string;
      refund_amount: number | null;
      paid: boolean;
      payment_status: string | null;
      amount: number;
      payment_currency: string;
      fee_bps: number;
      provider: string;
      refunded_amount: number;
      refunds: number;
      receipts: number;
    }[];
    const paid = rows.filter((row) => row.paid);
    expect(paid.map((row) => row.status).sort()).toEqual(
      expect.arrayContaining(['cancelled', 'completed', 'confirmed']),
    );
    for (const row of paid) {
      expect(row).toMatchObject({
        payment_status: 'succeeded',
        amount: row.price_amount,
        payment_currency: row.currency,
        fee_bps: 1500,
        provider: 'sandbox',
        receipts: 1,
      });
      const refund = row.status === 'cancelled' ? (row.refund_amount ?? 0) : 0;
      expect([row.refunded_amount, row.refunds]).toEqual([refund, refund]);
    }
    expect(paid.some((row) => row.refunds > 0 && row.refunds < row.amount)).toBe(true);
    expect(paid.some((row) => row.refunds > 0 && row.refunds === row.amount)).toBe(true);
    for (const row of rows.filter((r) => !r.paid)) expect(row.payment_status).toBeNull();
    expect(rows.some((row) => row.status === 'pending_payment')).toBe(true);
  });

  it('posts a balanced ledger: every posting and every currency sums to zero, clearing holds what was kept', async () => {
    const unbalanced = await t.dataSource.query(
      `SELECT posting_id FROM billing.ledger_entries GROUP BY posting_id HAVING sum(amount) <> 0
       UNION ALL
       SELECT NULL FROM billing.ledger_entries GROUP BY currency HAVING sum(amount) <> 0`,
    );
    expect(unbalanced).toEqual([]);
    const [{ clearing, kept }] = await t.dataSource.query(
      `SELECT (SELECT sum(amount)::int FROM billing.ledger_entries WHERE account = 'provider_clearing') AS clearing,
              (SELECT sum(amount - refunded_amount)::int FROM billing.payments WHERE status = 'succeeded') AS kept`,
    );
    expect(clearing).toBeGreaterThan(0);
    expect(clearing).toBe(kept);
    const admin = await login(t, 'admin@etutors.demo');
    const res = await t
      .http()
      .get('/api/v1/admin/ledger/accounts')
      .set({ authorization: `Bearer ${admin}` });
    expect(res.status).toBe(200);
    const balances = res.body as { account: string; currency: string; balance: number }[];
    expect(new Set(balances.map((b) => b.account))).toEqual(
      // Completed lessons past the hold were released to their tutors: tutor_available.
      // One tutor was paid out by the past weekly run: tutor_paid_out.
      new Set([
        'provider_clearing',
        'tutor_pending',
        'tutor_available',
        'tutor_paid_out',
        'platform_revenue',
      ]),
    );
    const perCurrency = new Map<string, number>();
    for (const b of balances)
      perCurrency.set(b.currency, (perCurrency.get(b.currency) ?? 0) + b.balance);
    expect([...perCurrency.values()].every((sum) => sum === 0)).toBe(true);
  });

  it('shows the student their payments with receipts, a conversation with messages and an unread notification', async () => {
    const auth = { authorization: `Bearer ${await login(t, 'sam.student@etutors.demo')}` };
    const payments = await t.http().get('/api/v1/payments?limit=100').set(auth);
    expect(payments.status).toBe(200);
    const mine = payments.body.data as { id: string; status: string; refundedAmount: number }[];
    expect(mine.length).toBeGreaterThan(3);
    expect(mine.every((payment) => payment.status === 'succeeded')).toBe(true);
    expect(mine.some((payment) => payment.refundedAmount > 0)).toBe(true);
    const receipt = await t
      .http()
      .get(`/api/v1/payments/${mine[0]!.id}/receipt`)
      .set(auth)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(receipt.status).toBe(200);
    expect(receipt.headers['content-type']).toMatch(/application\/pdf/);
    expect((receipt.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');

    const conversations = await t.http().get('/api/v1/conversations').set(auth);
    expect(conversations.status).toBe(200);
    const [conversation] = conversations.body.data as {
      id: string;
      participantId: string;
      unreadCount: number;
      lastMessage: { senderId: string; body: string } | null;
    }[];
    expect(conversation).toMatchObject({ unreadCount: 1 });
    expect(conversation!.lastMessage?.senderId).toBe(conversation!.participantId);
    const messages = await t
      .http()
      .get(`/api/v1/conversations/${conversation!.id}/messages`)
      .set(auth);
    expect(messages.status).toBe(200);
    const kinds = (messages.body.data as { kind: string }[]).map((message) => message.kind);
    expect(kinds.filter((kind) => kind === 'user').length).toBeGreaterThanOrEqual(3);
    expect(kinds.at(-1)).toBe('system'); // newest first: the booking's confirmation opened it
    // The tutor has a confirmed booking with the student.
    const [{ n: confirmed }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM scheduling.bookings b
        JOIN identity.users u ON u.id = b.student_id
       WHERE u.email = 'sam.student@etutors.demo' AND b.tutor_id = $1 AND b.status = 'confirmed'`,
      [conversation!.participantId],
    );
    expect(confirmed).toBeGreaterThan(0);

    const all = await t.http().get('/api/v1/notifications').set(auth);
    expect(all.status).toBe(200);
    expect(all.body.data.length).toBeGreaterThanOrEqual(3);
    const unread = await t.http().get('/api/v1/notifications?unread=true').set(auth);
    expect(unread.status).toBe(200);
    expect((unread.body.data as { type: string }[]).map((n) => n.type)).toEqual(['new_message']);
  });

  it('lists approved tutors with distinct ratings, so sorting by rating shows', async () => {
    const res = await t.http().get('/api/v1/tutors?sort=-rating&limit=100');
    expect(res.status).toBe(200);
    const averages = (res.body.data as { rating: { average: number | null } }[]).map(
      (tutor) => tutor.rating.average,
    );
    expect(averages.length).toBeGreaterThanOrEqual(4);
    expect(new Set(averages).size).toBe(averages.length);
    expect([...averages].sort((a, b) => Number(b) - Number(a))).toEqual(averages);
  });

  it('gives every approved tutor free slots in the coming week, in their own time zone', async () => {
    const tutors = (await t.http().get('/api/v1/tutors?limit=100')).body.data as { id: string }[];
    const from = new Date(Date.now() + 3600_000);
    const to = new Date(from.getTime() + 7 * 24 * 3600_000);
    const zones = new Set<string>();
    for (const tutor of tutors) {
      const slots = await t
        .http()
        .get(`/api/v1/tutors/${tutor.id}/slots`)
        .query({ from: from.toISOString(), to: to.toISOString(), duration: 60 });
      expect(slots.status).toBe(200);
      expect(slots.body.length).toBeGreaterThan(0);
      zones.add((await t.http().get(`/api/v1/tutors/${tutor.id}`)).body.timezone);
    }
    expect(zones.size).toBe(tutors.length);
  });

  it('has bookings in every state, and each lesson belongs to a real booking', async () => {
    const bookingStates = (
      await t.dataSource.query('SELECT DISTINCT status FROM scheduling.bookings ORDER BY status')
    ).map((row: { status: string }) => row.status);
    expect(bookingStates).toEqual([
      'cancelled',
      'completed',
      'confirmed',
      'expired',
      'pending_payment',
    ]);
    const lessonStates = (
      await t.dataSource.query('SELECT DISTINCT status FROM tutoring.lessons ORDER BY status')
    ).map((row: { status: string }) => row.status);
    expect(lessonStates).toEqual(['cancelled', 'completed', 'no_show', 'scheduled']);
    // Each lesson's booking exists with the same people and times (compared across schemas by id only here).
    const lessons = (await t.dataSource.query(
      'SELECT booking_id, tutor_id, student_id, starts_at FROM tutoring.lessons',
    )) as { booking_id: string; tutor_id: string; student_id: string; starts_at: Date }[];
    const bookings = new Map(
      (
        (await t.dataSource.query(
          'SELECT id, tutor_id, student_id, starts_at, status FROM scheduling.bookings',
        )) as {
          id: string;
          tutor_id: string;
          student_id: string;
          starts_at: Date;
          status: string;
        }[]
      ).map((row) => [row.id, row]),
    );
    for (const lesson of lessons) {
      const booking = bookings.get(lesson.booking_id);
      expect(booking).toMatchObject({ tutor_id: lesson.tutor_id, student_id: lesson.student_id });
      expect(booking!.starts_at.getTime()).toBe(lesson.starts_at.getTime());
    }
    // Reviews sit on completed lessons only.
    const [{ n: misplaced }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM tutoring.reviews r JOIN tutoring.lessons l ON l.id = r.lesson_id WHERE l.status <> 'completed'`,
    );
    expect(misplaced).toBe(0);
  });

  it('shows the student their bookings and lessons, and leaves one completed lesson to review', async () => {
    const token = await login(t, 'sam.student@etutors.demo');
    const auth = { authorization: `Bearer ${token}` };
    const bookings = await t.http().get('/api/v1/bookings?limit=100').set(auth);
    expect(bookings.status).toBe(200);
    expect(bookings.body.data.length).toBeGreaterThan(5);
    const lessons = await t.http().get('/api/v1/lessons?status=completed&limit=100').set(auth);
    expect(lessons.status).toBe(200);
    const reviewable = [];
    for (const lesson of lessons.body.data as { id: string }[]) {
      const res = await t
        .http()
        .post(`/api/v1/lessons/${lesson.id}/review`)
        .set(auth)
        .send({ rating: 5, comment: 'Great' });
      if (res.status === 201) reviewable.push(lesson.id);
      else expect(res.status).toBe(409);
    }
    expect(reviewable.length).toBeGreaterThanOrEqual(1);
  });

  it('gives the admin a pending profile and a pending revision to review', async () => {
    const token = await login(t, 'admin@etutors.demo');
    const res = await t
      .http()
      .get('/api/v1/admin/tutors?status=pending&limit=100')
      .set({ authorization: `Bearer ${token}` });
    expect(res.status).toBe(200);
    const rows = res.body.data as {
      status: string;
      pendingRevision: { status: string; headline: string } | null;
    }[];
    // The first profile of a new tutor, and an approved tutor's edit.
    expect(rows.some((row) => row.status === 'pending')).toBe(true);
    expect(
      rows.some((row) => row.status === 'approved' && row.pendingRevision?.status === 'pending'),
    ).toBe(true);
  });

  it('leaves the student an unpaid booking, named in the printout, that pm_card_visa pays', async () => {
    const bookingId = /"bookingId":"([0-9a-f-]{36})"/.exec(firstLines.join('\n'))?.[1];
    expect(bookingId).toBeDefined();
    const auth = { authorization: `Bearer ${await login(t, 'sam.student@etutors.demo')}` };
    const created = await t
      .http()
      .post('/api/v1/payments')
      .set(auth)
      .set('idempotency-key', randomUUID())
      .send({ bookingId });
    expect(created.status).toBe(201);
    const confirmed = await t
      .http()
      .post(`/api/v1/payments/${created.body.id}/confirm`)
      .set(auth)
      .set('idempotency-key', randomUUID())
      .send({ paymentMethod: 'pm_card_visa' });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.status).toBe('succeeded');
    await eventually(async () => {
      const booking = await t.http().get(`/api/v1/bookings/${bookingId}`).set(auth);
      return booking.body.status === 'confirmed';
    });
  });

  describe('money out', () => {
    interface TutorPayment {
      id: string;
      booking_id: string;
      amount: number;
      fee_bps: number;
      refunded_amount: number;
      refunded_fee: number;
      released_at: Date | null;
      released_amount: number | null;
      currency: string;
    }
    const paidTutor = async () => {
      const { tutorEmail, month } = hints(firstLines);
      const [{ id }] = await t.dataSource.query(`SELECT id FROM identity.users WHERE email = $1`, [
        tutorEmail,
      ]);
      const auth = { authorization: `Bearer ${await login(t, tutorEmail!)}` };
      return { id: id as string, auth, month: month! };
    };
    const paymentsOf = async (tutorId: string): Promise<TutorPayment[]> =>
      t.dataSource.query(
        `SELECT id, booking_id, amount::int, fee_bps, refunded_amount::int, refunded_fee::int, released_at,
                released_amount::int, currency
           FROM billing.payments WHERE tutor_id = $1 AND status = 'succeeded' ORDER BY released_at, id`,
        [tutorId],
      );
    /** What is still the tutor's of a payment: its share less what refunds took back. */
    const shareOf = (p: TutorPayment) =>
      p.amount - platformFee(p.amount, p.fee_bps) - (p.refunded_amount - p.refunded_fee);
    const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
    const earnings = (auth: { authorization: string }) => tutorEarnings(t, auth);
    const payoutsOf = (auth: { authorization: string }) => tutorPayouts(t, auth);

    it('gives every bookable demo tutor a payout account, its IBAN stored only sealed under the development key', async () => {
      const rows = (await t.dataSource.query(
        `SELECT a.tutor_id, a.account_holder, a.iban_ciphertext, a.iban_key_id, a.iban_last4, u.email
           FROM billing.payout_accounts a JOIN identity.users u ON u.id = a.tutor_id ORDER BY u.email`,
      )) as {
        tutor_id: string;
        account_holder: string;
        iban_ciphertext: string;
        iban_key_id: string;
        iban_last4: string;
        email: string;
      }[];
      const [{ n: bookable }] = await t.dataSource.query(
        'SELECT count(DISTINCT tutor_id)::int AS n FROM scheduling.bookings',
      );
      expect(rows.length).toBe(bookable);
      const cipher = new DataCipher({ current: DEVELOPMENT_DATA_ENCRYPTION_KEY, previous: [] });
      const ibans = new Set<string>();
      for (const row of rows) {
        expect(row.iban_key_id).toBe(dataKeyId(DEVELOPMENT_DATA_ENCRYPTION_KEY));
        const iban = cipher.open(
          { ciphertext: row.iban_ciphertext, keyId: row.iban_key_id },
          PayoutAccountEntity.ibanContext(row.tutor_id),
        );
        expect(iban).toMatch(/^[A-Z]{2}\d{2}[A-Z0-9]+$/);
        expect(row.iban_ciphertext).not.toContain(iban);
        expect(iban.slice(-4)).toBe(row.iban_last4);
        ibans.add(iban);
        const auth = { authorization: `Bearer ${await login(t, row.email)}` };
        const res = await t.http().get('/api/v1/tutors/me/payout-account').set(auth);
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({
          accountHolder: row.account_holder,
          ibanLast4: row.iban_last4,
        });
        expect(JSON.stringify(res.body)).not.toContain(iban);
      }
      expect(ibans.size).toBe(rows.length);
      expect(ibans).toContain('DE89370400440532013000');
    });

    it("shows the paid tutor's earnings, the past run's sent payout with its lessons, and a statement that reconciles with the ledger", async () => {
      const tutor = await paidTutor();
      const [run, ...otherRuns] = (await t.dataSource.query(
        `SELECT id, trigger, status, started_at FROM billing.payout_runs`,
      )) as { id: string; trigger: string; status: string; started_at: Date }[];
      expect(otherRuns).toEqual([]);
      expect(run).toMatchObject({ trigger: 'schedule', status: 'completed' });
      expect(run!.started_at.getTime()).toBeLessThan(Date.now());

      // What the seeded payments say, independently of the ledger: shares released before the
      // run were paid out, those released since are available, the rest is still pending.
      const payments = await paymentsOf(tutor.id);
      const paidOut = payments.filter((p) => p.released_at && p.released_at < run!.started_at);
      const available = payments.filter((p) => p.released_at && p.released_at >= run!.started_at);
      const pending = payments.filter((p) => !p.released_at);
      expect([paidOut.length, available.length, pending.length].every((n) => n > 0)).toBe(true);
      for (const p of [...paidOut, ...available]) expect(p.released_amount).toBe(shareOf(p));
      const currency = payments[0]!.currency;
      expect(payments.every((p) => p.currency === currency)).toBe(true);
      const expected = {
        currency,
        pending: sum(pending.map(shareOf)),
        available: sum(available.map(shareOf)),
        paidOut: sum(paidOut.map(shareOf)),
      };
      expect(await earnings(tutor.auth)).toEqual([expected]);

      const [payout, ...older] = await payoutsOf(tutor.auth);
      expect(older).toEqual([]);
      expect(payout).toMatchObject({
        runId: run!.id,
        amount: expected.paidOut,
        currency,
        status: 'sent',
      });
      expect(payout!.lessons).toEqual(
        paidOut.map((p) => ({ bookingId: p.booking_id, paymentId: p.id, amount: shareOf(p) })),
      );
      const [transfer] = await t.dataSource.query(
        `SELECT t.status, t.amount::int, t.iban_last4 = a.iban_last4 AS to_the_account
           FROM billing.sandbox_transfers t JOIN billing.payout_accounts a ON a.tutor_id = $2
          WHERE t.payout_id = $1`,
        [payout!.id, tutor.id],
      );
      expect(transfer).toEqual({ status: 'sent', amount: expected.paidOut, to_the_account: true });

      expect(tutor.month).toBe(payout!.sentAt!.slice(0, 7));
      const statement = await t
        .http()
        .get(`/api/v1/tutors/me/statements?month=${tutor.month}`)
        .set(tutor.auth);
      expect(statement.status).toBe(200);
      const [section] = statement.body.currencies as {
        currency: string;
        closingBalance: number;
        payouts: { payoutId: string; amount: number }[];
      }[];
      const [year, month] = tutor.month.split('-').map(Number) as [number, number];
      const [{ owed }] = await t.dataSource.query(
        `SELECT -coalesce(sum(amount), 0)::int AS owed FROM billing.ledger_entries
          WHERE owner_id = $1 AND currency = $2 AND account IN ('tutor_pending', 'tutor_available')
            AND created_at < $3`,
        [tutor.id, currency, new Date(Date.UTC(year, month, 1))],
      );
      expect(section).toMatchObject({ currency, closingBalance: owed });
      expect(section!.payouts).toEqual([
        expect.objectContaining({ payoutId: payout!.id, amount: expected.paidOut }),
      ]);
    });

    it("lets the admin's payout run pay every available balance, the paid tutor's remainder included", async () => {
      const tutor = await paidTutor();
      const [before] = await earnings(tutor.auth);
      expect(before!.available).toBeGreaterThanOrEqual(PAYOUT_MINIMUM);
      const payable = (await t.dataSource.query(
        `SELECT owner_id FROM billing.ledger_entries WHERE account = 'tutor_available'
          GROUP BY owner_id, currency HAVING -sum(amount) >= $1`,
        [PAYOUT_MINIMUM],
      )) as unknown[];
      expect(payable.length).toBeGreaterThan(1);

      const admin = { authorization: `Bearer ${await login(t, 'admin@etutors.demo')}` };
      const started = await t.http().post('/api/v1/admin/payouts/run').set(admin);
      expect(started.status).toBe(202);
      const run = await eventually(async () => {
        const res = await t.http().get(`/api/v1/admin/payouts/runs/${started.body.id}`).set(admin);
        return res.body.status === 'completed' && res.body;
      });
      expect(run.counts).toMatchObject({
        planned: payable.length,
        sent: payable.length,
        failed: 0,
      });

      expect(await earnings(tutor.auth)).toEqual([
        { ...before, available: 0, paidOut: before!.paidOut + before!.available },
      ]);
      const [latest] = await payoutsOf(tutor.auth);
      expect(latest).toMatchObject({
        runId: started.body.id,
        status: 'sent',
        amount: before!.available,
      });
      const [{ n: left }] = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM (SELECT 1 FROM billing.ledger_entries WHERE account = 'tutor_available'
          GROUP BY owner_id, currency HAVING sum(amount) <> 0) unpaid`,
      );
      expect(left).toBe(0);
    });
  });
});
