import { Injectable } from '@nestjs/common';
import { UnknownPaymentMethodError } from '../billing.errors.js';
import { PaymentProvider, type CreatedIntent } from '../domain/payment-provider.js';
import type { ConfirmationOutcome } from '../domain/payment.entity.js';

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
 * A deterministic provider with no network, the default: the outcome follows from the test card.
 * Ids follow from our own payment ids, so a repeated call (same idempotency key) answers the same.
 */
@Injectable()
export class SandboxPaymentProvider extends PaymentProvider {
  readonly name = 'sandbox';

  async createIntent(input: { paymentId: string }): Promise<CreatedIntent> {
    const providerPaymentId = `sbx_pi_${input.paymentId.replaceAll('-', '')}`;
    return { providerPaymentId, clientSecret: `${providerPaymentId}_secret` };
  }

  async confirm(input: { paymentMethod: string }): Promise<ConfirmationOutcome> {
    const outcome = OUTCOMES[input.paymentMethod];
    if (!outcome) throw new UnknownPaymentMethodError(input.paymentMethod);
    return outcome;
  }

  async refund(input: { idempotencyKey: string }): Promise<{ providerRefundId: string }> {
    return { providerRefundId: `sbx_re_${input.idempotencyKey.replace(/[^a-z0-9]/gi, '')}` };
  }
}
