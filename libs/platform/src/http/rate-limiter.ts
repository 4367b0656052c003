import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Environment } from '../config/environment.js';
import { REDIS, type RedisConnection } from '../redis/redis.module.js';
import { Clock } from '../time/clock.js';
import { RedisThrottlerStorage } from './redis-throttler.storage.js';

export interface RateLimitResult {
  allowed: boolean;
  /** Seconds until the caller may try again (when not allowed). */
  retryAfterSeconds: number;
}

const OPEN: RateLimitResult = { allowed: true, retryAfterSeconds: 0 };

/**
 * Fixed-window limits keyed by anything (an IP, an account): Redis when configured, so every
 * API instance counts together; in process memory otherwise. Windows and blocks are timed by the
 * platform Clock either way. While Redis cannot be reached the limits fail open: what they guard
 * (sign-in, messages) stays available. That is said once per outage, as a warning, and again
 * when the counters are back, rather than on every request.
 */
@Injectable()
export class RateLimiter {
  private readonly logger = new Logger('RateLimiter');
  private readonly redisStore?: RedisThrottlerStorage;
  private readonly memory = new Map<string, { hits: number; resetAt: number }>();
  private unreachable = false;

  constructor(
    @Inject(REDIS) private readonly redis: RedisConnection,
    config: ConfigService<Environment, true>,
    private readonly clock: Clock,
  ) {
    if (redis)
      this.redisStore = new RedisThrottlerStorage(
        redis,
        config.get('QUEUE_PREFIX', { infer: true }),
        clock,
      );
  }

  /** Counts one hit against `key`; refused once more than `limit` hits fall in the window. */
  async hit(key: string, limit: number, windowMs: number): Promise<RateLimitResult> {
    const store = this.redisStore;
    if (store) {
      return this.orOpen(async () => {
        const record = await store.increment(key, windowMs, limit, windowMs, 'limit');
        return {
          allowed: !record.isBlocked,
          retryAfterSeconds: record.isBlocked ? Math.max(1, record.timeToBlockExpire) : 0,
        };
      });
    }
    const now = this.clock.now().getTime();
    const entry = this.memory.get(key);
    const current = entry && entry.resetAt > now ? entry : { hits: 0, resetAt: now + windowMs };
    current.hits += 1;
    this.memory.set(key, current);
    return current.hits > limit
      ? {
          allowed: false,
          retryAfterSeconds: Math.max(1, Math.ceil((current.resetAt - now) / 1000)),
        }
      : { allowed: true, retryAfterSeconds: 0 };
  }

  /** Whether `key` is over `limit` right now, without counting a hit. */
  async check(key: string, limit: number): Promise<RateLimitResult> {
    const store = this.redisStore;
    if (store) {
      return this.orOpen(async () => {
        const blockedMs = await store.blockedFor(key, 'limit');
        return {
          allowed: blockedMs <= 0,
          retryAfterSeconds: blockedMs > 0 ? Math.ceil(blockedMs / 1000) : 0,
        };
      });
    }
    const entry = this.memory.get(key);
    const now = this.clock.now().getTime();
    if (!entry || entry.resetAt <= now || entry.hits <= limit)
      return { allowed: true, retryAfterSeconds: 0 };
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((entry.resetAt - now) / 1000)),
    };
  }

  async reset(key: string): Promise<void> {
    this.memory.delete(key);
    const store = this.redisStore;
    if (store) {
      await this.orOpen(async () => {
        await store.reset(key, 'limit');
        return OPEN;
      });
    }
  }

  /** Redis's answer, or open while it cannot give one. */
  private async orOpen(count: () => Promise<RateLimitResult>): Promise<RateLimitResult> {
    try {
      const result = await count();
      if (this.unreachable) {
        this.unreachable = false;
        this.logger.log('Rate-limit counters are reachable again: limiting');
      }
      return result;
    } catch (error) {
      if (!this.unreachable) {
        this.unreachable = true;
        this.logger.warn(
          `Rate-limit counters unavailable, not limiting until Redis is back: ${(error as Error).message}`,
        );
      }
      return OPEN;
    }
  }
}
