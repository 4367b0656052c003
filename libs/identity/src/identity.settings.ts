import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Min, MinLength } from 'class-validator';
import { emptyMeansUnset, integerSetting, type CrossFieldRules } from '@etutors/platform';
import type { RateLimitSettings } from './domain/rate-limits.js';

/** The identity context's settings: token signing and lifetimes, auth rate limits, the first admin. */
export class IdentitySettings implements RateLimitSettings, CrossFieldRules {
  /** Signs access tokens; verification also accepts JWT_PREVIOUS_SECRETS. */
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET: string;

  /** Comma-separated previous signing keys, still accepted while their tokens expire. */
  @Transform(emptyMeansUnset)
  @IsOptional()
  @IsString()
  JWT_PREVIOUS_SECRETS?: string;

  /** Access token lifetime, seconds. */
  @Transform(integerSetting)
  @IsInt()
  @Min(30)
  ACCESS_TOKEN_TTL = 900;

  /** Refresh token lifetime, seconds. */
  @Transform(integerSetting)
  @IsInt()
  @Min(60)
  REFRESH_TOKEN_TTL = 2_592_000;

  /** Failed logins of one account from one client IP, per 15 minutes. */
  @Transform(integerSetting)
  @IsInt()
  @Min(1)
  RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT = 5;

  /** Failed logins of one account from all clients together, per hour. */
  @Transform(integerSetting)
  @IsInt()
  @Min(1)
  RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT_CEILING = 50;

  @Transform(integerSetting)
  @IsInt()
  @Min(1)
  RATE_LIMIT_LOGIN_PER_IP = 20;

  @Transform(integerSetting)
  @IsInt()
  @Min(1)
  RATE_LIMIT_SIGNUP_PER_IP = 10;

  @Transform(emptyMeansUnset)
  @IsOptional()
  @IsString()
  BOOTSTRAP_ADMIN_EMAIL?: string;

  @Transform(emptyMeansUnset)
  @IsOptional()
  @IsString()
  BOOTSTRAP_ADMIN_PASSWORD?: string;

  crossFieldProblems(): string[] {
    return this.BOOTSTRAP_ADMIN_EMAIL && !this.BOOTSTRAP_ADMIN_PASSWORD
      ? ['BOOTSTRAP_ADMIN_PASSWORD is required when BOOTSTRAP_ADMIN_EMAIL is set']
      : [];
  }
}
