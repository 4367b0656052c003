import { randomUUID } from 'node:crypto';
import { EventBus, JobQueue, UnitOfWork } from '@etutors/platform';
import { BookingPaymentAfterExpiry } from '@etutors/scheduling/events';
import { WITH_ADMIN, type Actor } from '../support/given.js';
import { eventually, startTestApp, type TestApp } from '../support/test-app.js';
import { HOUR } from '../scheduling/support.js';
import { marketplace, type Marketplace } from './support/marketplace.js';

interface Line {
  account: string;
  ownerId: string | null;
  amount: number;
}

describe('refunds: by the cancellation policy, for late payments, by an admin', () => {
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

  /** A student whose 90-minute booking (6000, fee 900) is paid and confirmed. */
  const paidBooking = (startsAt?: string) => market.paidBooking({ startsAt });
  const cancel = (actor: Actor, bookingId: string) =>
    t
      .http()
      .post(`/api/v1/bookings/${bookingId}/cancel`)
      .set(actor.auth)
      .send({ reason: 'plans changed' });
  const refundsOf = async (paymentId: string) =>
    (await t.dataSource.query(
      `SELECT amount::int AS amount, fee_reversed::int AS "feeReversed", source FROM billing.refunds WHERE payment_id = $1 ORDER BY created_at`,
      [paymentId],
    )) as { amount: number; feeReversed: number; source: string }[];
  const refundPosting = async (paymentId: string): Promise<Line[]> =>
    (await t.dataSource.query(
      `SELECT account, owner_id AS "ownerId", amount::int AS amount FROM billing.ledger_entries
        WHERE payment_id = $1 AND kind = 'refund_issued' ORDER BY account`,
      [paymentId],
    )) as Line[];
  const waitForRefund = (paymentId: string) =>
    eventually(async () => (await refundsOf(paymentId))[0]);

  it('refunds everything when the tutor cancels, reversing the tutor share and the fee', async () => {
    const { bookingId, paymentId } = await paidBooking();
    expect((await cancel(tutor, bookingId)).body.refund).toEqual({ amount: 6000, currency: 'USD' });
    expect(await waitForRefund(paymentId)).toEqual({
      amount: 6000,
      feeReversed: 900,
      source: 'cancellation',
    });
    expect(await refundPosting(paymentId)).toEqual([
      { account: 'platform_revenue', ownerId: null, amount: 900 },
      { account: 'provider_clearing', ownerId: null, amount: -6000 },
      { account: 'tutor_pending', ownerId: tutor.id, amount: 5100 },
    ]);
    const [event] = (await t.dataSource.query(
      `SELECT payload FROM platform.outbox WHERE type = 'billing.refund.issued' AND aggregate_id = $1`,
      [paymentId],
    )) as { payload: Record<string, unknown> }[];
    expect(event!.payload).toMatchObject({
      bookingId,
      amount: 6000,
      currency: 'USD',
      source: 'cancellation',
      feeReversed: 900,
    });
  });

  it('refunds everything when the student cancels 24 h or more ahead', async () => {
    const { student, bookingId, paymentId } = await paidBooking();
    await cancel(student, bookingId);
    expect(await waitForRefund(paymentId)).toMatchObject({ amount: 6000, feeReversed: 900 });
  });

  it('refunds half when the student cancels later, and half of the fee with it', async () => {
    const soon = new Date(
      Math.ceil((Date.now() + 5 * HOUR) / (15 * 60_000)) * 15 * 60_000,
    ).toISOString();
    const { student, bookingId, paymentId } = await paidBooking(soon);
    expect((await cancel(student, bookingId)).body.refund.amount).toBe(3000);
    expect(await waitForRefund(paymentId)).toEqual({
      amount: 3000,
      feeReversed: 450,
      source: 'cancellation',
    });
    expect(await refundPosting(paymentId)).toEqual([
      { account: 'platform_revenue', ownerId: null, amount: 450 },
      { account: 'provider_clearing', ownerId: null, amount: -3000 },
      { account: 'tutor_pending', ownerId: tutor.id, amount: 2550 },
    ]);
    const payment = await t.http().get(`/api/v1/payments/${paymentId}`).set(student.auth);
    expect(payment.body.refundedAmount).toBe(3000);
  });

  it('refunds a cancellation once, however often its event is delivered', async () => {
    const { student, bookingId, paymentId } = await paidBooking();
    await cancel(student, bookingId);
    await waitForRefund(paymentId);
    const [event] = (await t.dataSource.query(
      `SELECT id, type, version, occurred_at AS "occurredAt", aggregate_id AS "aggregateId",
              actor_id AS "actorId", payload
         FROM platform.outbox WHERE type = 'scheduling.booking.cancelled' AND aggregate_id = $1`,
      [bookingId],
    )) as { id: string }[];
    // Hand the same event to billing's subscriber again, as a redelivering queue would.
    const redelivery = `${event!.id}:redelivered`;
    await t
      .get(JobQueue)
      .add('domain-events', 'billing.refund-cancelled-booking', event, { jobId: redelivery });
    await eventually(async () => {
      const counts = (await t.get(JobQueue).counts())['domain-events'];
      return counts.waiting + counts.active + counts.delayed === 0;
    });
    const failed = await t.get(JobQueue).failedJobs('domain-events');
    expect(failed.map((job) => job.id)).not.toContain(redelivery);
    expect(await refundsOf(paymentId)).toHaveLength(1);
  });

  it('refunds a payment that arrived after its booking expired, in full', async () => {
    const { bookingId, paymentId, student } = await paidBooking();
    await t.get(UnitOfWork).run((tx) =>
      t.get(EventBus).publish(tx, BookingPaymentAfterExpiry, {
        aggregateId: bookingId,
        payload: { bookingId, paymentId, studentId: student.id, amount: 6000, currency: 'USD' },
      }),
    );
    expect(await waitForRefund(paymentId)).toEqual({
      amount: 6000,
      feeReversed: 900,
      source: 'payment_after_expiry',
    });
  });

  it('lets an admin refund part of a payment, never more than was captured, also under 20 concurrent requests', async () => {
    const { paymentId } = await paidBooking();
    const refund = (amount: number, key = randomUUID()) =>
      t
        .http()
        .post(`/api/v1/admin/payments/${paymentId}/refunds`)
        .set(admin.auth)
        .set('idempotency-key', key)
        .send({ amount, reason: 'goodwill' });
    const first = await refund(1000);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ paymentId, amount: 1000, currency: 'USD', source: 'admin' });
    const tooMuch = await refund(5001);
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.code).toBe('refund.exceeds_captured');
    expect(tooMuch.body.refundable).toBe(5000);

    const answers = await Promise.all(Array.from({ length: 20 }, () => refund(1000)));
    expect(answers.filter((res) => res.status === 201)).toHaveLength(5);
    expect(
      answers
        .filter((res) => res.status === 422)
        .every((res) => res.body.code === 'refund.exceeds_captured'),
    ).toBe(true);
    const refunds = await refundsOf(paymentId);
    expect(refunds.reduce((sum, r) => sum + r.amount, 0)).toBe(6000);
    // Partial refunds reverse exactly the whole fee once everything is back.
    expect(refunds.reduce((sum, r) => sum + r.feeReversed, 0)).toBe(900);
    const [{ balance }] = (await t.dataSource.query(
      `SELECT sum(amount)::int AS balance FROM billing.ledger_entries WHERE payment_id = $1 AND account = 'provider_clearing'`,
      [paymentId],
    )) as { balance: number }[];
    expect(balance).toBe(0);
  });

  it('refuses refunds to non-admins (403), of unknown payments (404), and bad amounts (400)', async () => {
    const { student, paymentId } = await paidBooking();
    const post = (actor: Actor, id: string, body: object) =>
      t
        .http()
        .post(`/api/v1/admin/payments/${id}/refunds`)
        .set(actor.auth)
        .set('idempotency-key', randomUUID())
        .send(body);
    expect((await post(student, paymentId, { amount: 100, reason: 'x' })).status).toBe(403);
    expect((await post(admin, randomUUID(), { amount: 100, reason: 'x' })).status).toBe(404);
    for (const amount of [0, -5, 1.5, '100', 2 ** 31]) {
      expect((await post(admin, paymentId, { amount, reason: 'x' })).status).toBe(400);
    }
    expect((await post(admin, paymentId, { amount: 100 })).status).toBe(400);
    expect(await refundsOf(paymentId)).toEqual([]);
  });
});
