import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { WebhookSignatureError } from '../../libs/billing/src/billing.errors.js';
import { StripePaymentProvider } from '../../libs/billing/src/infrastructure/stripe-payment.provider.js';
import { given, WITH_ADMIN, type Actor } from '../support/given.js';
import { eventually, startTestApp, type TestApp } from '../support/test-app.js';
import { book, openAllWeek, startAt } from '../scheduling/support.js';
import { startFakeStripe, type FakeStripe } from './support/fake-stripe.js';

const WEBHOOK_SECRET = 'whsec_test_stripe_provider_spec';

/** A Stripe-Signature header, made the way Stripe makes it. */
const sign = (payload: string, at: Date, secret = WEBHOOK_SECRET) =>
  Stripe.webhooks.generateTestHeaderString({
    payload,
    secret,
    timestamp: Math.floor(at.getTime() / 1000),
  });

describe('the Stripe payment provider, against a loopback fake of Stripe', () => {
  let fake: FakeStripe;
  let stripe: StripePaymentProvider;

  beforeAll(async () => {
    fake = await startFakeStripe();
    stripe = new StripePaymentProvider({
      secretKey: 'sk_test_provider_spec',
      webhookSecret: WEBHOOK_SECRET,
      apiUrl: new URL(fake.url),
    });
  });
  afterAll(() => fake.close());

  const createIntent = (paymentId = randomUUID(), amount = 6000) =>
    stripe.createIntent({
      paymentId,
      amount,
      currency: 'USD',
      idempotencyKey: `payment:${paymentId}:create`,
    });
  const callsWithKey = (key: string) => fake.calls.filter((call) => call.idempotencyKey === key);

  describe('payments and refunds', () => {
    it('creates a manually confirmed card PaymentIntent for the amount, in lower-case currency', async () => {
      const paymentId = randomUUID();
      const created = await createIntent(paymentId);
      const intent = fake.intents.get(created.providerPaymentId);
      expect(intent).toMatchObject({
        amount: 6000,
        currency: 'usd',
        confirmation_method: 'manual',
        allowed_payment_method_types: ['card'],
        metadata: { paymentId },
      });
      expect(created.clientSecret).toBe(intent!.client_secret);
      expect(callsWithKey(`payment:${paymentId}:create`)).toHaveLength(1);
    });

    it('confirms with a card that succeeds', async () => {
      const { providerPaymentId } = await createIntent();
      const outcome = await stripe.confirm({
        providerPaymentId,
        paymentMethod: 'pm_card_visa',
        idempotencyKey: `${providerPaymentId}:confirm:1`,
      });
      expect(outcome).toEqual({ status: 'succeeded' });
      expect(fake.intents.get(providerPaymentId)).toMatchObject({
        status: 'succeeded',
        payment_method: 'pm_card_visa',
      });
    });

    it.each(['pm_card_chargeDeclined', 'pm_card_declined'])(
      'answers a decline (%s, a 402 card error) as failed, with the decline code and message',
      async (paymentMethod) => {
        const { providerPaymentId } = await createIntent();
        const outcome = await stripe.confirm({
          providerPaymentId,
          paymentMethod,
          idempotencyKey: `${providerPaymentId}:confirm:1`,
        });
        expect(outcome).toEqual({
          status: 'failed',
          declineCode: 'generic_decline',
          reason: 'Your card was declined.',
        });
        expect(fake.calls.at(-1)!.status).toBe(402);
      },
    );

    it.each(['pm_card_threeDSecure2Required', 'pm_card_3ds'])(
      'reports a 3-D Secure card (%s) as requiring action, charging nothing',
      async (paymentMethod) => {
        const charges = fake.charges();
        const { providerPaymentId } = await createIntent();
        const outcome = await stripe.confirm({
          providerPaymentId,
          paymentMethod,
          idempotencyKey: `${providerPaymentId}:confirm:1`,
        });
        expect(outcome).toEqual({ status: 'requires_action' });
        expect(fake.charges()).toBe(charges);
      },
    );

    it('refuses an unknown payment method as bad input, not as a decline', async () => {
      const { providerPaymentId } = await createIntent();
      await expect(
        stripe.confirm({
          providerPaymentId,
          paymentMethod: 'pm_card_nonsense',
          idempotencyKey: `${providerPaymentId}:confirm:1`,
        }),
      ).rejects.toMatchObject({ code: 'payment.unknown_method' });
    });

    it('refunds part of a captured payment at the provider, with our idempotency key', async () => {
      const { providerPaymentId } = await createIntent();
      await stripe.confirm({
        providerPaymentId,
        paymentMethod: 'pm_card_visa',
        idempotencyKey: `${providerPaymentId}:confirm:1`,
      });
      const refundId = randomUUID();
      const { providerRefundId } = await stripe.refund({
        providerPaymentId,
        amount: 2500,
        currency: 'USD',
        idempotencyKey: `refund:${refundId}`,
      });
      expect(fake.refunds.get(providerRefundId)).toMatchObject({
        payment_intent: providerPaymentId,
        amount: 2500,
        currency: 'usd',
      });
      expect(callsWithKey(`refund:${refundId}`)).toHaveLength(1);
    });

    it('lets a retry with the same idempotency key create, charge and refund nothing twice', async () => {
      const paymentId = randomUUID();
      const intentsBefore = fake.intents.size;
      // A job that ran twice: the second call asks the same question under the same key.
      const first = await createIntent(paymentId);
      const again = await createIntent(paymentId);
      expect(again).toEqual(first);
      expect(fake.intents.size).toBe(intentsBefore + 1);

      const chargesBefore = fake.charges();
      const confirmKey = `payment:${paymentId}:confirm:1`;
      const confirm = () =>
        stripe.confirm({
          providerPaymentId: first.providerPaymentId,
          paymentMethod: 'pm_card_visa',
          idempotencyKey: confirmKey,
        });
      expect(await confirm()).toEqual({ status: 'succeeded' });
      // Replayed by Stripe, not rejected as "already succeeded": the same answer again.
      expect(await confirm()).toEqual({ status: 'succeeded' });
      expect(fake.charges()).toBe(chargesBefore + 1);
      expect(callsWithKey(confirmKey).map((call) => call.replayed)).toEqual([false, true]);

      const refundsBefore = fake.refunds.size;
      const refund = () =>
        stripe.refund({
          providerPaymentId: first.providerPaymentId,
          amount: 6000,
          currency: 'USD',
          idempotencyKey: `refund:${paymentId}`,
        });
      const refunded = await refund();
      expect(await refund()).toEqual(refunded);
      expect(fake.refunds.size).toBe(refundsBefore + 1);
    });

    it('retries by itself, under our key, when the answer is lost on the way, and charges once', async () => {
      const { providerPaymentId } = await createIntent();
      const chargesBefore = fake.charges();
      const key = `${providerPaymentId}:confirm:1`;
      fake.loseNextResponse();
      const outcome = await stripe.confirm({
        providerPaymentId,
        paymentMethod: 'pm_card_visa',
        idempotencyKey: key,
      });
      expect(outcome).toEqual({ status: 'succeeded' });
      expect(callsWithKey(key).map((call) => call.replayed)).toEqual([false, true]);
      expect(fake.charges()).toBe(chargesBefore + 1);
    });

    it('lets an outage (5xx after the SDK retries) fail the call rather than pass for a decline', async () => {
      const paymentId = randomUUID();
      const intentsBefore = fake.intents.size;
      fake.failNext(500, 3);
      await expect(createIntent(paymentId)).rejects.toBeInstanceOf(Stripe.errors.StripeAPIError);
      expect(callsWithKey(`payment:${paymentId}:create`)).toHaveLength(3);
      expect(fake.intents.size).toBe(intentsBefore);
      // Once Stripe is back, the caller's retry under the same key creates it, once.
      const created = await createIntent(paymentId);
      expect(fake.intents.get(created.providerPaymentId)?.metadata).toEqual({ paymentId });
      expect(fake.intents.size).toBe(intentsBefore + 1);
    });
  });

  describe('transfers to tutors', () => {
    const destination = (stripeAccountId: string | null) => ({
      accountHolder: 'Ada Tutor',
      iban: 'DE89370400440532013000',
      stripeAccountId,
    });
    const transfer = (payoutId: string, stripeAccountId: string | null, amount = 5100) =>
      stripe.transfer({
        payoutId,
        amount,
        currency: 'USD',
        destination: destination(stripeAccountId),
        idempotencyKey: `payout:${payoutId}`,
      });

    it('transfers to the connected account, grouped and labelled by the payout, once per key', async () => {
      fake.connectAccount('acct_tutor_one');
      const payoutId = randomUUID();
      const before = fake.transfers.size;
      const outcome = await transfer(payoutId, 'acct_tutor_one');
      expect(outcome).toEqual({
        status: 'sent',
        providerTransferId: expect.stringMatching(/^tr_/),
      });
      const providerTransferId = (outcome as { providerTransferId: string }).providerTransferId;
      expect(fake.transfers.get(providerTransferId)).toMatchObject({
        amount: 5100,
        currency: 'usd',
        destination: 'acct_tutor_one',
        transfer_group: `payout:${payoutId}`,
        metadata: { payoutId },
      });
      // A send retried after a crash asks again under the same key: Stripe's first answer.
      expect(await transfer(payoutId, 'acct_tutor_one')).toEqual(outcome);
      expect(fake.transfers.size).toBe(before + 1);
      expect(callsWithKey(`payout:${payoutId}`).map((call) => call.replayed)).toEqual([
        false,
        true,
      ]);
    });

    it('fails a payout to a tutor with no connected account without calling Stripe', async () => {
      const payoutId = randomUUID();
      expect(await transfer(payoutId, null)).toEqual({
        status: 'failed',
        reason: 'no connected Stripe account',
      });
      expect(callsWithKey(`payout:${payoutId}`)).toEqual([]);
    });

    it("fails a payout Stripe refuses (an unknown account) with Stripe's message", async () => {
      const payoutId = randomUUID();
      expect(await transfer(payoutId, 'acct_nobody')).toEqual({
        status: 'failed',
        reason: "No such destination: 'acct_nobody'",
      });
    });

    it('throws on an outage, and the retry under the same key transfers once', async () => {
      fake.connectAccount('acct_tutor_two');
      const payoutId = randomUUID();
      const before = fake.transfers.size;
      fake.failNext(503, 3);
      await expect(transfer(payoutId, 'acct_tutor_two')).rejects.toBeInstanceOf(
        Stripe.errors.StripeAPIError,
      );
      expect(fake.transfers.size).toBe(before);
      expect(await transfer(payoutId, 'acct_tutor_two')).toMatchObject({ status: 'sent' });
      expect(fake.transfers.size).toBe(before + 1);
    });
  });

  describe('finding the transfer of a payout given up', () => {
    const find = (payoutId: string) =>
      stripe.findTransfer({ payoutId, idempotencyKey: `payout:${payoutId}` });

    it("finds the transfer in the payout's group, and none for a payout never sent", async () => {
      fake.connectAccount('acct_tutor_three');
      const payoutId = randomUUID();
      const sent = await stripe.transfer({
        payoutId,
        amount: 5100,
        currency: 'USD',
        destination: {
          accountHolder: 'Ada Tutor',
          iban: 'DE89370400440532013000',
          stripeAccountId: 'acct_tutor_three',
        },
        idempotencyKey: `payout:${payoutId}`,
      });
      expect(await find(payoutId)).toEqual({
        providerTransferId: (sent as { providerTransferId: string }).providerTransferId,
      });
      expect(await find(randomUUID())).toBeNull();
      expect(fake.calls.at(-1)).toMatchObject({
        method: 'GET',
        path: '/v1/transfers',
        params: { transfer_group: expect.stringMatching(/^payout:/), limit: '1' },
      });
    });

    it('throws when Stripe cannot say', async () => {
      fake.failNext(503, 3);
      await expect(find(randomUUID())).rejects.toBeInstanceOf(Stripe.errors.StripeAPIError);
    });
  });

  describe('webhooks', () => {
    const now = new Date();
    const intentFor = async () => {
      const { providerPaymentId } = await createIntent();
      return fake.intents.get(providerPaymentId)!;
    };
    const parse = (body: string, headers: Record<string, string | undefined>, at = now) =>
      stripe.parseWebhook({ rawBody: Buffer.from(body), headers, now: at });

    it('verifies the signature and maps payment_intent.succeeded to payment.succeeded', async () => {
      const intent = await intentFor();
      const event = fake.eventFor('payment_intent.succeeded', intent);
      expect(parse(event.body, { 'stripe-signature': sign(event.body, now) })).toEqual({
        id: event.id,
        type: 'payment.succeeded',
        providerType: 'payment_intent.succeeded',
        providerPaymentId: intent.id,
      });
    });

    it('maps payment_intent.requires_action, and payment_failed with its decline code and message', async () => {
      const intent = await intentFor();
      const action = fake.eventFor('payment_intent.requires_action', intent);
      expect(parse(action.body, { 'stripe-signature': sign(action.body, now) })).toMatchObject({
        type: 'payment.requires_action',
        providerPaymentId: intent.id,
      });
      await stripe.confirm({
        providerPaymentId: intent.id,
        paymentMethod: 'pm_card_chargeDeclinedInsufficientFunds',
        idempotencyKey: `${intent.id}:confirm:1`,
      });
      const failed = fake.eventFor('payment_intent.payment_failed', fake.intents.get(intent.id)!);
      expect(parse(failed.body, { 'stripe-signature': sign(failed.body, now) })).toEqual({
        id: failed.id,
        type: 'payment.failed',
        providerType: 'payment_intent.payment_failed',
        providerPaymentId: intent.id,
        declineCode: 'insufficient_funds',
        reason: 'Your card has insufficient funds.',
      });
    });

    it('ignores the event types it does not act on', async () => {
      const intent = await intentFor();
      const created = fake.eventFor('payment_intent.created', intent);
      expect(parse(created.body, { 'stripe-signature': sign(created.body, now) })).toEqual({
        id: created.id,
        type: 'ignored',
        providerType: 'payment_intent.created',
        providerPaymentId: intent.id,
      });
      const customer = JSON.stringify({
        id: 'evt_customer',
        object: 'event',
        type: 'customer.created',
        data: { object: { id: 'cus_1', object: 'customer' } },
      });
      expect(parse(customer, { 'stripe-signature': sign(customer, now) })).toMatchObject({
        type: 'ignored',
        providerPaymentId: null,
      });
    });

    it('accepts a delivery signed 299 s ago, and refuses one signed 301 s ago or 301 s ahead', async () => {
      const event = fake.eventFor('payment_intent.succeeded', await intentFor());
      const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);
      expect(parse(event.body, { 'stripe-signature': sign(event.body, at(-299)) }).type).toBe(
        'payment.succeeded',
      );
      for (const seconds of [-301, 301]) {
        expect(() =>
          parse(event.body, { 'stripe-signature': sign(event.body, at(seconds)) }),
        ).toThrow(WebhookSignatureError);
      }
    });

    it('refuses a wrong secret, a changed body and a missing or repeated header', async () => {
      const event = fake.eventFor('payment_intent.succeeded', await intentFor());
      const refusals = [
        () =>
          parse(event.body, { 'stripe-signature': sign(event.body, now, 'whsec_someone_else') }),
        () =>
          parse(event.body.replace('"livemode":false', '"livemode":true'), {
            'stripe-signature': sign(event.body, now),
          }),
        () => parse(event.body, {}),
        () => parse(event.body, { 'stripe-signature': '' }),
        () => parse(event.body, { 'stripe-signature': 'garbage' }),
        () =>
          stripe.parseWebhook({
            rawBody: Buffer.from(event.body),
            headers: { 'stripe-signature': [sign(event.body, now), sign(event.body, now)] },
            now,
          }),
      ];
      for (const refusal of refusals) {
        expect(refusal).toThrow(WebhookSignatureError);
      }
    });
  });
});

