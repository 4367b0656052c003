// What the bench runners (run.mjs, mixed.mjs) share: reading their settings, keeping them on
// loopback, finding free ports and clearing their queue keys.
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

/** The whole number in the environment variable `name` (at least `min`), or `fallback` if unset. */
export const intFromEnv = (name, fallback, min) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min)
    throw new Error(`${name} must be an integer ≥ ${min}`);
  return value;
};

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);
/** `value` as a URL; a bench drops and loads databases, so it refuses anything off this machine. */
export function loopbackUrl(name, value) {
  const url = new URL(value);
  if (!LOOPBACK.has(url.hostname))
    throw new Error(`${name} must point at a loopback address (got ${url.hostname})`);
  return url;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A loopback port nothing listens on right now. */
export const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

/** Drops every Redis key under `prefix:` (what earlier runs left: jobs nobody processes, limits). */
export async function clearKeysUnder(redisUrl, prefix) {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
