import { Controller, Get, Inject, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  type HealthIndicatorResult,
} from '@nestjs/terminus';
import { Public } from '../auth/auth.decorators.js';
import { SqlReader } from '../database/sql-reader.js';
import { REDIS, type RedisConnection } from '../redis/redis.module.js';
import { oneAfterAnother } from './one-after-another.js';

const CHECK_TIMEOUT_MS = 1500;

/** Rejects when `work` has not settled within `ms`; one timer, cleared as soon as it settles. */
function withinTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timeout of ${ms}ms exceeded`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Probes: `live` while the process runs; `ready` when PostgreSQL (and Redis, if configured)
 * answer. Terminus composes the answer and the 503; the checks themselves are one `SELECT 1` on
 * the pool and then one `PING`, each under a plain timer (Terminus' own `withTimeout` builds abort
 * signals and a DOMException on every probe, which a load balancer polling all instances pays for).
 */
@ApiTags('platform')
@Public()
@Controller({ path: 'health', version: VERSION_NEUTRAL })
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly reader: SqlReader,
    @Inject(REDIS) private readonly redis: RedisConnection,
  ) {}

  @Get('live')
  @ApiOkResponse({ schema: { example: { status: 'ok' } } })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOkResponse({ description: 'Every dependency answers' })
  @ApiServiceUnavailableResponse({ description: 'The failing check is named under `error`' })
  ready() {
    const redis = this.redis;
    return this.health.check(
      oneAfterAnother([
        () => this.probe('database', () => this.reader.query('SELECT 1')),
        ...(redis ? [() => this.probe('redis', () => redis.ping())] : []),
      ]),
    );
  }

  private async probe(key: string, ping: () => Promise<unknown>): Promise<HealthIndicatorResult> {
    const check = this.indicators.check(key);
    try {
      await withinTimeout(ping(), CHECK_TIMEOUT_MS);
      return check.up();
    } catch (error) {
      return check.down({ message: (error as Error).message });
    }
  }
}
