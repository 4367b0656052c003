import { ControllableClock } from '@etutors/platform';
import { LedgerRepository } from '../../libs/billing/src/infrastructure/ledger.repository.js';
import type { Actor } from '../support/given.js';
import { eventually, type TestApp } from '../support/test-app.js';
import { DAY, HOUR } from '../scheduling/support.js';
import { marketplace, type Marketplace } from './support/marketplace.js';
import { moneyOut, startAppOnClock, type MoneyOut } from './support/money-out.js';
import { postSandboxDispute, type SandboxDispute } from './support/sandbox-dispute.js';

const SECRET = 'whsec_sandbox_for_the_escrow_tests';
const MINUTE = 60_000;

/**
 * The tutor's share of a payment, held from payment to lesson completion plus the hold
 * (48 h here), then released to the tutor once. The marketplace's tutor charges 4000 USD an hour:
 * a 90-minute lesson is 6000, the 15 % fee 900, the tutor's share 5100.
 */
describe('escrow: a paid lesson’s earnings are held until it is completed and the hold has passed', () => {
  let t: TestApp;
  let money: MoneyOut;
  const clock = new ControllableClock(new Date());

  beforeAll(async () => {
    t = await startAppOnClock(clock, {
      env: { PLATFORM_FEE_BPS: '1500', PAYOUT_HOLD_HOURS: '48', SANDBOX_WEBHOOK_SECRET: SECRET },
    });
    money = moneyOut(t, clock);
  });
  afterAll(() => t.close());
  afterEach(() => clock.set(new Date()));

  const release = () => money.releaseDue();
  const balances = (tutor: Actor) => t.get(LedgerRepository).tutorBalances(tutor.id);
  const balanceOf = async (tutor: Actor) => {
    const rows = await balances(tutor);
    return rows.find((row) => row.currency === 'USD') ?? { pending: 0, available: 0, paidOut: 0 };
  };
  /** The tutor's accounts as the admin route shows them (money owed to the tutor is negative). */
  const ledgerAccounts = async (admin: Actor, tutor: Actor) => {
    const res = await t.http().get('/api/v1/admin/ledger/accounts').set(admin.auth);
    expect(res.status).toBe(200);
    return Object.fromEntries(
      (res.body as { account: string; ownerId: string | null; balance: number }[])
        .filter((row) => row.ownerId === tutor.id)
        .map((row) => [row.account, row.balance]),
    );
  };
  const escrowOf = async (paymentId: string) => {
    const [row] = (await t.dataSource.query(
      `SELECT lesson_completed_at AS "lessonCompletedAt", late_cancelled_at AS "lateCancelledAt",
              release_due_at AS "releaseDueAt",
              released_at AS "releasedAt", released_amount::int AS "releasedAmount", disputed_at AS "disputedAt"
         FROM billing.payments WHERE id = $1`,
      [paymentId],
    )) as {
      lessonCompletedAt: Date | null;
      lateCancelledAt: Date | null;
      releaseDueAt: Date | null;
      releasedAt: Date | null;
      releasedAmount: number | null;
      disputedAt: Date | null;
    }[];
    return row!;
  };
  const releasePostings = async (paymentId: string) =>
    (await t.dataSource.query(
      `SELECT account, amount::int AS amount FROM billing.ledger_entries
        WHERE payment_id = $1 AND kind = 'earnings_released' ORDER BY account`,
      [paymentId],
    )) as { account: string; amount: number }[];
  const releasedEvents = async (paymentId: string) =>
    (await t.dataSource.query(
      `SELECT payload FROM platform.outbox WHERE type = 'billing.earnings.released' AND aggregate_id = $1`,
      [paymentId],
    )) as { payload: Record<string, unknown> }[];

  /** The tutor completes the lesson once it has ended; resolves when billing has started the hold. */
  const completeLesson = (market: Marketplace, bookingId: string, paymentId: string) =>
    money.completeLesson(market.tutor, { bookingId, paymentId });
  const refund = (admin: Actor, paymentId: string, amount: number) =>
    money.refund(admin, paymentId, amount);
  const dispute = (type: SandboxDispute['type'], paymentId: string, status: string) =>
    postSandboxDispute(t, { type, chargeId: paymentId, status, secret: SECRET, at: clock.now() });

  it('keeps the share pending through completion and the hold, then makes it available once', async () => {
    const market = await marketplace(t);
    const { bookingId, paymentId } = await market.paidBooking();
    expect(await balanceOf(market.tutor)).toEqual({
      currency: 'USD',
      pending: 5100,
      available: 0,
      paidOut: 0,
    });
    // Paid but not yet taught: nothing is due, however long it waits.
    expect(await release()).toBe(0);

    const completedAt = await completeLesson(market, bookingId, paymentId);
    expect(await escrowOf(paymentId)).toMatchObject({
      lessonCompletedAt: completedAt,
      releaseDueAt: new Date(completedAt.getTime() + 48 * HOUR),
      releasedAt: null,
      releasedAmount: null,
    });
    expect(await balanceOf(market.tutor)).toMatchObject({ pending: 5100, available: 0 });

    clock.set(new Date(completedAt.getTime() + 48 * HOUR - MINUTE));
    expect(await release()).toBe(0);
    expect(await balanceOf(market.tutor)).toMatchObject({ pending: 5100, available: 0 });

    clock.set(new Date(completedAt.getTime() + 48 * HOUR));
    expect(await release()).toBe(1);
    expect(await balanceOf(market.tutor)).toEqual({
      currency: 'USD',
      pending: 0,
      available: 5100,
      paidOut: 0,
    });
    expect(await ledgerAccounts(market.admin, market.tutor)).toEqual({
      tutor_pending: 0,
      tutor_available: -5100,
    });
    expect(await releasePostings(paymentId)).toEqual([
      { account: 'tutor_available', amount: -5100 },
      { account: 'tutor_pending', amount: 5100 },
    ]);
    expect(await escrowOf(paymentId)).toMatchObject({
      releasedAt: clock.now(),
      releasedAmount: 5100,
    });
    expect((await releasedEvents(paymentId)).map((event) => event.payload)).toEqual([
      { paymentId, bookingId, tutorId: market.tutor.id, amount: 5100, currency: 'USD' },
    ]);

    // Released once: later runs find nothing.
    clock.advance(DAY);
    expect(await release()).toBe(0);
    expect(await releasePostings(paymentId)).toHaveLength(2);
    expect(await balanceOf(market.tutor)).toMatchObject({ pending: 0, available: 5100 });
  });

  it('releases each payment once when two release jobs run at the same time', async () => {
    const market = await marketplace(t);
    const paid = [];
    for (let i = 0; i < 6; i++) paid.push(await market.paidBooking());
    for (const { bookingId, paymentId } of paid) await completeLesson(market, bookingId, paymentId);
    clock.advance(49 * HOUR);

    const [first, second] = await Promise.all([release(), release()]);
    expect(first + second).toBe(6);
    for (const { paymentId } of paid) {
      expect(await releasePostings(paymentId)).toEqual([
        { account: 'tutor_available', amount: -5100 },
        { account: 'tutor_pending', amount: 5100 },
      ]);
      expect(await releasedEvents(paymentId)).toHaveLength(1);
    }
    expect(await balanceOf(market.tutor)).toMatchObject({ pending: 0, available: 6 * 5100 });
  });

  it('releases only what a partial refund before release left of the share', async () => {
    const market = await marketplace(t);
    const { bookingId, paymentId } = await market.paidBooking();
    await completeLesson(market, bookingId, paymentId);
    // 2000 back: 300 of it from the fee, 1700 from the tutor's held share.
    expect((await refund(market.admin, paymentId, 2000)).status).toBe(201);
    expect(await balanceOf(market.tutor)).toMatchObject({ pending: 3400, available: 0 });

    clock.advance(48 * HOUR);
    expect(await release()).toBe(1);
    expect(await balanceOf(market.tutor)).toMatchObject({ pending: 0, available: 3400 });
    expect(await escrowOf(paymentId)).toMatchObject({ releasedAmount: 3400 });
  });

  it('never makes a share available whose payment was refunded in full before release', async () => {
    const market = await marketplace(t);
    const { bookingId, paymentId } = await market.paidBooking();
    await completeLesson(market, bookingId, paymentId);
    expect((await refund(market.admin, paymentId, 6000)).status).toBe(201);

    clock.advance(48 * HOUR);
    expect(await release()).toBe(1);
    expect(await escrowOf(paymentId)).toMatchObject({ releasedAmount: 0 });
    expect(await releasePostings(paymentId)).toEqual([]);
    expect(await releasedEvents(paymentId)).toEqual([]);
    expect(await balanceOf(market.tutor)).toMatchObject({ pending: 0, available: 0 });
  });

  it('never makes a cancelled lesson’s share available: it never completes, and was refunded', async () => {
    const market = await marketplace(t);
    const { bookingId, paymentId } = await market.paidBooking();
    const lesson = await money.lessonOf(market.tutor, bookingId);
    const cancelled = await t
      .http()
      .post(`/api/v1/bookings/${bookingId}/cancel`)
      .set(market.tutor.auth)
      .send({ reason: 'ill' });
    expect(cancelled.body.refund).toEqual({ amount: 6000, currency: 'USD' });
    await eventually(async () => (await balanceOf(market.tutor)).pending === 0);
    await eventually(async () => {
      const res = await t.http().get(`/api/v1/lessons/${lesson.id}`).set(market.tutor.auth);
      return res.body.status === 'cancelled';
    });

    clock.set(new Date(new Date(lesson.endsAt).getTime() + 49 * HOUR));
    const completion = await t
      .http()
      .post(`/api/v1/lessons/${lesson.id}/complete`)
      .set(market.tutor.auth);
    expect(completion.status).toBe(409);
    expect(await release()).toBe(0);
    expect(await escrowOf(paymentId)).toMatchObject({ releaseDueAt: null, releasedAt: null });
    expect(await balanceOf(market.tutor)).toMatchObject({ pending: 0, available: 0 });
  });

  it('holds what a late cancellation leaves the tutor from the cancellation, then releases it once', async () => {
    const market = await marketplace(t);
    // Five hours ahead: the student's cancellation is late, so half (3000, fee 450) comes back.
    const soon = new Date(
      Math.ceil((clock.now().getTime() + 5 * HOUR) / (15 * MINUTE)) * 15 * MINUTE,
    ).toISOString();
    const { student, bookingId, paymentId } = await market.paidBooking({ startsAt: soon });
    const cancelled = await t
      .http()
      .post(`/api/v1/bookings/${bookingId}/cancel`)
      .set(student.auth)
      .send({ reason: 'plans changed' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.refund).toEqual({ amount: 3000, currency: 'USD' });

    const { lateCancelledAt } = await eventually(async () => {
      const escrow = await escrowOf(paymentId);
      return escrow.lateCancelledAt ? escrow : null;
    });
    const [cancellation] = (await t.dataSource.query(
      `SELECT occurred_at AS "occurredAt" FROM platform.outbox
        WHERE type = 'scheduling.booking.cancelled' AND aggregate_id = $1`,
      [bookingId],
    )) as { occurredAt: Date }[];
    expect(await escrowOf(paymentId)).toMatchObject({
      lessonCompletedAt: null,
      lateCancelledAt: cancellation!.occurredAt,
      releaseDueAt: new Date(lateCancelledAt!.getTime() + 48 * HOUR),
      releasedAt: null,
    });
    // 5100 captured for the tutor, 2550 of it refunded: 2550 is theirs, held.
    expect(await balanceOf(market.tutor)).toMatchObject({ pending: 2550, available: 0 });

    clock.set(new Date(lateCancelledAt!.getTime() + 48 * HOUR - MINUTE));
    expect(await release()).toBe(0);
    clock.set(new Date(lateCancelledAt!.getTime() + 48 * HOUR));
    expect(await release()).toBe(1);
    expect(await balanceOf(market.tutor)).toEqual({
      currency: 'USD',
      pending: 0,
      available: 2550,
      paidOut: 0,
    });
    expect(await releasePostings(paymentId)).toEqual([
      { account: 'tutor_available', amount: -2550 },
      { account: 'tutor_pending', amount: 2550 },
    ]);
    expect((await releasedEvents(paymentId)).map((event) => event.payload)).toEqual([
      { paymentId, bookingId, tutorId: market.tutor.id, amount: 2550, currency: 'USD' },
    ]);
    clock.advance(DAY);
    expect(await release()).toBe(0);
  });

  it('takes a refund after release from the available balance, which may go negative until later earnings settle it', async () => {
    const market = await marketplace(t);
    const first = await market.paidBooking();
    const second = await market.paidBooking();
    await completeLesson(market, first.bookingId, first.paymentId);
    clock.advance(48 * HOUR);
    expect(await release()).toBe(1);
    // A payout run pays the tutor the share.
    await money.setPayoutAccount(market.tutor);
    expect((await money.runPayouts(market.admin)).counts).toMatchObject({ sent: 1, failed: 0 });
    expect(await balanceOf(market.tutor)).toEqual({
      currency: 'USD',
      pending: 5100,
      available: 0,
      paidOut: 5100,
    });

    expect((await refund(market.admin, first.paymentId, 6000)).status).toBe(201);
    const [posting] = (await t.dataSource.query(
      `SELECT account, amount::int AS amount FROM billing.ledger_entries
        WHERE payment_id = $1 AND kind = 'refund_issued' AND owner_id IS NOT NULL`,
      [first.paymentId],
    )) as { account: string; amount: number }[];
    expect(posting).toEqual({ account: 'tutor_available', amount: 5100 });
    // The second lesson's share is still held, untouched; the tutor owes the first one back.
    expect(await balanceOf(market.tutor)).toEqual({
      currency: 'USD',
      pending: 5100,
      available: -5100,
      paidOut: 5100,
    });
    expect(await ledgerAccounts(market.admin, market.tutor)).toEqual({
      tutor_pending: -5100,
      tutor_available: 5100,
      tutor_paid_out: -5100,
    });

    await completeLesson(market, second.bookingId, second.paymentId);
    clock.advance(48 * HOUR);
    expect(await release()).toBe(1);
    expect(await balanceOf(market.tutor)).toEqual({
      currency: 'USD',
      pending: 0,
      available: 0,
      paidOut: 5100,
    });
  });

  it('holds a disputed payment’s share past the hold until the dispute is won', async () => {
    const market = await marketplace(t);
    const { bookingId, paymentId } = await market.paidBooking();
    await completeLesson(market, bookingId, paymentId);
    const opened = await dispute('charge.dispute.created', paymentId, 'needs_response');
    expect(opened.status).toBe(200);
    expect(opened.body).toEqual({ received: true, outcome: 'applied' });
    expect((await escrowOf(paymentId)).disputedAt).toEqual(clock.now());
    // Opening it again changes nothing.
    expect((await dispute('charge.dispute.created', paymentId, 'needs_response')).body).toEqual({
      received: true,
      outcome: 'no_change',
    });

    clock.advance(72 * HOUR);
    expect(await release()).toBe(0);
    expect(await balanceOf(market.tutor)).toMatchObject({ pending: 5100, available: 0 });

    expect((await dispute('charge.dispute.closed', paymentId, 'won')).body).toEqual({
      received: true,
      outcome: 'applied',
    });
    expect((await escrowOf(paymentId)).disputedAt).toBeNull();
    expect(await release()).toBe(1);
    expect(await balanceOf(market.tutor)).toMatchObject({ pending: 0, available: 5100 });
  });

  it('charges a lost dispute back: the share and the fee are reversed as a refund, and nothing is released', async () => {
    const market = await marketplace(t);
    const { student, bookingId, paymentId } = await market.paidBooking();
    await completeLesson(market, bookingId, paymentId);
    await dispute('charge.dispute.created', paymentId, 'needs_response');
    expect((await dispute('charge.dispute.closed', paymentId, 'lost')).body).toEqual({
      received: true,
      outcome: 'applied',
    });
    const refunds = (await t.dataSource.query(
      `SELECT amount::int AS amount, fee_reversed::int AS "feeReversed", source,
              provider_refund_id AS "providerRefundId"
         FROM billing.refunds WHERE payment_id = $1`,
      [paymentId],
    )) as { amount: number; feeReversed: number; source: string; providerRefundId: string }[];
    expect(refunds).toEqual([
      {
        amount: 6000,
        feeReversed: 900,
        source: 'chargeback',
        providerRefundId: expect.stringMatching(/^dp_/),
      },
    ]);
    expect(await escrowOf(paymentId)).toMatchObject({ disputedAt: null });
    expect(await balanceOf(market.tutor)).toMatchObject({ pending: 0, available: 0 });
    // The student's bank gave the money back: the payment shows it refunded.
    const payment = await t.http().get(`/api/v1/payments/${paymentId}`).set(student.auth);
    expect(payment.body).toMatchObject({ refundedAmount: 6000 });
    // Closing it again changes nothing; the payment is marked released with nothing to release.
    expect((await dispute('charge.dispute.closed', paymentId, 'lost')).body).toEqual({
      received: true,
      outcome: 'no_change',
    });
    clock.advance(3 * DAY);
    expect(await release()).toBe(1);
    expect(await escrowOf(paymentId)).toMatchObject({ releasedAmount: 0 });
    expect(await releasePostings(paymentId)).toEqual([]);
    expect(await balanceOf(market.tutor)).toMatchObject({ pending: 0, available: 0 });
  });

  it('takes a lost dispute on a released share from the available balance', async () => {
    const market = await marketplace(t);
    const { bookingId, paymentId } = await market.paidBooking();
    await completeLesson(market, bookingId, paymentId);
    clock.advance(48 * HOUR);
    expect(await release()).toBe(1);
    expect(await balanceOf(market.tutor)).toMatchObject({ pending: 0, available: 5100 });
    await dispute('charge.dispute.created', paymentId, 'needs_response');
    await dispute('charge.dispute.closed', paymentId, 'lost');
    expect(await balanceOf(market.tutor)).toMatchObject({ pending: 0, available: 0 });
    expect(await ledgerAccounts(market.admin, market.tutor)).toEqual({
      tutor_pending: 0,
      tutor_available: 0,
    });
  });

  it('lifts the hold when the bank closes an inquiry without a chargeback', async () => {
    const market = await marketplace(t);
    const { bookingId, paymentId } = await market.paidBooking();
    await completeLesson(market, bookingId, paymentId);
    await dispute('charge.dispute.created', paymentId, 'warning_needs_response');
    expect((await dispute('charge.dispute.closed', paymentId, 'warning_closed')).body).toEqual({
      received: true,
      outcome: 'applied',
    });
    clock.advance(48 * HOUR);
    expect(await release()).toBe(1);
    expect(await balanceOf(market.tutor)).toMatchObject({ pending: 0, available: 5100 });
  });
});