describe('paying through the API with PAYMENT_PROVIDER=stripe', () => {
  let fake: FakeStripe;
  let t: TestApp;
  let admin: Actor;
  let tutor: Actor;
  let subjectId: string;

  beforeAll(async () => {
    fake = await startFakeStripe();
    t = await startTestApp({
      env: {
        ...WITH_ADMIN,
        PLATFORM_FEE_BPS: '1500',
        PAYMENT_PROVIDER: 'stripe',
        STRIPE_SECRET_KEY: 'sk_test_x',
        STRIPE_WEBHOOK_SECRET: 'whsec_x',
        STRIPE_API_URL: fake.url,
      },
    });
    admin = await given(t).admin();
    subjectId = (await given(t).subject(admin)).id;
    tutor = await given(t).approvedTutor(admin, {
      subjectIds: [subjectId],
      rate: 4000,
      currency: 'USD',
    });
    await openAllWeek(t, tutor);
  });
  afterAll(async () => {
    await t?.close();
    await fake.close();
  });

  let day = 2;
  /** A fresh student with a pending_payment booking of 90 minutes (price 6000 USD). */
  async function bookedStudent() {
    const student = await given(t).student();
    const res = await book(t, student, tutor, subjectId, startAt(day++, 10), 90);
    expect(res.status).toBe(201);
    return { student, booking: res.body as { id: string } };
  }
  const pay = (student: Actor, bookingId: string) =>
    t
      .http()
      .post('/api/v1/payments')
      .set(student.auth)
      .set('idempotency-key', randomUUID())
      .send({ bookingId });
  const confirm = (student: Actor, paymentId: string, paymentMethod: string) =>
    t
      .http()
      .post(`/api/v1/payments/${paymentId}/confirm`)
      .set(student.auth)
      .set('idempotency-key', randomUUID())
      .send({ paymentMethod });
  const bookingConfirmed = (student: Actor, bookingId: string) =>
    eventually(async () => {
      const res = await t.http().get(`/api/v1/bookings/${bookingId}`).set(student.auth);
      return res.body.status === 'confirmed';
    });
  const postWebhook = (body: string, signature: string | null) => {
    const req = t
      .http()
      .post('/api/v1/billing/webhooks/stripe')
      .set('content-type', 'application/json');
    return (signature === null ? req : req.set('stripe-signature', signature)).send(body);
  };

  it('pays a booking at Stripe: the intent is ours, a visa card succeeds, the booking is confirmed', async () => {
    const { student, booking } = await bookedStudent();
    const created = await pay(student, booking.id);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      bookingId: booking.id,
      status: 'requires_confirmation',
      provider: 'stripe',
      amount: 6000,
      currency: 'USD',
    });
    const [{ providerPaymentId }] = (await t.dataSource.query(
      `SELECT provider_payment_id AS "providerPaymentId" FROM billing.payments WHERE id = $1`,
      [created.body.id],
    )) as { providerPaymentId: string }[];
    const intent = fake.intents.get(providerPaymentId);
    expect(intent).toMatchObject({
      amount: 6000,
      currency: 'usd',
      metadata: { paymentId: created.body.id },
    });
    expect(created.body.clientSecret).toBe(intent!.client_secret);
    expect(fake.calls.find((call) => call.path === '/v1/payment_intents')?.idempotencyKey).toBe(
      `payment:${created.body.id}:create`,
    );

    const confirmed = await confirm(student, created.body.id, 'pm_card_visa');
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ id: created.body.id, status: 'succeeded' });
    expect(fake.intents.get(providerPaymentId)!.status).toBe('succeeded');
    expect(
      fake.calls.filter((call) => call.path === `/v1/payment_intents/${providerPaymentId}/confirm`),
    ).toMatchObject([{ idempotencyKey: `payment:${created.body.id}:confirm:1`, status: 200 }]);
    expect(await bookingConfirmed(student, booking.id)).toBe(true);
  });

  it('answers a declined card with Stripe decline code, and leaves the booking payable', async () => {
    const { student, booking } = await bookedStudent();
    const { body: payment } = await pay(student, booking.id);
    const declined = await confirm(student, payment.id, 'pm_card_chargeDeclined');
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({
      status: 'failed',
      declineCode: 'generic_decline',
      failureReason: 'Your card was declined.',
    });
    const res = await t.http().get(`/api/v1/bookings/${booking.id}`).set(student.auth);
    expect(res.body.status).toBe('pending_payment');
  });

  it('refuses an unknown payment method with a 422, not a 500', async () => {
    const { student, booking } = await bookedStudent();
    const { body: payment } = await pay(student, booking.id);
    const res = await confirm(student, payment.id, 'pm_card_nonsense');
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('payment.unknown_method');
  });

  it('completes a 3-D Secure payment from its signed payment_intent.succeeded webhook, once', async () => {
    const { student, booking } = await bookedStudent();
    const { body: payment } = await pay(student, booking.id);
    const pending = await confirm(student, payment.id, 'pm_card_threeDSecure2Required');
    expect(pending.body.status).toBe('requires_action');
    const [{ providerPaymentId }] = (await t.dataSource.query(
      `SELECT provider_payment_id AS "providerPaymentId" FROM billing.payments WHERE id = $1`,
      [payment.id],
    )) as { providerPaymentId: string }[];

    // The customer passes the challenge at their bank; Stripe tells us by webhook.
    const event = fake.eventFor(
      'payment_intent.succeeded',
      fake.completeAction(providerPaymentId, true),
    );
    const forged = await postWebhook(event.body, sign(event.body, new Date(), 'whsec_forged'));
    expect(forged.status).toBe(400);
    expect(forged.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(forged.body.code).toBe('webhook.signature_invalid');
    const unsigned = await postWebhook(event.body, null);
    expect(unsigned.status).toBe(400);
    const still = await t.http().get(`/api/v1/payments/${payment.id}`).set(student.auth);
    expect(still.body.status).toBe('requires_action');

    const signature = sign(event.body, new Date(), 'whsec_x');
    const delivered = await postWebhook(event.body, signature);
    expect(delivered.status).toBe(200);
    expect(delivered.body).toEqual({ received: true, outcome: 'applied' });
    const paid = await t.http().get(`/api/v1/payments/${payment.id}`).set(student.auth);
    expect(paid.body.status).toBe('succeeded');
    expect(await bookingConfirmed(student, booking.id)).toBe(true);

    // Stripe redelivers: acknowledged, nothing changes (one capture in the ledger).
    const again = await postWebhook(event.body, signature);
    expect(again.status).toBe(200);
    expect(again.body.outcome).toBe('duplicate');
    const [{ captures }] = (await t.dataSource.query(
      `SELECT count(*)::int AS captures FROM billing.ledger_entries
        WHERE payment_id = $1 AND account = 'provider_clearing' AND amount > 0`,
      [payment.id],
    )) as { captures: number }[];
    expect(captures).toBe(1);
  });

  it('refunds at Stripe when an admin refunds part of a payment', async () => {
    const { student, booking } = await bookedStudent();
    const { body: payment } = await pay(student, booking.id);
    await confirm(student, payment.id, 'pm_card_visa');
    const refund = await t
      .http()
      .post(`/api/v1/admin/payments/${payment.id}/refunds`)
      .set(admin.auth)
      .set('idempotency-key', randomUUID())
      .send({ amount: 1500, reason: 'goodwill' });
    expect(refund.status).toBe(201);
    const [{ providerPaymentId }] = (await t.dataSource.query(
      `SELECT provider_payment_id AS "providerPaymentId" FROM billing.payments WHERE id = $1`,
      [payment.id],
    )) as { providerPaymentId: string }[];
    const atStripe = [...fake.refunds.values()].filter(
      (r) => r.payment_intent === providerPaymentId,
    );
    expect(atStripe).toMatchObject([{ amount: 1500, currency: 'usd' }]);
    const [{ providerRefundId }] = (await t.dataSource.query(
      `SELECT provider_refund_id AS "providerRefundId" FROM billing.refunds WHERE payment_id = $1`,
      [payment.id],
    )) as { providerRefundId: string }[];
    expect(providerRefundId).toBe(atStripe[0]!.id);
  });
});
