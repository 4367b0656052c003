import { Redis } from 'ioredis';
import pg from 'pg';

/**
 * Drops every database this run created, deletes the Redis keys of its queue prefixes (each
 * test file's `etutors-test-<run>-…`: queues, throttler counters, pub/sub leaves none) and stops
 * the embedded server if one was started.
 */
export default async function globalTeardown(): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.TEST_SERVER_DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`etutors_test_${process.env.TEST_RUN_ID}%`],
    );
    for (const { datname } of rows)
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
  if (process.env.REDIS_URL) await deleteRedisKeys(`etutors-test-${process.env.TEST_RUN_ID}-*`);
  await globalThis.__embeddedPostgres?.stop();
}

async function deleteRedisKeys(pattern: string): Promise<void> {
  const redis = new Redis(process.env.REDIS_URL!, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    for await (const keys of redis.scanStream({ match: pattern, count: 500 }) as AsyncIterable<
      string[]
    >) {
      if (keys.length > 0) await redis.unlink(...keys);
    }
  } finally {
    redis.disconnect();
  }
}
