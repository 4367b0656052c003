import Stripe from 'stripe';
import { UnknownPaymentMethodError, WebhookSignatureError } from '../billing.errors.js';
import {
  disputeEventType,
  PaymentProvider,
  type CreatedIntent,
  type PayoutDestination,
  type ProviderEvent,
  type TransferOutcome,
  type WebhookHeaders,
} from '../domain/payment-provider.js';
import type { ConfirmationOutcome } from '../domain/payment.entity.js';

const transferGroup = (payoutId: string) => `payout:${payoutId}`;

/** What the adapter needs to talk to Stripe (or, in tests, to a loopback fake of it). */
export interface StripeConnection {
  secretKey: string;
  webhookSecret: string;
  /** Another API origin than Stripe's, e.g. `http://127.0.0.1:12111`; unset: Stripe itself. */
  apiUrl?: URL;
}

/** Webhooks older (or newer) than this are refused: a captured request cannot be replayed later. */
const WEBHOOK_TOLERANCE_SECONDS = 300;

/**
 * Payments through Stripe: PaymentIntents confirmed by the server (manual confirmation) with card
 * payment methods, refunds against them, and signed webhook events. Every call carries the
 * caller's idempotency key, so the SDK's own network retries and our job retries never charge or
 * refund twice.
 */
export class StripePaymentProvider extends PaymentProvider {
  readonly name = 'stripe';
  private readonly stripe: Stripe;

  constructor(private readonly connection: StripeConnection) {
    super();
    const origin = connection.apiUrl;
    this.stripe = new Stripe(connection.secretKey, {
      // The version this SDK's types describe, so what we read is what they say; an SDK upgrade
      // that moves it fails to compile here and is a deliberate change.
      apiVersion: '2026-10-28.endive',
      maxNetworkRetries: 2,
      timeout: 15_000,
      telemetry: false,
      ...(origin && {
        protocol: origin.protocol === 'http:' ? 'http' : 'https',
        host: origin.hostname,
        port: origin.port || (origin.protocol === 'http:' ? 80 : 443),
      }),
    });
  }

  async createIntent(input: {
    paymentId: string;
    amount: number;
    currency: string;
    idempotencyKey: string;
  }): Promise<CreatedIntent> {
    const intent = await this.stripe.paymentIntents.create(
      {
        amount: input.amount,
        currency: input.currency.toLowerCase(),
        confirmation_method: 'manual',
        // (`payment_method_types` before the 2026-09 API versions.)
        allowed_payment_method_types: ['card'],
        metadata: { paymentId: input.paymentId },
      },
      { idempotencyKey: input.idempotencyKey },
    );
    return { providerPaymentId: intent.id, clientSecret: intent.client_secret };
  }

  async confirm(input: {
    providerPaymentId: string;
    paymentMethod: string;
    idempotencyKey: string;
  }): Promise<ConfirmationOutcome> {
    let intent: Stripe.PaymentIntent;
    try {
      intent = await this.stripe.paymentIntents.confirm(
        input.providerPaymentId,
        { payment_method: input.paymentMethod },
        { idempotencyKey: input.idempotencyKey },
      );
    } catch (error) {
      // A decline is an answer, not a failure of ours: the payment stays payable with another card.
      if (error instanceof Stripe.errors.StripeCardError) {
        return {
          status: 'failed',
          declineCode: error.decline_code || error.code || 'card_declined',
          reason: error.message,
        };
      }
      if (
        error instanceof Stripe.errors.StripeInvalidRequestError &&
        error.code === 'resource_missing' &&
        error.param === 'payment_method'
      ) {
        throw new UnknownPaymentMethodError(input.paymentMethod);
      }
      // Network errors and 5xx propagate: the caller's transaction rolls back and a retry asks
      // again under the same idempotency key.
      throw error;
    }
    return outcomeOf(intent);
  }

  /** (Stripe refunds in the intent's own currency: `currency` is not sent.) */
  async refund(input: {
    providerPaymentId: string;
    amount: number;
    currency: string;
    idempotencyKey: string;
  }): Promise<{ providerRefundId: string }> {
    const refund = await this.stripe.refunds.create(
      { payment_intent: input.providerPaymentId, amount: input.amount },
      { idempotencyKey: input.idempotencyKey },
    );
    return { providerRefundId: refund.id };
  }

  /**
   * Stripe's transfer in the payout's transfer group (every transfer we make names one); an
   * idempotency key cannot be looked up, and Stripe forgets it after a day anyway.
   */
  async findTransfer(input: {
    payoutId: string;
    idempotencyKey: string;
  }): Promise<{ providerTransferId: string } | null> {
    const transfers = await this.stripe.transfers.list({
      transfer_group: transferGroup(input.payoutId),
      limit: 1,
    });
    const [transfer] = transfers.data;
    return transfer ? { providerTransferId: transfer.id } : null;
  }

