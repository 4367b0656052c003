// What the bench runners (run.mjs, mixed.mjs) share: reading their settings, keeping them on
// loopback, finding free ports, clearing their queue keys, and their child processes.
/* global AbortSignal */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
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

/**
 * The URL of database `name` on the PostgreSQL server of DATABASE_URL (loopback only): a bench
 * always uses a database of its own there, never the one DATABASE_URL names.
 */
export function benchDatabaseUrl(name) {
  const url = loopbackUrl(
    'DATABASE_URL',
    process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
  );
  url.pathname = `/${name}`;
  return url.toString();
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

/**
 * The child processes of a bench run, every one stopped on the way out, whatever the way out is:
 * `shutdown(code)` at the end of the run or on an error, a signal, or an uncaught failure (each
 * then closes what `onShutdown` registered and exits), and SIGKILL for anything still running
 * when the process exits. Each child is `node args…` in `root`, its output in a log file of the
 * temp directory named after `logPrefix` and its label (no pipe for the bench to drain while it
 * drives the load), whose last lines (`tail`) explain a failure.
 */
export function benchProcesses({ root, logPrefix, stopGraceMs }) {
  const children = new Set();
  const closers = [];
  let shuttingDown = false;
  const alive = (child) => child.exitCode === null && child.signalCode === null;

  function start(label, args, env, { ipc = false } = {}) {
    const logFile = path.join(os.tmpdir(), `${logPrefix}-${label}.log`);
    const fd = openSync(logFile, 'w');
    const stdio = ['ignore', fd, fd, ...(ipc ? ['ipc'] : [])];
    const child = spawn(process.execPath, args, { cwd: root, env, stdio });
    closeSync(fd);
    child.label = label;
    child.logFile = logFile;
    children.add(child);
    child.once('exit', () => children.delete(child));
    return child;
  }

  const logOf = (child) => {
    try {
      return readFileSync(child.logFile, 'utf8');
    } catch {
      return '';
    }
  };
  const tail = (child, lines = 30) => {
    const text = logOf(child).trimEnd();
    return text
      ? `--- last lines of ${child.logFile}\n${text.split('\n').slice(-lines).join('\n')}`
      : '';
  };

  /** SIGTERM, then SIGKILL after `stopGraceMs`; resolves once it has exited. */
  async function stop(child) {
    if (!alive(child)) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), stopGraceMs);
    await exited;
    clearTimeout(timer);
  }

  async function shutdown(code) {
    if (shuttingDown) return;
    shuttingDown = true;
    await Promise.allSettled([...children].map(stop));
    await Promise.allSettled(closers.map((close) => close()));
    process.exit(code);
  }

  /** Resolves once `child` answers `base`/health/live; throws if it exits or stays silent. */
  async function waitForLive(child, base, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!alive(child))
        throw new Error(
          `${child.label} exited (${child.exitCode ?? child.signalCode}) before answering /health/live\n${tail(child)}`,
        );
      const ok = await fetch(`${base}/health/live`, { signal: AbortSignal.timeout(1000) }).then(
        (response) => response.ok,
        () => false,
      );
      if (ok) return;
      await sleep(200);
    }
    throw new Error(`${child.label} did not answer ${base}/health/live within ${timeoutMs} ms`);
  }

  process.on('exit', () => {
    for (const child of children) if (alive(child)) child.kill('SIGKILL');
  });
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ]) {
    process.once(signal, () => {
      process.stderr.write(`\n${signal}: stopping the servers\n`);
      void shutdown(code);
    });
  }
  for (const event of ['uncaughtException', 'unhandledRejection']) {
    process.once(event, (error) => {
      console.error(error);
      void shutdown(1);
    });
  }

  return {
    alive,
    start,
    logOf,
    tail,
    stop,
    shutdown,
    waitForLive,
    onShutdown: (close) => closers.push(close),
  };
}
