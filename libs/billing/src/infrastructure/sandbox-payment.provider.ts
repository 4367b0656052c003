import { Injectable } from '@nestjs/common';
import { Clock, defineJob, JobQueue, newId } from '@etutors/platform';
import { DataSource } from 'typeorm';
import { UnknownPaymentMethodError } from '../billing.errors.js';
import { BillingSettings } from '../billing.settings.js';
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
import { SANDBOX_SIGNATURE_HEADER, verifySandboxWebhook } from './sandbox-webhook-signature.js';

/** The sandbox's test cards, as Stripe names its own. */
const OUTCOMES: Record<string, ConfirmationOutcome> = {
  pm_card_visa: { status: 'succeeded' },
  pm_card_mastercard: { status: 'succeeded' },
  pm_card_declined: {
    status: 'failed',
    declineCode: 'card_declined',
    reason: 'Your card was declined.',
  },
  pm_card_insufficient_funds: {
    status: 'failed',
    declineCode: 'insufficient_funds',
    reason: 'Your card has insufficient funds.',
  },
  pm_card_3ds: { status: 'requires_action' },
};

/**
 * The sandbox's test IBAN whose bank refuses every transfer (valid: right length and mod-97
 * checksum, so a payout account accepts it). Every other IBAN receives its transfers.
 */
export const SANDBOX_FAILING_IBAN = 'GB21FAIL00000000000000';
export const SANDBOX_FAILING_IBAN_REASON =
  'The receiving bank refused the transfer: the account is closed (sandbox test IBAN GB21 FAIL 0000 0000 0000 00).';

/**
 * The sandbox's test IBAN whose bank never answers: every transfer to it throws and nothing is
 * recorded, as in a long outage, so the payout stays pending until an admin gives it up.
 */
export const SANDBOX_UNREACHABLE_IBAN = 'GB89DOWN00000000000000';

interface SandboxTransferRow {
  id: string;
  payout_id: string;
  amount: string;
  currency: string;
  status: 'sent' | 'failed';
  failure_reason: string | null;
}

/**
 * The sandbox's webhook body: Stripe's shape, reduced to what we read. A dispute's object is the
 * dispute (`payment_intent` names the payment, `status` how it closed).
 */
export interface SandboxEventBody {
  id: string;
  type: string;
  created: number;
  data: {
    object: {
      id: string;
      last_payment_error?: { decline_code: string; message: string };
      payment_intent?: string;
      status?: string;
    };
  };
}

/** Sends a webhook body to our own endpoint's handler, signed at delivery (so a retry is fresh). */
export const DeliverSandboxWebhook = defineJob<{ body: string }>(
  'billing',
  'billing.deliver-sandbox-webhook',
);

const TYPES: Record<ConfirmationOutcome['status'], string> = {
  succeeded: 'payment_intent.succeeded',
  failed: 'payment_intent.payment_failed',
  requires_action: 'payment_intent.requires_action',
};
const OURS: Record<string, ProviderEvent['type']> = {
  'payment_intent.succeeded': 'payment.succeeded',
  'payment_intent.payment_failed': 'payment.failed',
  'payment_intent.requires_action': 'payment.requires_action',
};

/**
 * A deterministic provider with no network, the default: the outcome follows from the test card.
 * Like a real provider it also reports every outcome as a signed webhook, delivered by a job to
 * the same handler the webhook endpoint uses, so the synchronous answer and the webhook both
 * reach billing and must agree. A 3-D Secure card waits for `authenticate`, the bank's page.
 */
@Injectable()
export class SandboxPaymentProvider extends PaymentProvider {
  readonly name = 'sandbox';

  constructor(
    private readonly jobs: JobQueue,
    private readonly settings: BillingSettings,
    private readonly clock: Clock,
    private readonly dataSource: DataSource,
  ) {
    super();
  }

  async createIntent(input: { paymentId: string }): Promise<CreatedIntent> {
    const providerPaymentId = `sbx_pi_${input.paymentId.replaceAll('-', '')}`;
    return { providerPaymentId, clientSecret: `${providerPaymentId}_secret` };
  }

  async confirm(input: {
    providerPaymentId: string;
    paymentMethod: string;
    idempotencyKey: string;
  }): Promise<ConfirmationOutcome> {
    const outcome = OUTCOMES[input.paymentMethod];
    if (!outcome) throw new UnknownPaymentMethodError(input.paymentMethod);
    await this.report(input.providerPaymentId, outcome, input.idempotencyKey);
    return outcome;
  }

  /** The outcome of a 3-D Secure challenge, as the bank's page would report it. */
  async authenticate(providerPaymentId: string, approved: boolean): Promise<void> {
    await this.report(
      providerPaymentId,
      approved
        ? { status: 'succeeded' }
        : {
            status: 'failed',
            declineCode: 'authentication_failed',
            reason: 'The card holder did not complete 3-D Secure.',
          },
      `${providerPaymentId}:authenticate`,
    );
  }

  async refund(input: { idempotencyKey: string }): Promise<{ providerRefundId: string }> {
    return { providerRefundId: `sbx_re_${input.idempotencyKey.replace(/[^a-z0-9]/gi, '')}` };
  }

