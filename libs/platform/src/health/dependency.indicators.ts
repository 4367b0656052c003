import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { SqlReader } from '../database/sql-reader.js';
import { REDIS, type RedisConnection } from '../redis/redis.module.js';

const CHECK_TIMEOUT_MS = 1500;

/** Why a probe failed, in words fixed here: a driver's message may name hosts, ports or users. */
const DEPENDENCY_DOWN = {
  database: 'PostgreSQL did not answer',
  redis: 'Redis did not answer',
} as const;

/**
 * Terminus indicators for what the process cannot serve without, each with its own timeout
 * (Terminus' `timeout of …ms exceeded` when it passes).
 */
@Injectable()
export class DependencyIndicators {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly reader: SqlReader,
    @Inject(REDIS) private readonly connection: RedisConnection,
  ) {}

  get hasRedis(): boolean {
    return Boolean(this.connection);
  }

  database() {
    return this.probe('database', () => this.reader.query('SELECT 1'));
  }

  redis() {
    return this.probe('redis', () => this.connection!.ping());
  }

  private probe(key: keyof typeof DEPENDENCY_DOWN, ping: () => Promise<unknown>) {
    return this.indicators
      .check(key)
      .attempt(async () => {
        await ping().catch(() => {
          throw new Error(DEPENDENCY_DOWN[key]);
        });
      })
      .withTimeout(CHECK_TIMEOUT_MS);
  }
}
