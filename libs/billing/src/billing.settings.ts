import { createHash } from 'node:crypto';
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
import type { DataKeys } from './infrastructure/data-cipher.js';
import type { StripeConnection } from './infrastructure/stripe-payment.provider.js';

/** A data encryption key as configured: 32 bytes, base64. */
const DATA_KEY = /^[A-Za-z0-9+/]{43}=$/;

/**
 * The key data is encrypted under when DATA_ENCRYPTION_KEY is unset, which only development and
 * tests allow (production refuses to start): derived from a public phrase, so it protects nothing.
 */
export const DEVELOPMENT_DATA_ENCRYPTION_KEY = createHash('sha256')
  .update('etutors development-only data encryption key: protects nothing')
  .digest();

/** `'a, b,,c'` → `['a', 'b', 'c']`; empty → unset. */
const commaSeparatedList = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  return items.length > 0 ? items : undefined;
};

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
  @Matches(DATA_KEY, { message: 'DATA_ENCRYPTION_KEY must be 32 bytes, base64' })
  DATA_ENCRYPTION_KEY?: string;

  /**
   * Keys retired by a rotation, comma-separated, still accepted for decryption until
   * `npm run keys:rotate` has moved every value under DATA_ENCRYPTION_KEY.
   */
  @Transform(commaSeparatedList)
  @IsOptional()
  @Matches(DATA_KEY, {
    each: true,
    message: 'DATA_ENCRYPTION_PREVIOUS_KEYS must be 32-byte base64 keys, comma-separated',
  })
  DATA_ENCRYPTION_PREVIOUS_KEYS?: string[];

  crossFieldProblems(platform: PlatformFacts): string[] {
    const problems: string[] = [];
    if (platform.NODE_ENV === 'production' && !this.DATA_ENCRYPTION_KEY) {
      problems.push('DATA_ENCRYPTION_KEY is required in production');
    }
    // Rotating onto the development key would leave values protected by nothing.
    if (this.DATA_ENCRYPTION_PREVIOUS_KEYS && !this.DATA_ENCRYPTION_KEY) {
      problems.push(
        'DATA_ENCRYPTION_PREVIOUS_KEYS needs DATA_ENCRYPTION_KEY, the key to rotate to',
      );
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

  /** The key values are encrypted under, and those that may still decrypt older values. */
  get dataKeys(): DataKeys {
    const key = (base64: string) => Buffer.from(base64, 'base64');
    return {
      current: this.DATA_ENCRYPTION_KEY
        ? key(this.DATA_ENCRYPTION_KEY)
        : DEVELOPMENT_DATA_ENCRYPTION_KEY,
      previous: (this.DATA_ENCRYPTION_PREVIOUS_KEYS ?? []).map(key),
    };
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
