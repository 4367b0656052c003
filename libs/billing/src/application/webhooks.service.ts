import { Injectable } from '@nestjs/common';
import {
  Clock,
  JobHandler,
  ResourceNotFoundError,
  UnitOfWork,
  type Transaction,
} from '@etutors/platform';
import type { ConfirmationOutcome, PaymentEntity } from '../domain/payment.entity.js';
import {
  malformedProviderEvent,
  PaymentProvider,
  type ProviderEvent,
  type WebhookHeaders,
} from '../domain/payment-provider.js';
import { PaymentRepository } from '../infrastructure/payment.repository.js';
import {
  DeliverSandboxWebhook,
  SandboxPaymentProvider,
} from '../infrastructure/sandbox-payment.provider.js';
import {
  signSandboxWebhook,
  SANDBOX_SIGNATURE_HEADER,
} from '../infrastructure/sandbox-webhook-signature.js';
import { BillingSettings } from '../billing.settings.js';
import { WebhookPayloadError } from '../billing.errors.js';
import { PaymentsService } from './payments.service.js';
import { RefundsService } from './refunds.service.js';

export type WebhookOutcome = 'applied' | 'no_change' | 'ignored' | 'unknown_payment' | 'duplicate';

/** What an event asks of its payment: a confirmation outcome, or a dispute opened, won or lost. */
type WebhookAction =
  | { outcome: ConfirmationOutcome }
  | { dispute: 'opened' | 'won' }
  | { dispute: 'lost'; disputeId: string };

const actionOf = (event: ProviderEvent): WebhookAction | null => {
  switch (event.type) {
    case 'payment.succeeded':
      return { outcome: { status: 'succeeded' } };
    case 'payment.requires_action':
      return { outcome: { status: 'requires_action' } };
    case 'payment.failed':
      return {
        outcome: {
          status: 'failed',
          declineCode: event.declineCode ?? 'payment_failed',
          reason: event.reason ?? 'The payment failed.',
        },
      };
    case 'payment.disputed':
      return { dispute: 'opened' };
    case 'payment.dispute_won':
      return { dispute: 'won' };
    case 'payment.dispute_lost':
      // The id is there: `malformedProviderEvent` refuses a lost dispute without one.
      return { dispute: 'lost', disputeId: event.disputeId! };
    case 'ignored':
      return null;
  }
};

/**
 * Whether `action` would change `payment`: forward moves only; a dispute opens only on a paid
 * payment, and closes (won or lost) only on a disputed one.
 */
const changes = (payment: PaymentEntity, action: WebhookAction): boolean =>
  'outcome' in action
    ? payment.canBecome(action.outcome.status)
    : action.dispute === 'opened'
      ? payment.isPaid && payment.disputedAt === null
      : payment.disputedAt !== null;

/**
 * Webhooks in: verified on the raw body by the provider's adapter before anything is read,
 * processed once per provider event id (a replay answers 200 and changes nothing), applied to
 * the payment with the same forward-only rule as a synchronous answer.
 */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly provider: PaymentProvider,
    private readonly payments: PaymentRepository,
    private readonly paymentsService: PaymentsService,
    private readonly refunds: RefundsService,
    private readonly settings: BillingSettings,
    private readonly clock: Clock,
  ) {}

  async receive(
    providerName: string,
    rawBody: Buffer,
    headers: WebhookHeaders,
  ): Promise<WebhookOutcome> {
    // Only the configured provider's webhooks are taken.
    if (providerName !== this.provider.name) throw new ResourceNotFoundError('webhook_endpoint');
    const now = this.clock.now();
    const event = this.readEvent(rawBody, headers, now);
    return this.unitOfWork.run(async (tx) => {
      const action = actionOf(event);
      const payment =
        action && event.providerPaymentId
          ? await this.payments.lockByProvider(tx, this.provider.name, event.providerPaymentId)
          : null;
      const result: WebhookOutcome = !action
        ? 'ignored'
        : !payment
          ? 'unknown_payment'
          : !changes(payment, action)
            ? 'no_change'
            : 'applied';
      const fresh = (await tx.manager.query(
        `INSERT INTO billing.provider_events (provider, event_id, type, provider_payment_id, outcome, received_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING 1`,
        [this.provider.name, event.id, event.providerType, event.providerPaymentId, result, now],
      )) as unknown[];
      if (fresh.length === 0) return 'duplicate';
      if (result !== 'applied') return result;
      if ('outcome' in action!) {
        await this.paymentsService.recordOutcome(tx, payment!, action.outcome, null, now);
      } else {
        await this.applyDispute(tx, payment!, action!, now);
      }
      return result;
    });
  }

  /**
   * A disputed payment's share is not released until the dispute closes; a series' charge holds
   * every lesson it paid for. Won: the hold is lifted. Lost: what was left of each lesson's payment
   * is charged back (a refund the bank made), then the hold is lifted, so the release job marks
   * the payment released with nothing left to pay.
   */
  private async applyDispute(
    tx: Transaction,
    payment: PaymentEntity,
    action: Extract<WebhookAction, { dispute: unknown }>,
    now: Date,
  ): Promise<void> {
    const held = payment.isSeriesCharge
      ? [payment, ...(await this.payments.lockSeriesParts(tx, payment.id))]
      : [payment];
    for (const each of held) {
      if (action.dispute === 'opened') {
        each.disputeOpened(now);
      } else {
        if (action.dispute === 'lost' && !each.isSeriesCharge) {
          await this.refunds.chargeBack(tx, each, action.disputeId);
        }
        each.disputeClosed(now);
      }
      await this.payments.save(tx, each);
    }
  }

  /** The provider's event, checked for the shape the rest of the handling relies on. */
  private readEvent(rawBody: Buffer, headers: WebhookHeaders, now: Date): ProviderEvent {
    let event: ProviderEvent;
    try {
      event = this.provider.parseWebhook({ rawBody, headers, now });
    } catch (error) {
      // Reading fields of a signed body that is not an object (`null`, a string, an array).
      if (error instanceof TypeError) throw new WebhookPayloadError('the body is not an event');
      throw error;
    }
    const problem = malformedProviderEvent(event);
    if (problem) throw new WebhookPayloadError(problem);
    return event;
  }

  /** The sandbox's deliveries: signed now, then handled exactly as if they came over HTTP. */
  @JobHandler(DeliverSandboxWebhook)
  async deliverSandboxWebhook({ body }: { body: string }): Promise<void> {
    if (!(this.provider instanceof SandboxPaymentProvider)) return;
    const signature = signSandboxWebhook(
      body,
      this.settings.SANDBOX_WEBHOOK_SECRET,
      this.clock.now(),
    );
    await this.receive('sandbox', Buffer.from(body), { [SANDBOX_SIGNATURE_HEADER]: signature });
  }
}
