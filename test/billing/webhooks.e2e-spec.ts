import { randomUUID } from 'node:crypto';
import { signSandboxWebhook } from '../../libs/billing/src/infrastructure/sandbox-webhook-signature.js';
import { given, WITH_ADMIN, type Actor } from '../support/given.js';
import { eventually, startTestApp, type TestApp } from '../support/test-app.js';
import { marketplace, type Marketplace } from './support/marketplace.js';

const SECRET = 'whsec_sandbox_for_these_tests';

describe('webhooks in, and the sandbox provider that sends them', () => {
  let t: TestApp;
  let market: Marketplace;

  beforeAll(async () => {
    t = await startTestApp({ env: { ...WITH_ADMIN, SANDBOX_WEBHOOK_SECRET: SECRET } });
    market = await marketplace(t);
  });
  afterAll(() => t.close());

  async function openPayment() {
    const { student, bookingId } = await market.bookedStudent({ minutes: 60 });
    const payment = await market.pay(student, bookingId);
    expect(payment.status).toBe(201);
    return {
      student,
      bookingId,
      paymentId: payment.body.id as string,
      providerPaymentId: `sbx_pi_${(payment.body.id as string).replaceAll('-', '')}`,
    };
  }
  const confirm = (student: Actor, paymentId: string, paymentMethod: string) =>
    market.confirm(student, paymentId, paymentMethod);
  const event = (type: string, providerPaymentId: string, id = `evt_${randomUUID()}`) =>
    JSON.stringify({ id, type, created: 0, data: { object: { id: providerPaymentId } } });
  const post = (body: string, signature: string | null) => {
    const req = t
      .http()
      .post('/api/v1/billing/webhooks/sandbox')
      .set('content-type', 'application/json');
    return (signature === null ? req : req.set('sandbox-signature', signature)).send(body);
  };
  const statusOf = async (student: Actor, paymentId: string) =>
    (await t.http().get(`/api/v1/payments/${paymentId}`).set(student.auth)).body.status as string;
  const eventRows = async (providerPaymentId: string) =>
    (await t.dataSource.query(
      `SELECT type, outcome FROM billing.provider_events WHERE provider_payment_id = $1 ORDER BY received_at`,
      [providerPaymentId],
    )) as { type: string; outcome: string }[];

  it('completes a 3-D Secure payment by the webhook the sandbox sends, and confirms the booking', async () => {
    const { student, bookingId, paymentId, providerPaymentId } = await openPayment();
    expect((await confirm(student, paymentId, 'pm_card_3ds')).body.status).toBe('requires_action');
    const done = await t
      .http()
      .post(`/api/v1/billing/sandbox/payments/${paymentId}/authenticate`)
      .set(student.auth)
      .send({ approve: true });
    expect(done.status).toBe(204);
    await eventually(async () => (await statusOf(student, paymentId)) === 'succeeded');
    await eventually(async () => {
      const res = await t.http().get(`/api/v1/bookings/${bookingId}`).set(student.auth);
      return res.body.status === 'confirmed';
    });
    const ledger = (await t.dataSource.query(
      `SELECT count(*)::int AS n FROM billing.ledger_entries WHERE payment_id = $1`,
      [paymentId],
    )) as { n: number }[];
    expect(ledger[0]!.n).toBe(3);
    expect(await eventRows(providerPaymentId)).toEqual(
      expect.arrayContaining([{ type: 'payment_intent.succeeded', outcome: 'applied' }]),
    );
  });

  it('fails a 3-D Secure payment whose challenge is declined, leaving the booking payable', async () => {
    const { student, bookingId, paymentId } = await openPayment();
    await confirm(student, paymentId, 'pm_card_3ds');
    await t
      .http()
      .post(`/api/v1/billing/sandbox/payments/${paymentId}/authenticate`)
      .set(student.auth)
      .send({ approve: false });
    await eventually(async () => (await statusOf(student, paymentId)) === 'failed');
    const res = await t.http().get(`/api/v1/bookings/${bookingId}`).set(student.auth);
    expect(res.body.status).toBe('pending_payment');
  });

  it('receives the webhook of a synchronous success too, which then changes nothing', async () => {
    const { student, paymentId, providerPaymentId } = await openPayment();
    expect((await confirm(student, paymentId, 'pm_card_visa')).body.status).toBe('succeeded');
    const rows = await eventually(async () => {
      const found = await eventRows(providerPaymentId);
      return found.length > 0 ? found : null;
    });
    expect(rows).toEqual([{ type: 'payment_intent.succeeded', outcome: 'no_change' }]);
    const [{ n }] = (await t.dataSource.query(
      `SELECT count(*)::int AS n FROM billing.ledger_entries WHERE payment_id = $1`,
      [paymentId],
    )) as { n: number }[];
    expect(n).toBe(3);
  });

  it('refuses a bad or missing signature and a stale timestamp with 400, and records nothing', async () => {
    const { providerPaymentId } = await openPayment();
    const body = event('payment_intent.succeeded', providerPaymentId);
    for (const signature of [
      null,
      'garbage',
      signSandboxWebhook(body, 'whsec_someone_else_entirely', new Date()),
      signSandboxWebhook(body, SECRET, new Date(Date.now() - 301_000)),
      signSandboxWebhook(body.replace('succeeded', 'payment_failed'), SECRET, new Date()),
    ]) {
      const res = await post(body, signature);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.code).toBe('webhook.signature_invalid');
    }
    expect(await eventRows(providerPaymentId)).toEqual([]);
  });

  it('processes each provider event once: a replay answers 200 and changes nothing', async () => {
    const { student, paymentId, providerPaymentId } = await openPayment();
    await confirm(student, paymentId, 'pm_card_3ds');
    const body = event('payment_intent.succeeded', providerPaymentId);
    const first = await post(body, signSandboxWebhook(body, SECRET, new Date()));
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ received: true, outcome: 'applied' });
    const replay = await post(body, signSandboxWebhook(body, SECRET, new Date()));
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual({ received: true, outcome: 'duplicate' });
    expect(await statusOf(student, paymentId)).toBe('succeeded');
    const outbox = (await t.dataSource.query(
      `SELECT count(*)::int AS n FROM platform.outbox WHERE type = 'billing.payment.succeeded' AND aggregate_id = $1`,
      [paymentId],
    )) as { n: number }[];
    expect(outbox[0]!.n).toBe(1);
  });

  it('never moves a payment backwards: a late requires_action or failure after success is ignored', async () => {
    const { student, paymentId, providerPaymentId } = await openPayment();
    expect((await confirm(student, paymentId, 'pm_card_visa')).body.status).toBe('succeeded');
    for (const type of ['payment_intent.requires_action', 'payment_intent.payment_failed']) {
      const body = event(type, providerPaymentId);
      const res = await post(body, signSandboxWebhook(body, SECRET, new Date()));
      expect(res.body).toEqual({ received: true, outcome: 'no_change' });
    }
    expect(await statusOf(student, paymentId)).toBe('succeeded');
  });

  it('answers 200 to unknown event types and unknown payments, changing nothing', async () => {
    const unknownType = event('customer.created', 'sbx_pi_whatever');
    expect(
      (await post(unknownType, signSandboxWebhook(unknownType, SECRET, new Date()))).body,
    ).toEqual({
      received: true,
      outcome: 'ignored',
    });
    const unknownPayment = event('payment_intent.succeeded', 'sbx_pi_nobody');
    expect(
      (await post(unknownPayment, signSandboxWebhook(unknownPayment, SECRET, new Date()))).body,
    ).toEqual({ received: true, outcome: 'unknown_payment' });
  });

  it('takes webhooks only for the configured provider (404 for another)', async () => {
    const res = await t.http().post('/api/v1/billing/webhooks/stripe').send({ id: 'evt_1' });
    expect(res.status).toBe(404);
  });

  it('lets only the payer complete a challenge, and only while one is pending', async () => {
    const { student, paymentId } = await openPayment();
    const stranger = await given(t).student();
    const authenticate = (actor: Actor) =>
      t
        .http()
        .post(`/api/v1/billing/sandbox/payments/${paymentId}/authenticate`)
        .set(actor.auth)
        .send({ approve: true });
    expect((await authenticate(student)).status).toBe(409);
    await confirm(student, paymentId, 'pm_card_3ds');
    expect((await authenticate(stranger)).status).toBe(404);
  });
});
