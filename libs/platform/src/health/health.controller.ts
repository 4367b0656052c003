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

const CHECK_TIMEOUT_MS = 1500;

/**
 * Probes: `live` while the process runs; `ready` when PostgreSQL (and Redis, if configured)
 * answer. Terminus composes the answer and the 503. The checks are one `SELECT 1` on the pool,
 * then one `PING`: one after the other, not all at once as Terminus runs separate indicators,
 * because on a loaded machine two services woken together cost the API about a fifth more CPU
 * per probe (`npm run bench`, health-ready), and only a hung dependency would show the latency.
 * Each has a plain timer (Terminus' own `withTimeout` builds abort signals and a DOMException on
 * every probe, which a load balancer polling all instances pays for).
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
    return this.health.check([() => this.dependencies()]);
  }

  /** One result per dependency, `database` then `redis`: Terminus files each under up or down. */
  private async dependencies(): Promise<HealthIndicatorResult> {
    const results = await this.probe('database', () => this.reader.query('SELECT 1'));
    const redis = this.redis;
    if (redis) Object.assign(results, await this.probe('redis', () => redis.ping()));
    return results;
  }

  /** `key` up when `ping` succeeds within the timeout, down with the reason otherwise. */
  private probe(key: string, ping: () => Promise<unknown>): Promise<HealthIndicatorResult> {
    const check = this.indicators.check(key);
    return new Promise((resolve) => {
      const timer = setTimeout(
        () => resolve(check.down({ message: `timeout of ${CHECK_TIMEOUT_MS}ms exceeded` })),
        CHECK_TIMEOUT_MS,
      );
      ping().then(
        () => {
          clearTimeout(timer);
          resolve(check.up());
        },
        (error: Error) => {
          clearTimeout(timer);
          resolve(check.down({ message: error.message }));
        },
      );
    });
  }
}
