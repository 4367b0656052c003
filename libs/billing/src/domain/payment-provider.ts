import type { ConfirmationOutcome } from './payment.entity.js';

export interface CreatedIntent {
  providerPaymentId: string;
  clientSecret: string | null;
}

/**
 * The port to whoever moves the money (`sandbox` or `stripe`). Every call carries an idempotency
 * key derived from our own ids, so a retried job or request never charges or refunds twice.
 */
export abstract class PaymentProvider {
  abstract readonly name: string;

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
}
