import { Transform } from 'class-transformer';
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
} from 'class-validator';
import { booleanSetting, emptyMeansUnset, integerSetting } from './setting-transforms.js';

/**
 * The platform's own settings (processes, database, Redis, jobs, outbox, HTTP, mail, logs),
 * validated at boot with every context's (see settings.ts). Defaults live here, so the platform
 * reads a complete, typed object (`ConfigService<Environment, true>`). A context's settings live
 * in its own `<context>.settings.ts`, never here.
 */
export class Environment {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @Transform(integerSetting)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @Transform(integerSetting)
  @IsInt()
  @Min(0)
  @Max(65535)
  WORKER_PORT = 3001;

  @IsUrl({ protocols: ['postgres', 'postgresql'], require_tld: false })
  DATABASE_URL: string;

  @Transform(integerSetting)
  @IsInt()
  @Min(1)
  @Max(100)
  DATABASE_POOL_SIZE = 10;

  @Transform(emptyMeansUnset)
  @IsOptional()
  @IsUrl({ protocols: ['redis', 'rediss'], require_tld: false })
  REDIS_URL?: string;

  /** Prefix of every Bull key: lets several test runs (or apps) share one Redis. */
  @IsString()
  @Matches(/^[a-zA-Z0-9:_-]+$/)
  QUEUE_PREFIX = 'etutors';

  /** Run job handlers in the API process too (inline driver always does). */
  @Transform(booleanSetting)
  @IsBoolean()
  JOBS_PROCESS_IN_API = false;

  @Transform(integerSetting)
  @IsInt()
  @Min(1)
  @Max(64)
  JOBS_CONCURRENCY = 4;

  @Transform(integerSetting)
  @IsInt()
  @Min(1)
  @Max(25)
  JOBS_ATTEMPTS = 5;

  @Transform(integerSetting)
  @IsInt()
  @Min(1)
  JOBS_BACKOFF_MS = 1000;

  @Transform(integerSetting)
  @IsInt()
  @Min(10)
  OUTBOX_POLL_MS = 1000;

  @Transform(integerSetting)
  @IsInt()
  @Min(1)
  @Max(3650)
  OUTBOX_RETENTION_DAYS = 30;

  @Transform(booleanSetting)
  @IsBoolean()
  DOCS_ENABLED = true;

  @Transform(emptyMeansUnset)
  @IsOptional()
  @IsString()
  CORS_ORIGINS?: string;

  @Transform(booleanSetting)
  @IsBoolean()
  TRUST_PROXY = false;

  @Transform(integerSetting)
  @IsInt()
  @Min(1024)
  BODY_LIMIT_BYTES = 1_048_576;

  @Transform(emptyMeansUnset)
  @IsOptional()
  @IsUrl({ protocols: ['smtp', 'smtps'], require_tld: false })
  SMTP_URL?: string;

  @IsString()
  MAIL_FROM = 'E-Tutors <no-reply@etutors.local>';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';
}
