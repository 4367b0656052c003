import type { ConfirmationOutcome } from './payment.entity.js';

export interface CreatedIntent {
  providerPaymentId: string;
  clientSecret: string | null;
}

/**
 * A provider's report about one of its payments, as the webhook endpoint understands it. `id`
 * is the provider's event id: each is processed once. Types we do not act on are `ignored`. A
 * dispute (a chargeback the payer opened with their bank) is `payment.disputed`; its closing in
 * our favour `payment.dispute_won`, against us `payment.dispute_lost` (the bank took the money
 * back).
 */
export interface ProviderEvent {
  id: string;
  type:
    | 'payment.succeeded'
    | 'payment.failed'
    | 'payment.requires_action'
    | 'payment.disputed'
    | 'payment.dispute_won'
    | 'payment.dispute_lost'
    | 'ignored';
  /** The provider's type name, as sent (e.g. `payment_intent.succeeded`). */
  providerType: string;
  providerPaymentId: string | null;
  /** For `payment.failed`. */
  declineCode?: string;
  reason?: string;
  /** For the dispute events: the provider's id of the dispute. */
  disputeId?: string;
}

/**
 * Stripe's dispute events (which the sandbox mirrors) as ours: opened → disputed; closed as won,
 * or an inquiry closed without a chargeback (`warning_closed`) → cleared; closed as lost → the
 * charge is taken back. Other closings are ignored, so the payment stays held.
 */
export function disputeEventType(
  providerType: string,
  status: string | null | undefined,
): ProviderEvent['type'] {
  if (providerType === 'charge.dispute.created') return 'payment.disputed';
  if (providerType !== 'charge.dispute.closed') return 'ignored';
  if (status === 'won' || status === 'warning_closed') return 'payment.dispute_won';
  if (status === 'lost') return 'payment.dispute_lost';
  return 'ignored';
}

/** Where a tutor's payout goes: their bank account, decrypted only for the provider call. */
export interface PayoutDestination {
  accountHolder: string;
  /** Electronic format, no spaces. Never logged, returned or put in an event. */
  iban: string;
  /** The tutor's connected Stripe account (`acct_…`), which Stripe transfers go to; null in the sandbox. */
  stripeAccountId: string | null;
}

/** What the provider answered to a transfer: sent, or refused for a reason the tutor can act on. */
export type TransferOutcome =
  { status: 'sent'; providerTransferId: string } | { status: 'failed'; reason: string };

export type WebhookHeaders = Record<string, string | string[] | undefined>;

/**
 * The port to whoever moves the money (`sandbox` or `stripe`). Every call carries an idempotency
 * key derived from our own ids, so a retried job or request never charges or refunds twice.
 */
export abstract class PaymentProvider {
  abstract readonly name: 'sandbox' | 'stripe';

  abstract createIntent(input: {
    paymentId: string;
    amount: number;
    currency: string;
    idempotencyKey: string;
  }): Promise<CreatedIntent>;

  abstract confirm(input: {
    providerPaymentId: string;
    paymentMethod: string;
    idempotencyKey: string;
  }): Promise<ConfirmationOutcome>;

  abstract refund(input: {
    providerPaymentId: string;
    amount: number;
    currency: string;
    idempotencyKey: string;
  }): Promise<{ providerRefundId: string }>;

  /**
   * Sends a payout to the tutor's destination. A refusal (no account, a rejected account) is a
   * `failed` answer; an outage throws, and the retry under the same key finds the first transfer.
   */
  abstract transfer(input: {
    payoutId: string;
    amount: number;
    currency: string;
    destination: PayoutDestination;
    idempotencyKey: string;
  }): Promise<TransferOutcome>;

  /**
   * The transfer the provider made for `payoutId`, if it made one: what decides a payout whose
   * sends keep failing without an answer (it may have gone through before our commit was lost).
   * Throws when the provider cannot say.
   */
  abstract findTransfer(input: {
    payoutId: string;
    idempotencyKey: string;
  }): Promise<{ providerTransferId: string } | null>;

  /**
   * Verifies a webhook's signature over the exact raw body (and that its timestamp is within
   * 300 s of `now`) before reading anything from it; throws `WebhookSignatureError` otherwise.
   */
  abstract parseWebhook(input: {
    rawBody: Buffer;
    headers: WebhookHeaders;
    now: Date;
  }): ProviderEvent;
}

const PAYMENT_EVENT_TYPES = new Set<ProviderEvent['type']>([
  'payment.succeeded',
  'payment.failed',
  'payment.requires_action',
]);
const isShortText = (value: unknown) =>
  typeof value === 'string' && value.length > 0 && value.length <= 255;

/**
 * What is wrong with an event read from a signed webhook body, or null when it is usable. A valid
 * signature says who sent the body, not that its fields have the types the provider documents.
 */
export function malformedProviderEvent(event: ProviderEvent): string | null {
  if (!isShortText(event.id)) return 'the event has no usable id';
  if (!isShortText(event.providerType)) return 'the event has no usable type';
  if (event.providerPaymentId !== null && !isShortText(event.providerPaymentId))
    return 'the payment id is not a string';
  if (PAYMENT_EVENT_TYPES.has(event.type) && event.providerPaymentId === null)
    return 'a payment event names no payment';
  if (event.type === 'payment.dispute_lost' && !isShortText(event.disputeId))
    return 'a lost dispute names no dispute';
  for (const extra of [event.declineCode, event.reason])
    if (extra !== undefined && extra !== null && typeof extra !== 'string')
      return 'the failure details are not strings';
  return null;
}
