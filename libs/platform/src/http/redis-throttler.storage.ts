import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Redis } from 'ioredis';

/** A fixed-window counter and a block marker, updated atomically. Returns [hits, window ms left, block ms left]. */
const INCREMENT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local windowLeft = redis.call('PTTL', KEYS[1])
local blockLeft = redis.call('PTTL', KEYS[2])
if blockLeft <= 0 and hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  blockLeft = tonumber(ARGV[3])
end
return { hits, windowLeft, blockLeft }
`;

/** Rate-limit counters in Redis, so every API instance sees the same counts. */
export class RedisThrottlerStorage implements ThrottlerStorage {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ) {
    const base = `${this.prefix}:throttle:${throttlerName}:${key}`;
    const [hits, windowLeft, blockLeft] = (await this.redis.eval(
      INCREMENT,
      2,
      `${base}:hits`,
      `${base}:block`,
      ttl,
      limit,
      blockDuration > 0 ? blockDuration : ttl,
    )) as [number, number, number];
    const isBlocked = blockLeft > 0;
    return {
      totalHits: hits,
      timeToExpire: Math.ceil(Math.max(windowLeft, 0) / 1000),
      isBlocked,
      timeToBlockExpire: isBlocked ? Math.ceil(blockLeft / 1000) : 0,
    };
  }

  /** Milliseconds left on the block of `key` (0 when not blocked). */
  async blockedFor(key: string, throttlerName: string): Promise<number> {
    const left = await this.redis.pttl(`${this.prefix}:throttle:${throttlerName}:${key}:block`);
    return Math.max(left, 0);
  }

  async reset(key: string, throttlerName: string): Promise<void> {
    const base = `${this.prefix}:throttle:${throttlerName}:${key}`;
    await this.redis.del(`${base}:hits`, `${base}:block`);
  }
}
