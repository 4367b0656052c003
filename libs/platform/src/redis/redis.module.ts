import { Global, Module, type OnApplicationShutdown, Inject } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Redis } from 'ioredis';
import type { Environment } from '../config/environment.js';
import { PubSub } from './pub-sub.js';
import { REDIS, type RedisConnection } from './redis.token.js';

export { REDIS, type RedisConnection } from './redis.token.js';

@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>): RedisConnection => {
        const url = config.get('REDIS_URL', { infer: true });
        if (!url) return null;
        // Fail fast while Redis is away (health and rate limits must answer), reconnect forever.
        const redis = new Redis(url, {
          enableOfflineQueue: false,
          maxRetriesPerRequest: 1,
          connectTimeout: 2000,
          retryStrategy: (times) => Math.min(times * 200, 2000),
          lazyConnect: false,
        });
        redis.on('error', () => undefined);
        return redis;
      },
    },
    PubSub,
  ],
  exports: [REDIS, PubSub],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: RedisConnection) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.redis && this.redis.status !== 'end') this.redis.disconnect();
  }
}
