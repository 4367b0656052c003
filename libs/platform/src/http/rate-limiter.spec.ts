import { Logger } from '@nestjs/common';
import type { ConfigService } from '@nestjs/config';
import { Redis } from 'ioredis';
import type { Environment } from '../config/environment.js';
import { ControllableClock } from '../time/clock.js';
import { RateLimiter } from './rate-limiter.js';

const config = { get: () => 'unit' } as unknown as ConfigService<Environment, true>;

describe('RateLimiter while Redis cannot be reached', () => {
  // A real client of a port nobody listens on, refusing commands at once rather than queueing.
  const redis = new Redis({
    host: '127.0.0.1',
    port: 1,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
  });
  afterAll(() => redis.disconnect());
  afterEach(() => jest.restoreAllMocks());

  it('fails open, warning once per outage rather than on every request', async () => {
    const limiter = new RateLimiter(redis, config, new ControllableClock(new Date()));
    const warned = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const failed = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect(await limiter.hit('login:ip', 1, 60_000)).toEqual({
        allowed: true,
        retryAfterSeconds: 0,
      });
    }
    expect(await limiter.check('login:account', 1)).toEqual({
      allowed: true,
      retryAfterSeconds: 0,
    });
    await expect(limiter.reset('login:account')).resolves.toBeUndefined();
    expect(warned).toHaveBeenCalledTimes(1);
    expect(warned).toHaveBeenCalledWith(expect.stringMatching(/unavailable, not limiting/));
    expect(failed).not.toHaveBeenCalled();
  });
});