  /**
   * Transfers as a bank would: the sandbox keeps its own record of every transfer, keyed by the
   * caller's idempotency key and written on its own connection, outside the caller's
   * transaction (a bank's books do not roll back with ours). A retry with the same key gets the
   * first answer, so a payout whose commit was lost is found, not paid again.
   */
  transfer(input: SandboxTransferInput): Promise<TransferOutcome> {
    return sandboxTransfer(this.dataSource, input, this.clock.now());
  }

  async findTransfer(input: {
    payoutId: string;
    idempotencyKey: string;
  }): Promise<{ providerTransferId: string } | null> {
    const [transfer] = (await this.dataSource.query(
      `SELECT id FROM billing.sandbox_transfers
        WHERE idempotency_key = $1 AND payout_id = $2 AND status = 'sent'`,
      [input.idempotencyKey, input.payoutId],
    )) as { id: string }[];
    return transfer ? { providerTransferId: transfer.id } : null;
  }

  parseWebhook(input: { rawBody: Buffer; headers: WebhookHeaders; now: Date }): ProviderEvent {
    verifySandboxWebhook(
      input.rawBody,
      input.headers[SANDBOX_SIGNATURE_HEADER],
      this.settings.SANDBOX_WEBHOOK_SECRET,
      input.now,
    );
    const event = JSON.parse(input.rawBody.toString('utf8')) as SandboxEventBody;
    const object = event.data?.object;
    if (event.type === 'charge.dispute.created' || event.type === 'charge.dispute.closed') {
      return {
        id: event.id,
        type: disputeEventType(event.type, object?.status),
        providerType: event.type,
        providerPaymentId: object?.payment_intent ?? null,
        ...(object?.id !== undefined && { disputeId: object.id }),
      };
    }
    const failure = object?.last_payment_error;
    return {
      id: event.id,
      type: OURS[event.type] ?? 'ignored',
      providerType: event.type,
      providerPaymentId: object?.id ?? null,
      ...(failure ? { declineCode: failure.decline_code, reason: failure.message } : {}),
    };
  }

  /** Queues the webhook for an outcome; one per provider call (its idempotency key). */
  private async report(
    providerPaymentId: string,
    outcome: ConfirmationOutcome,
    callKey: string,
  ): Promise<void> {
    const body: SandboxEventBody = {
      id: `evt_sbx_${newId().replaceAll('-', '')}`,
      type: TYPES[outcome.status],
      created: Math.floor(this.clock.now().getTime() / 1000),
      data: {
        object: {
          id: providerPaymentId,
          ...(outcome.status === 'failed'
            ? { last_payment_error: { decline_code: outcome.declineCode, message: outcome.reason } }
            : {}),
        },
      },
    };
    await this.jobs.enqueue(
      DeliverSandboxWebhook,
      { body: JSON.stringify(body) },
      { jobId: `sandbox-webhook:${callKey}` },
    );
  }
}

/** What the sandbox's bank is asked to transfer. */
export interface SandboxTransferInput {
  payoutId: string;
  amount: number;
  currency: string;
  destination: PayoutDestination;
  idempotencyKey: string;
}

/**
 * The sandbox bank's books: records the transfer under its idempotency key at `at` (the first
 * call for a key decides the outcome) and answers with what was recorded. The provider calls it
 * at the clock's time; the demo seed, for a payout it lays in the past.
 */
export async function sandboxTransfer(
  dataSource: DataSource,
  input: SandboxTransferInput,
  at: Date,
): Promise<TransferOutcome> {
  if (input.destination.iban === SANDBOX_UNREACHABLE_IBAN) {
    throw new Error('The sandbox bank did not answer (sandbox test IBAN GB89 DOWN …).');
  }
  const refused = input.destination.iban === SANDBOX_FAILING_IBAN;
  await dataSource.query(
    `INSERT INTO billing.sandbox_transfers
       (idempotency_key, id, payout_id, amount, currency, iban_last4, status, failure_reason, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (idempotency_key) DO NOTHING`,
    [
      input.idempotencyKey,
      `sbx_tr_${newId().replaceAll('-', '')}`,
      input.payoutId,
      input.amount,
      input.currency,
      input.destination.iban.slice(-4),
      refused ? 'failed' : 'sent',
      refused ? SANDBOX_FAILING_IBAN_REASON : null,
      at,
    ],
  );
  const [transfer] = (await dataSource.query(
    `SELECT id, payout_id, amount, currency, status, failure_reason
       FROM billing.sandbox_transfers WHERE idempotency_key = $1`,
    [input.idempotencyKey],
  )) as SandboxTransferRow[];
  if (
    !transfer ||
    transfer.payout_id !== input.payoutId ||
    Number(transfer.amount) !== input.amount ||
    transfer.currency !== input.currency
  ) {
    // As Stripe answers a key reused with other parameters: a bug of the caller's, not a refusal.
    throw new Error(
      `sandbox transfer key ${input.idempotencyKey} was first used for another transfer`,
    );
  }
  return transfer.status === 'sent'
    ? { status: 'sent', providerTransferId: transfer.id }
    : { status: 'failed', reason: transfer.failure_reason! };
}
