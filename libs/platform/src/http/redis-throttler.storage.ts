import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Redis } from 'ioredis';
import type { Clock } from '../time/clock.js';

/**
 * A fixed-window counter and a block marker, updated atomically, with times from the caller's
 * clock (ARGV[1], epoch ms), never Redis's: the window's end and the block's end are stored as
 * values and compared with that clock, so tests can move time. Key expiry only clears up once a
 * window or block is over. Returns [hits, window ms left, block ms left].
 */
const INCREMENT = `
local now = tonumber(ARGV[1])
local windowEnd = tonumber(redis.call('HGET', KEYS[1], 'end') or '0')
local hits
if windowEnd <= now then
  windowEnd = now + tonumber(ARGV[2])
  hits = 1
  redis.call('HSET', KEYS[1], 'hits', hits, 'end', windowEnd)
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
else
  hits = redis.call('HINCRBY', KEYS[1], 'hits', 1)
end
local blockEnd = tonumber(redis.call('GET', KEYS[2]) or '0')
if blockEnd <= now and hits > tonumber(ARGV[3]) then
  blockEnd = now + tonumber(ARGV[4])
  redis.call('SET', KEYS[2], blockEnd, 'PX', ARGV[4])
end
return { hits, windowEnd - now, math.max(blockEnd - now, 0) }
`;

/** Rate-limit counters in Redis, so every API instance sees the same counts. */
export class RedisThrottlerStorage implements ThrottlerStorage {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly clock: Clock,
  ) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ) {
    const base = this.base(key, throttlerName);
    const [hits, windowLeft, blockLeft] = (await this.redis.eval(
      INCREMENT,
      2,
      `${base}:window`,
      `${base}:block`,
      this.clock.now().getTime(),
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
    const blockEnd = Number(await this.redis.get(`${this.base(key, throttlerName)}:block`));
    return Math.max(blockEnd - this.clock.now().getTime(), 0);
  }

  async reset(key: string, throttlerName: string): Promise<void> {
    const base = this.base(key, throttlerName);
    await this.redis.del(`${base}:window`, `${base}:block`);
  }

  private base(key: string, throttlerName: string): string {
    return `${this.prefix}:throttle:${throttlerName}:${key}`;
  }
}
