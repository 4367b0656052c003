import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
  type ValidationError,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === ''
    ? undefined
    : value === true || value === 'true' || value === '1';
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/**
 * Every setting the processes read, validated once at boot. Defaults live here, so the
 * rest of the code reads a complete, typed object (`ConfigService<Environment, true>`).
 */
export class Environment {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  WORKER_PORT = 3001;

  @IsUrl({ protocols: ['postgres', 'postgresql'], require_tld: false })
  DATABASE_URL: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  DATABASE_POOL_SIZE = 10;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ protocols: ['redis', 'rediss'], require_tld: false })
  REDIS_URL?: string;

  /** Prefix of every Bull key: lets several test runs (or apps) share one Redis. */
  @IsString()
  @Matches(/^[a-zA-Z0-9:_-]+$/)
  QUEUE_PREFIX = 'etutors';

  /** Run job handlers in the API process too (inline driver always does). */
  @Transform(toBool)
  @IsBoolean()
  JOBS_PROCESS_IN_API = false;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  JOBS_CONCURRENCY = 4;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(25)
  JOBS_ATTEMPTS = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  JOBS_BACKOFF_MS = 1000;

  @Transform(toInt)
  @IsInt()
  @Min(10)
  OUTBOX_POLL_MS = 1000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  OUTBOX_RETENTION_DAYS = 30;

  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  JWT_PREVIOUS_SECRETS?: string;

  @Transform(toInt)
  @IsInt()
  @Min(30)
  ACCESS_TOKEN_TTL = 900;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  REFRESH_TOKEN_TTL = 2_592_000;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  BOOTSTRAP_ADMIN_EMAIL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  BOOTSTRAP_ADMIN_PASSWORD?: string;

  @Transform(toBool)
  @IsBoolean()
  DOCS_ENABLED = true;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  CORS_ORIGINS?: string;

  @Transform(toBool)
  @IsBoolean()
  TRUST_PROXY = false;

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  BODY_LIMIT_BYTES = 1_048_576;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_LOGIN_PER_IP = 20;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_SIGNUP_PER_IP = 10;

  /** ISO 4217 codes tutors may price lessons in, comma-separated. */
  @Matches(/^[A-Z]{3}(,[A-Z]{3})*$/, { message: 'must be comma-separated ISO 4217 codes' })
  SUPPORTED_CURRENCIES = 'USD,EUR,GBP';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  BOOKING_HOLD_MINUTES = 15;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10_000)
  PLATFORM_FEE_BPS = 1500;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  PAYOUT_HOLD_HOURS = 48;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  PAYOUT_MINIMUM = 2000;

  @IsIn(['sandbox', 'stripe'])
  PAYMENT_PROVIDER: 'sandbox' | 'stripe' = 'sandbox';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  STRIPE_SECRET_KEY?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  STRIPE_WEBHOOK_SECRET?: string;

  /** Another Stripe API origin (a local fake or mock in tests); unset: api.stripe.com. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true })
  STRIPE_API_URL?: string;

  /** Signs the sandbox provider's webhooks (it delivers them to our own endpoint). */
  @IsString()
  @MinLength(16)
  SANDBOX_WEBHOOK_SECRET = 'whsec_sandbox_local_development_only';

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'DATA_ENCRYPTION_KEY must be 32 bytes, base64' })
  DATA_ENCRYPTION_KEY?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ protocols: ['smtp', 'smtps'], require_tld: false })
  SMTP_URL?: string;

  @IsString()
  MAIL_FROM = 'E-Tutors <no-reply@etutors.local>';

  /** Seconds between the heartbeat comments of a live stream (`GET /notifications/stream`). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(300)
  STREAM_HEARTBEAT_SECONDS = 15;

  /** Live streams one user may hold open on one API instance; one more is a 429. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  STREAMS_PER_USER = 5;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';
}

/** Thrown when the environment is wrong; carries one line per problem, no stack worth showing. */
export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}

function describe(errors: ValidationError[]): string[] {
  return errors.map((error) => {
    if (error.value === undefined) return `${error.property} is required`;
    const reasons = Object.values(error.constraints ?? {}).map((message) =>
      message.startsWith(`${error.property} `) ? message.slice(error.property.length + 1) : message,
    );
    return `${error.property}: ${reasons.join('; ')}`;
  });
}

/** Validates raw environment variables; returns the typed, defaulted settings or throws listing every problem. */
export function validateEnvironment(raw: Record<string, unknown>): Environment {
  // An empty variable (`JWT_SECRET=`) means unset.
  const present = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== ''));
  const env = plainToInstance(Environment, present, { exposeDefaultValues: true });
  const problems = describe(validateSync(env, { skipMissingProperties: false }));
  if (env.NODE_ENV === 'production' && !env.DATA_ENCRYPTION_KEY) {
    problems.push('DATA_ENCRYPTION_KEY is required in production');
  }
  if (env.PAYMENT_PROVIDER === 'stripe' && (!env.STRIPE_SECRET_KEY || !env.STRIPE_WEBHOOK_SECRET)) {
    problems.push(
      'STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET are required when PAYMENT_PROVIDER=stripe',
    );
  }
  if (env.BOOTSTRAP_ADMIN_EMAIL && !env.BOOTSTRAP_ADMIN_PASSWORD) {
    problems.push('BOOTSTRAP_ADMIN_PASSWORD is required when BOOTSTRAP_ADMIN_EMAIL is set');
  }
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return env;
}
