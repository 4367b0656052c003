import { Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
} from 'class-validator';
import {
  emptyMeansUnset,
  integerSetting,
  type CrossFieldRules,
  type PlatformFacts,
} from '@etutors/platform';
import type { StripeConnection } from './infrastructure/stripe-payment.provider.js';

/** The billing context's settings: fees, payouts, the payment provider and its keys. */
export class BillingSettings implements CrossFieldRules {
  /** Platform commission in basis points (1500 = 15%). */
  @Transform(integerSetting)
  @IsInt()
  @Min(0)
  @Max(10_000)
  PLATFORM_FEE_BPS = 1500;

  /** Hours after a lesson completes before its earnings can be paid out. */
  @Transform(integerSetting)
  @IsInt()
  @Min(0)
  PAYOUT_HOLD_HOURS = 48;

  /** Smallest payout, in minor units. */
  @Transform(integerSetting)
  @IsInt()
  @Min(0)
  PAYOUT_MINIMUM = 2000;

  @IsIn(['sandbox', 'stripe'])
  PAYMENT_PROVIDER: 'sandbox' | 'stripe' = 'sandbox';

  @Transform(emptyMeansUnset)
  @IsOptional()
  @IsString()
  STRIPE_SECRET_KEY?: string;

  @Transform(emptyMeansUnset)
  @IsOptional()
  @IsString()
  STRIPE_WEBHOOK_SECRET?: string;

  /** Another Stripe API origin (a local fake or mock in tests); unset: api.stripe.com. */
  @Transform(emptyMeansUnset)
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true })
  STRIPE_API_URL?: string;

  /** Signs the sandbox provider's webhooks (it delivers them to our own endpoint). */
  @IsString()
  @MinLength(16)
  SANDBOX_WEBHOOK_SECRET = 'whsec_sandbox_local_development_only';

  @Transform(emptyMeansUnset)
  @IsOptional()
  @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'DATA_ENCRYPTION_KEY must be 32 bytes, base64' })
  DATA_ENCRYPTION_KEY?: string;

  crossFieldProblems(platform: PlatformFacts): string[] {
    const problems: string[] = [];
    if (platform.NODE_ENV === 'production' && !this.DATA_ENCRYPTION_KEY) {
      problems.push('DATA_ENCRYPTION_KEY is required in production');
    }
    if (
      this.PAYMENT_PROVIDER === 'stripe' &&
      (!this.STRIPE_SECRET_KEY || !this.STRIPE_WEBHOOK_SECRET)
    ) {
      problems.push(
        'STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET are required when PAYMENT_PROVIDER=stripe',
      );
    }
    return problems;
  }

  /** The Stripe connection when the provider is Stripe (its keys are then required), else null. */
  get stripe(): StripeConnection | null {
    const { STRIPE_SECRET_KEY: secretKey, STRIPE_WEBHOOK_SECRET: webhookSecret } = this;
    if (this.PAYMENT_PROVIDER !== 'stripe' || !secretKey || !webhookSecret) return null;
    return {
      secretKey,
      webhookSecret,
      ...(this.STRIPE_API_URL && { apiUrl: new URL(this.STRIPE_API_URL) }),
    };
  }
}
