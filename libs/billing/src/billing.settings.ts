import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Environment } from '@etutors/platform';

/** The billing context's settings, read once. */
@Injectable()
export class BillingSettings {
  readonly platformFeeBps: number;
  readonly paymentProvider: 'sandbox' | 'stripe';
  readonly sandboxWebhookSecret: string;

  constructor(config: ConfigService<Environment, true>) {
    this.platformFeeBps = config.get('PLATFORM_FEE_BPS', { infer: true });
    this.paymentProvider = config.get('PAYMENT_PROVIDER', { infer: true });
    this.sandboxWebhookSecret = config.get('SANDBOX_WEBHOOK_SECRET', { infer: true });
  }
}
