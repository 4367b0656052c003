import { randomUUID } from 'node:crypto';
import { given, WITH_ADMIN, type Actor } from '../support/given.js';
import { eventually, startTestApp, type TestApp } from '../support/test-app.js';
import { marketplace, type Marketplace } from './support/marketplace.js';

describe('payments: book, pay, confirmed, lesson', () => {
  let t: TestApp;
  let market: Marketplace;
  let admin: Actor;
  let tutor: Actor;

  beforeAll(async () => {
    t = await startTestApp({ env: { ...WITH_ADMIN, PLATFORM_FEE_BPS: '1500' } });
    market = await marketplace(t);
    ({ admin, tutor } = market);
  });
  afterAll(() => t.close());

  const bookedStudent = async () => {
    const { student, bookingId } = await market.bookedStudent();
    return { student, booking: { id: bookingId } };
  };
  const pay = (student: Actor, bookingId: string, key?: string) =>
    market.pay(student, bookingId, key);
  const confirm = (student: Actor, paymentId: string, paymentMethod: string, key?: string) =>
    market.confirm(student, paymentId, paymentMethod, key);
  const ledgerOf = async (paymentId: string) =>
    (await t.dataSource.query(
      `SELECT account, owner_id AS "ownerId", currency, amount::int AS amount
         FROM billing.ledger_entries WHERE payment_id = $1 ORDER BY amount DESC`,
      [paymentId],
    )) as { account: string; ownerId: string | null; currency: string; amount: number }[];

  it('closes the loop: the payment succeeds, the booking is confirmed and the lesson created, by events', async () => {
    const { student, booking } = await bookedStudent();
    const created = await pay(student, booking.id);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      bookingId: booking.id,
      status: 'requires_confirmation',
      amount: 6000,
      currency: 'USD',
      provider: 'sandbox',
      platformFee: 900,
    });
    expect(typeof created.body.clientSecret).toBe('string');

    const confirmed = await confirm(student, created.body.id, 'pm_card_visa');
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({
      id: created.body.id,
      status: 'succeeded',
      clientSecret: null,
    });

    const confirmedBooking = await eventually(async () => {
      const res = await t.http().get(`/api/v1/bookings/${booking.id}`).set(student.auth);
      return res.body.status === 'confirmed' ? res.body : null;
    });
    expect(confirmedBooking.status).toBe('confirmed');
    const lesson = await eventually(async () => {
      const res = await t.http().get(`/api/v1/lessons?bookingId=${booking.id}`).set(tutor.auth);
      return res.body.data?.[0];
    });
    expect(lesson).toMatchObject({
      bookingId: booking.id,
      tutorId: tutor.id,
      studentId: student.id,
      status: 'scheduled',
    });

    expect(await ledgerOf(created.body.id)).toEqual([
      { account: 'provider_clearing', ownerId: null, currency: 'USD', amount: 6000 },
      { account: 'platform_revenue', ownerId: null, currency: 'USD', amount: -900 },
      { account: 'tutor_pending', ownerId: tutor.id, currency: 'USD', amount: -5100 },
    ]);
    const [event] = (await t.dataSource.query(
      `SELECT payload FROM platform.outbox WHERE type = 'billing.payment.succeeded' AND aggregate_id = $1`,
      [created.body.id],
    )) as { payload: Record<string, unknown> }[];
    expect(event!.payload).toMatchObject({
      bookingId: booking.id,
      amount: 6000,
      currency: 'USD',
      platformFee: 900,
      tutorId: tutor.id,
    });
  });

  it('declines a card with its reason and keeps the booking payable; another card then succeeds', async () => {
    const { student, booking } = await bookedStudent();
    const { body: payment } = await pay(student, booking.id);
    const declined = await confirm(student, payment.id, 'pm_card_declined');
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({ status: 'failed', declineCode: 'card_declined' });
    expect(declined.body.failureReason).toMatch(/declined/);
    expect(await ledgerOf(payment.id)).toEqual([]);
    const [failedEvent] = (await t.dataSource.query(
      `SELECT payload FROM platform.outbox WHERE type = 'billing.payment.failed' AND aggregate_id = $1`,
      [payment.id],
    )) as { payload: Record<string, unknown> }[];
    expect(failedEvent!.payload).toMatchObject({
      bookingId: booking.id,
      declineCode: 'card_declined',
    });
    const stillPending = await t.http().get(`/api/v1/bookings/${booking.id}`).set(student.auth);
    expect(stillPending.body.status).toBe('pending_payment');

    const retried = await confirm(student, payment.id, 'pm_card_visa');
    expect(retried.body).toMatchObject({
      status: 'succeeded',
      declineCode: null,
      failureReason: null,
    });
    await eventually(async () => {
      const res = await t.http().get(`/api/v1/bookings/${booking.id}`).set(student.auth);
      return res.body.status === 'confirmed';
    });
  });

  it('reports a 3-D Secure card as requiring action, and charges nothing yet', async () => {
    const { student, booking } = await bookedStudent();
    const { body: payment } = await pay(student, booking.id);
    const res = await confirm(student, payment.id, 'pm_card_3ds');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('requires_action');
    expect(await ledgerOf(payment.id)).toEqual([]);
  });

  it('refuses a second payment of a paid booking (409) and a second confirmation of a paid payment (409)', async () => {
    const { student, booking } = await bookedStudent();
    const { body: payment } = await pay(student, booking.id);
    expect((await confirm(student, payment.id, 'pm_card_visa')).body.status).toBe('succeeded');
    const again = await pay(student, booking.id);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('payment.booking_already_paid');
    const reconfirm = await confirm(student, payment.id, 'pm_card_visa');
    expect(reconfirm.status).toBe(409);
    expect(reconfirm.body.code).toBe('payment.not_confirmable');
    expect((await ledgerOf(payment.id)).length).toBe(3);
  });

  it('hands back the open payment of a booking instead of creating a second one', async () => {
    const { student, booking } = await bookedStudent();
    const first = await pay(student, booking.id);
    const second = await pay(student, booking.id);
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);
  });

  it('hides other students’ bookings and payments (404), and lists only the caller’s own', async () => {
    const { student, booking } = await bookedStudent();
    const stranger = await given(t).student();
    const res = await pay(stranger, booking.id);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('booking.not_found');
    const { body: payment } = await pay(student, booking.id);
    expect((await t.http().get(`/api/v1/payments/${payment.id}`).set(stranger.auth)).status).toBe(
      404,
    );
    expect((await confirm(stranger, payment.id, 'pm_card_visa')).status).toBe(404);
    expect((await t.http().get(`/api/v1/payments/${payment.id}`).set(student.auth)).body.id).toBe(
      payment.id,
    );
    expect((await t.http().get(`/api/v1/payments/${payment.id}`).set(admin.auth)).status).toBe(200);
    const mine = await t.http().get('/api/v1/payments').set(student.auth);
    expect(mine.body.data.map((p: { id: string }) => p.id)).toEqual([payment.id]);
    expect((await t.http().get('/api/v1/payments').set(stranger.auth)).body.meta.total).toBe(0);
  });

  it('refuses a booking whose hold has run out (422), and a tutor or bad input (403, 400)', async () => {
    const { student, booking } = await bookedStudent();
    await t.dataSource.query(
      `UPDATE scheduling.bookings SET hold_expires_at = now() - interval '1 minute' WHERE id = $1`,
      [booking.id],
    );
    const expired = await pay(student, booking.id);
    expect(expired.status).toBe(422);
    expect(expired.body.code).toBe('payment.booking_not_payable');
    expect((await pay(tutor, booking.id)).status).toBe(403);
    const bad = await t
      .http()
      .post('/api/v1/payments')
      .set(student.auth)
      .set('idempotency-key', randomUUID())
      .send({ bookingId: 'nope' });
    expect(bad.status).toBe(400);
    const unknownCard = await (async () => {
      const next = await bookedStudent();
      const { body: payment } = await pay(next.student, next.booking.id);
      return confirm(next.student, payment.id, 'pm_card_unknown');
    })();
    expect(unknownCard.status).toBe(422);
    expect(unknownCard.body.code).toBe('payment.unknown_method');
    expect(
      (
        await t.dataSource.query(
          `SELECT count(*)::int AS n FROM billing.payments WHERE booking_id = $1`,
          [booking.id],
        )
      )[0].n,
    ).toBe(0);
  });

  it('creates exactly one payment and one charge under 20 concurrent identical requests', async () => {
    const { student, booking } = await bookedStudent();
    const key = randomUUID();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => pay(student, booking.id, key)),
    );
    const ok = answers.filter((res) => res.status === 201);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    expect(new Set(ok.map((res) => res.body.id)).size).toBe(1);
    for (const res of answers.filter((r) => r.status !== 201))
      expect(res.body.code).toBe('idempotency.in_flight');
    const paymentId = ok[0]!.body.id;
    const confirmKey = randomUUID();
    const confirms = await Promise.all(
      Array.from({ length: 20 }, () => confirm(student, paymentId, 'pm_card_visa', confirmKey)),
    );
    expect(
      confirms.filter((res) => res.status === 200).every((res) => res.body.status === 'succeeded'),
    ).toBe(true);
    const [row] = (await t.dataSource.query(
      `SELECT confirm_attempts FROM billing.payments WHERE id = $1`,
      [paymentId],
    )) as { confirm_attempts: number }[];
    expect(row!.confirm_attempts).toBe(1);
    expect((await ledgerOf(paymentId)).length).toBe(3);
  });

  it('keeps the ledger balanced: per currency the account balances sum to zero', async () => {
    const res = await t.http().get('/api/v1/admin/ledger/accounts').set(admin.auth);
    expect(res.status).toBe(200);
    expect(res.body.length).toBeGreaterThan(0);
    const sums = new Map<string, number>();
    for (const row of res.body as { currency: string; balance: number }[]) {
      sums.set(row.currency, (sums.get(row.currency) ?? 0) + row.balance);
    }
    for (const sum of sums.values()) expect(sum).toBe(0);
    expect((await t.http().get('/api/v1/admin/ledger/accounts').set(tutor.auth)).status).toBe(403);
  });

  it('refuses to change or delete a ledger entry, and refuses an unbalanced posting', async () => {
    await expect(
      t.dataSource.query(`UPDATE billing.ledger_entries SET amount = amount + 1`),
    ).rejects.toThrow(/append-only/);
    await expect(t.dataSource.query(`DELETE FROM billing.ledger_entries`)).rejects.toThrow(
      /append-only/,
    );
    const [payment] = (await t.dataSource.query(`SELECT id FROM billing.payments LIMIT 1`)) as {
      id: string;
    }[];
    await expect(
      t.dataSource.query(
        `INSERT INTO billing.ledger_entries (id, posting_id, account, owner_id, currency, amount, kind, payment_id, created_at)
         VALUES ($1, $2, 'provider_clearing', NULL, 'USD', 100, 'payment_captured', $3, now())`,
        [randomUUID(), randomUUID(), payment!.id],
      ),
    ).rejects.toThrow(/does not balance/);
  });

  it('refuses a payout posting that names no payout or one that does not exist, and a payout named on another kind', async () => {
    // A balanced payout posting, as the payout run writes it, but for the payout given.
    const postPayout = (payoutId: string | null, kind = 'payout_sent') =>
      t.dataSource.query(
        `INSERT INTO billing.ledger_entries (id, posting_id, account, owner_id, currency, amount, kind, payout_id, created_at)
         VALUES ($1, $3, 'tutor_available', $4, 'USD', 100, $5, $6, now()),
                ($2, $3, 'tutor_paid_out', $4, 'USD', -100, $5, $6, now())`,
        [randomUUID(), randomUUID(), randomUUID(), tutor.id, kind, payoutId],
      );
    await expect(postPayout(null)).rejects.toThrow(/ledger_entries_payout_sent_names_payout_check/);
    await expect(postPayout(randomUUID())).rejects.toThrow(/ledger_entries_payout_fk/);
    // The kind check comes first: any other posting naming a payout is refused whatever it names.
    await expect(postPayout(randomUUID(), 'earnings_released')).rejects.toThrow(
      /ledger_entries_payout_sent_names_payout_check/,
    );
    const [{ count }] = (await t.dataSource.query(
      `SELECT count(*)::int AS count FROM billing.ledger_entries WHERE owner_id = $1 AND kind = 'payout_sent'`,
      [tutor.id],
    )) as { count: number }[];
    expect(count).toBe(0);
  });
});

describe('confirmations with a small connection pool', () => {
  let t: TestApp;
  let market: Marketplace;

  beforeAll(async () => {
    t = await startTestApp({ env: { ...WITH_ADMIN, DATABASE_POOL_SIZE: '2' } });
    market = await marketplace(t);
  });
  afterAll(() => t.close());

  it('never waits for a second connection inside a confirmation: more confirmations than connections all finish', async () => {
    const open = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const { student, bookingId } = await market.bookedStudent();
        const payment = await market.pay(student, bookingId);
        return { student, paymentId: payment.body.id as string };
      }),
    );
    const answers = await Promise.all(
      open.map(({ student, paymentId }) => market.confirm(student, paymentId, 'pm_card_visa')),
    );
    expect(answers.map((res) => res.body.status)).toEqual([
      'succeeded',
      'succeeded',
      'succeeded',
      'succeeded',
    ]);
  });
});
