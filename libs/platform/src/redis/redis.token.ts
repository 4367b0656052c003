import type { Redis } from 'ioredis';

/** The shared Redis connection, or `null` when `REDIS_URL` is unset (zero-set-up run). */
export const REDIS = Symbol('REDIS');
export type RedisConnection = Redis | null;
