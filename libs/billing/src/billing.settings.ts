import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Environment } from '@etutors/platform';
import type { StripeConnection } from './infrastructure/stripe-payment.provider.js';

/** The billing context's settings, read once. */
@Injectable()
export class BillingSettings {
  readonly platformFeeBps: number;
  readonly paymentProvider: 'sandbox' | 'stripe';
  readonly sandboxWebhookSecret: string;
  /** Set when the provider is Stripe (the environment then requires its keys). */
  readonly stripe: StripeConnection | null;

  constructor(config: ConfigService<Environment, true>) {
    this.platformFeeBps = config.get('PLATFORM_FEE_BPS', { infer: true });
    this.paymentProvider = config.get('PAYMENT_PROVIDER', { infer: true });
    this.sandboxWebhookSecret = config.get('SANDBOX_WEBHOOK_SECRET', { infer: true });
    const secretKey = config.get('STRIPE_SECRET_KEY', { infer: true });
    const webhookSecret = config.get('STRIPE_WEBHOOK_SECRET', { infer: true });
    const apiUrl = config.get('STRIPE_API_URL', { infer: true });
    this.stripe =
      this.paymentProvider === 'stripe' && secretKey && webhookSecret
        ? { secretKey, webhookSecret, ...(apiUrl && { apiUrl: new URL(apiUrl) }) }
        : null;
  }
}
