import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback fake of exactly the Stripe endpoints billing uses (create and confirm a
 * PaymentIntent, create a refund, create a Connect transfer), speaking Stripe's wire format: form-encoded requests, JSON
 * objects and error envelopes, `Idempotency-Key` replays. The official SDK is pointed at it with
 * `STRIPE_API_URL`, so the adapter is tested offline with the real client.
 */

export interface FakeCall {
  method: string;
  path: string;
  idempotencyKey: string | null;
  params: Record<string, string>;
  status: number;
  /** Answered from the idempotency store, not processed again. */
  replayed: boolean;
}

export interface FakeIntent {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_received: number;
  currency: string;
  status: string;
  client_secret: string;
  confirmation_method: string;
  allowed_payment_method_types: string[];
  payment_method: string | null;
  last_payment_error: StripeErrorBody | null;
  next_action: { type: string } | null;
  metadata: Record<string, string>;
  created: number;
  livemode: false;
}

export interface FakeRefund {
  id: string;
  object: 'refund';
  amount: number;
  currency: string;
  payment_intent: string;
  status: 'succeeded';
  created: number;
}

export interface FakeTransfer {
  id: string;
  object: 'transfer';
  amount: number;
  currency: string;
  destination: string;
  transfer_group: string | null;
  metadata: Record<string, string>;
  reversed: false;
  created: number;
  livemode: false;
}

interface StripeErrorBody {
  type: string;
  code?: string;
  decline_code?: string;
  message: string;
  param?: string;
  payment_intent?: FakeIntent;
}

type Answer = { status: number; body: unknown };

const DECLINE = {
  code: 'card_declined',
  decline_code: 'generic_decline',
  message: 'Your card was declined.',
};
const INSUFFICIENT_FUNDS = {
  code: 'card_declined',
  decline_code: 'insufficient_funds',
  message: 'Your card has insufficient funds.',
};

/** Stripe's test payment methods that billing's tests use, and what confirming with each does. */
const TEST_CARDS: Record<
  string,
  { outcome: 'succeeded' | 'requires_action' | 'declined'; decline?: typeof DECLINE }
> = {
  pm_card_visa: { outcome: 'succeeded' },
  pm_card_mastercard: { outcome: 'succeeded' },
  pm_card_chargeDeclined: { outcome: 'declined', decline: DECLINE },
  pm_card_declined: { outcome: 'declined', decline: DECLINE },
  pm_card_chargeDeclinedInsufficientFunds: { outcome: 'declined', decline: INSUFFICIENT_FUNDS },
  pm_card_threeDSecure2Required: { outcome: 'requires_action' },
  pm_card_3ds: { outcome: 'requires_action' },
};

export interface FakeStripe {
  /** The origin to give the SDK (`STRIPE_API_URL`). */
  url: string;
  /** Every request received, in order (replays included). */
  calls: FakeCall[];
  intents: Map<string, FakeIntent>;
  refunds: Map<string, FakeRefund>;
  transfers: Map<string, FakeTransfer>;
  /** Connected accounts transfers may go to; `connectAccount` adds one. */
  connectAccount(id: string): void;
  /** How many charges went through (a confirmation that succeeded), whatever was replayed. */
  charges(): number;
  /** Processes the next request, then drops the connection unanswered, as a network failure would. */
  loseNextResponse(): void;
  /** Answers the next `times` requests with this status (no processing), as a Stripe outage would. */
  failNext(status: number, times?: number): void;
  /** The customer completed (or failed) 3-D Secure: the intent moves on, as at Stripe. */
  completeAction(intentId: string, approved: boolean): FakeIntent;
  /** A Stripe event about an intent, as Stripe would post it to a webhook endpoint. */
  eventFor(type: string, intent: FakeIntent): { id: string; body: string };
  close(): Promise<void>;
}