  /**
   * A Connect transfer from the platform's balance to the tutor's connected account. Stripe
   * refusing it (a card or account error, an invalid destination, too little balance) is a
   * failed payout with Stripe's message; network errors and 5xx throw, and the job's retry under
   * the same idempotency key gets Stripe's first answer rather than a second transfer.
   */
  async transfer(input: {
    payoutId: string;
    amount: number;
    currency: string;
    destination: PayoutDestination;
    idempotencyKey: string;
  }): Promise<TransferOutcome> {
    const account = input.destination.stripeAccountId;
    if (!account) return { status: 'failed', reason: 'no connected Stripe account' };
    try {
      const transfer = await this.stripe.transfers.create(
        {
          amount: input.amount,
          currency: input.currency.toLowerCase(),
          destination: account,
          transfer_group: transferGroup(input.payoutId),
          metadata: { payoutId: input.payoutId },
        },
        { idempotencyKey: input.idempotencyKey },
      );
      return { status: 'sent', providerTransferId: transfer.id };
    } catch (error) {
      if (
        error instanceof Stripe.errors.StripeCardError ||
        error instanceof Stripe.errors.StripeInvalidRequestError ||
        error instanceof Stripe.errors.StripePermissionError
      ) {
        return { status: 'failed', reason: error.message };
      }
      throw error;
    }
  }

  parseWebhook(input: { rawBody: Buffer; headers: WebhookHeaders; now: Date }): ProviderEvent {
    const signature = input.headers['stripe-signature'];
    if (typeof signature !== 'string' || signature === '') {
      throw new WebhookSignatureError('the Stripe-Signature header is missing');
    }
    let event: Stripe.Event;
    try {
      event = this.stripe.webhooks.constructEvent(
        input.rawBody,
        signature,
        this.connection.webhookSecret,
        WEBHOOK_TOLERANCE_SECONDS,
        undefined,
        input.now.getTime(),
      );
    } catch (error) {
      if (error instanceof Stripe.errors.StripeSignatureVerificationError) {
        throw new WebhookSignatureError(error.message);
      }
      // A valid signature over a body that is not JSON.
      if (error instanceof SyntaxError) throw new WebhookSignatureError('the body is not JSON');
      throw error;
    }
    // The SDK refuses only old timestamps; one from the future is as suspect.
    if (signedAt(signature) - input.now.getTime() / 1000 > WEBHOOK_TOLERANCE_SECONDS) {
      throw new WebhookSignatureError('Timestamp outside the tolerance zone');
    }
    return eventOf(event);
  }
}

/** The header's `t=` (seconds), which the signature covers. */
function signedAt(header: string): number {
  const t = header
    .split(',')
    .map((part) => part.trim().split('='))
    .find(([key]) => key === 't')?.[1];
  return Number(t);
}

function outcomeOf(intent: Stripe.PaymentIntent): ConfirmationOutcome {
  switch (intent.status) {
    case 'succeeded':
      return { status: 'succeeded' };
    case 'requires_action':
      return { status: 'requires_action' };
    case 'requires_payment_method':
      return failureOf(intent);
    default:
      // `processing`, `requires_capture`, `canceled`: none can follow a manual card confirmation.
      throw new Error(`Stripe left payment intent ${intent.id} in status ${intent.status}`);
  }
}

function failureOf(intent: Stripe.PaymentIntent): ConfirmationOutcome & { status: 'failed' } {
  const error = intent.last_payment_error;
  return {
    status: 'failed',
    declineCode: error?.decline_code || error?.code || 'payment_failed',
    reason: error?.message || 'The payment was not completed',
  };
}

function eventOf(event: Stripe.Event): ProviderEvent {
  const base = { id: event.id, providerType: event.type };
  switch (event.type) {
    case 'payment_intent.succeeded':
      return { ...base, type: 'payment.succeeded', providerPaymentId: event.data.object.id };
    case 'payment_intent.requires_action':
      return { ...base, type: 'payment.requires_action', providerPaymentId: event.data.object.id };
    case 'payment_intent.payment_failed': {
      const { declineCode, reason } = failureOf(event.data.object);
      return {
        ...base,
        type: 'payment.failed',
        providerPaymentId: event.data.object.id,
        declineCode,
        reason,
      };
    }
    case 'charge.dispute.created':
    case 'charge.dispute.closed': {
      const dispute = event.data.object;
      const intent = dispute.payment_intent;
      return {
        ...base,
        type: disputeEventType(event.type, dispute.status),
        providerPaymentId: typeof intent === 'string' ? intent : (intent?.id ?? null),
        disputeId: dispute.id,
      };
    }
    default: {
      const object = (event.data as { object?: { object?: string; id?: string } }).object;
      return {
        ...base,
        type: 'ignored',
        providerPaymentId: object?.object === 'payment_intent' ? (object.id ?? null) : null,
      };
    }
  }
}