/** Decodes Stripe's form bodies into flat keys (`metadata[paymentId]`, `allowed_payment_method_types[0]`). */
const formParams = (raw: string): Record<string, string> =>
  Object.fromEntries(new URLSearchParams(raw));

const error = (status: number, body: StripeErrorBody): Answer => ({
  status,
  body: { error: body },
});

/** Stripe's answer to an `amount` that is not a positive whole number of minor units. */
const invalidAmount = (amount: string | undefined): Answer =>
  error(400, {
    type: 'invalid_request_error',
    code: 'parameter_invalid_integer',
    param: 'amount',
    message: 'Invalid integer: ' + amount,
  });

const readBody = (request: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });

export async function startFakeStripe(): Promise<FakeStripe> {
  const calls: FakeCall[] = [];
  const intents = new Map<string, FakeIntent>();
  const refunds = new Map<string, FakeRefund>();
  const transfers = new Map<string, FakeTransfer>();
  const connectedAccounts = new Set<string>();
  /** Idempotency-Key → the first request's fingerprint and answer, as Stripe keeps them. */
  const replays = new Map<string, { fingerprint: string; answer: Answer }>();
  let charges = 0;
  let sequence = 0;
  let loseNext = false;
  let failing: { status: number; times: number } | null = null;
  const nextId = (prefix: string) =>
    `${prefix}_fake${String(++sequence).padStart(6, '0')}${randomBytes(4).toString('hex')}`;
  const now = () => Math.floor(Date.now() / 1000);

  function createIntent(params: Record<string, string>): Answer {
    const amount = Number(params.amount);
    if (!Number.isInteger(amount) || amount < 1) return invalidAmount(params.amount);
    if (!params.currency || params.currency !== params.currency.toLowerCase()) {
      return error(400, {
        type: 'invalid_request_error',
        code: 'parameter_missing',
        param: 'currency',
        message: 'Missing required param: currency.',
      });
    }
    const id = nextId('pi');
    const intent: FakeIntent = {
      id,
      object: 'payment_intent',
      amount,
      amount_received: 0,
      currency: params.currency,
      status: 'requires_payment_method',
      client_secret: `${id}_secret_${randomBytes(8).toString('hex')}`,
      confirmation_method: params.confirmation_method ?? 'automatic',
      allowed_payment_method_types: Object.entries(params)
        .filter(([key]) => key.startsWith('allowed_payment_method_types['))
        .map(([, value]) => value),
      payment_method: null,
      last_payment_error: null,
      next_action: null,
      metadata: Object.fromEntries(
        Object.entries(params)
          .filter(([key]) => key.startsWith('metadata['))
          .map(([key, value]) => [key.slice('metadata['.length, -1), value]),
      ),
      created: now(),
      livemode: false,
    };
    intents.set(id, intent);
    return { status: 200, body: intent };
  }

  function confirmIntent(id: string, params: Record<string, string>): Answer {
    const intent = intents.get(id);
    if (!intent) {
      return error(404, {
        type: 'invalid_request_error',
        code: 'resource_missing',
        param: 'intent',
        message: `No such payment_intent: '${id}'`,
      });
    }
    if (intent.status === 'succeeded' || intent.status === 'canceled') {
      return error(400, {
        type: 'invalid_request_error',
        code: 'payment_intent_unexpected_state',
        message: `This PaymentIntent's status is ${intent.status}, so it cannot be confirmed.`,
        payment_intent: intent,
      });
    }
    const method = params.payment_method ?? '';
    const card = TEST_CARDS[method];
    if (!card) {
      return error(400, {
        type: 'invalid_request_error',
        code: 'resource_missing',
        param: 'payment_method',
        message: `No such PaymentMethod: '${method}'`,
      });
    }
    intent.payment_method = method;
    if (card.outcome === 'succeeded') {
      Object.assign(intent, {
        status: 'succeeded',
        amount_received: intent.amount,
        last_payment_error: null,
        next_action: null,
      });
      charges += 1;
      return { status: 200, body: intent };
    }
    if (card.outcome === 'requires_action') {
      Object.assign(intent, {
        status: 'requires_action',
        last_payment_error: null,
        next_action: { type: 'use_stripe_sdk' },
      });
      return { status: 200, body: intent };
    }
    const decline: StripeErrorBody = { type: 'card_error', ...card.decline! };
    Object.assign(intent, {
      status: 'requires_payment_method',
      payment_method: null,
      last_payment_error: decline,
      next_action: null,
    });
    return error(402, { ...decline, payment_intent: intent });
  }

  function createRefund(params: Record<string, string>): Answer {
    const intent = intents.get(params.payment_intent ?? '');
    if (!intent) {
      return error(400, {
        type: 'invalid_request_error',
        code: 'resource_missing',
        param: 'payment_intent',
        message: `No such payment_intent: '${params.payment_intent}'`,
      });
    }
    const refunded = [...refunds.values()]
      .filter((refund) => refund.payment_intent === intent.id)
      .reduce((sum, refund) => sum + refund.amount, 0);
    const amount =
      params.amount === undefined ? intent.amount_received - refunded : Number(params.amount);
    if (intent.status !== 'succeeded' || amount > intent.amount_received - refunded) {
      return error(400, {
        type: 'invalid_request_error',
        code: intent.status === 'succeeded' ? 'amount_too_large' : 'charge_not_refundable',
        param: 'amount',
        message: `Refund amount (${amount}) is greater than the unrefunded amount on the charge (${intent.amount_received - refunded}).`,
      });
    }
    const refund: FakeRefund = {
      id: nextId('re'),
      object: 'refund',
      amount,
      currency: intent.currency,
      payment_intent: intent.id,
      status: 'succeeded',
      created: now(),
    };
    refunds.set(refund.id, refund);
    return { status: 200, body: refund };
  }

  function createTransfer(params: Record<string, string>): Answer {
    const amount = Number(params.amount);
    if (!Number.isInteger(amount) || amount < 1) return invalidAmount(params.amount);
    const destination = params.destination ?? '';
    if (!connectedAccounts.has(destination)) {
      return error(400, {
        type: 'invalid_request_error',
        code: 'resource_missing',
        param: 'destination',
        message: `No such destination: '${destination}'`,
      });
    }
    const transfer: FakeTransfer = {
      id: nextId('tr'),
      object: 'transfer',
      amount,
      currency: params.currency ?? '',
      destination,
      transfer_group: params.transfer_group ?? null,
      metadata: Object.fromEntries(
        Object.entries(params)
          .filter(([key]) => key.startsWith('metadata['))
          .map(([key, value]) => [key.slice('metadata['.length, -1), value]),
      ),
      reversed: false,
      created: now(),
      livemode: false,
    };
    transfers.set(transfer.id, transfer);
    return { status: 200, body: transfer };
  }

  /** Newest first, filtered by `transfer_group` when given, at most `limit` (default 10). */
  function listTransfers(params: Record<string, string>): Answer {
    const group = params.transfer_group;
    const matching = [...transfers.values()]
      .filter((transfer) => group === undefined || transfer.transfer_group === group)
      .reverse();
    const limit = Number(params.limit ?? 10);
    return {
      status: 200,
      body: {
        object: 'list',
        url: '/v1/transfers',
        has_more: matching.length > limit,
        data: matching.slice(0, limit),
      },
    };
  }

  function route(method: string, path: string, params: Record<string, string>): Answer {
    const confirm = /^\/v1\/payment_intents\/([^/]+)\/confirm$/.exec(path);
    if (method === 'POST' && path === '/v1/payment_intents') return createIntent(params);
    if (method === 'POST' && confirm) return confirmIntent(decodeURIComponent(confirm[1]!), params);
    if (method === 'POST' && path === '/v1/refunds') return createRefund(params);
    if (method === 'POST' && path === '/v1/transfers') return createTransfer(params);
    if (method === 'GET' && path === '/v1/transfers') return listTransfers(params);
    return error(404, {
      type: 'invalid_request_error',
      message: `Unrecognized request URL (${method}: ${path}).`,
    });
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const raw = await readBody(request);
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', 'http://fake');
    const path = url.pathname;
    // A GET's parameters come in its query string, a POST's in its form body.
    const params = method === 'GET' ? Object.fromEntries(url.searchParams) : formParams(raw);
    const header = request.headers['idempotency-key'];
    const idempotencyKey = typeof header === 'string' ? header : null;
    const send = (answer: Answer, replayed: boolean) => {
      calls.push({ method, path, idempotencyKey, params, status: answer.status, replayed });
      if (loseNext) {
        loseNext = false;
        request.socket.destroy();
        return;
      }
      response.writeHead(answer.status, {
        'content-type': 'application/json',
        'request-id': `req_${randomBytes(6).toString('hex')}`,
        ...(idempotencyKey && { 'idempotency-key': idempotencyKey }),
        ...(replayed && { 'idempotent-replayed': 'true' }),
      });
      response.end(JSON.stringify(answer.body));
    };

    if (!/^Bearer sk_test_\w+$/.test(request.headers.authorization ?? '')) {
      return send(
        error(401, { type: 'invalid_request_error', message: 'Invalid API Key provided' }),
        false,
      );
    }
    if (failing) {
      const { status } = failing;
      if (--failing.times === 0) failing = null;
      return send(
        error(status, { type: 'api_error', message: 'An unknown error occurred' }),
        false,
      );
    }
    const fingerprint = `${method} ${path} ${raw}`;
    const earlier = idempotencyKey ? replays.get(idempotencyKey) : undefined;
    if (earlier && earlier.fingerprint !== fingerprint) {
      return send(
        error(400, {
          type: 'idempotency_error',
          message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
        }),
        false,
      );
    }
    if (earlier) return send(earlier.answer, true);
    const answer = route(method, path, params);
    // A snapshot: later changes to the object do not change what a replay answers.
    const stored = { status: answer.status, body: JSON.parse(JSON.stringify(answer.body)) };
    if (idempotencyKey && method === 'POST')
      replays.set(idempotencyKey, { fingerprint, answer: stored });
    send(stored, false);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((failure: unknown) => {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { type: 'api_error', message: String(failure) } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    intents,
    refunds,
    transfers,
    connectAccount: (id) => {
      connectedAccounts.add(id);
    },
    charges: () => charges,
    loseNextResponse: () => {
      loseNext = true;
    },
    failNext: (status, times = 1) => {
      failing = { status, times };
    },
    completeAction(intentId, approved) {
      const intent = intents.get(intentId);
      if (intent?.status !== 'requires_action') {
        throw new Error(`${intentId} is not waiting for an action`);
      }
      if (approved) {
        Object.assign(intent, {
          status: 'succeeded',
          amount_received: intent.amount,
          next_action: null,
        });
        charges += 1;
      } else {
        Object.assign(intent, {
          status: 'requires_payment_method',
          payment_method: null,
          next_action: null,
          last_payment_error: {
            type: 'card_error',
            code: 'payment_intent_authentication_failure',
            message:
              'We are unable to authenticate your payment method. Please choose a different payment method and try again.',
          },
        });
      }
      return intent;
    },
    eventFor(type, intent) {
      const id = nextId('evt');
      const event = {
        id,
        object: 'event',
        api_version: null,
        created: now(),
        data: { object: JSON.parse(JSON.stringify(intent)) as FakeIntent },
        livemode: false,
        pending_webhooks: 1,
        request: { id: null, idempotency_key: null },
        type,
      };
      return { id, body: JSON.stringify(event) };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((failure) => (failure ? reject(failure) : resolve()));
      }),
  };
}
