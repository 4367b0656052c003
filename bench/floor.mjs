// `npm run bench:floor`: how much of the API's gap to the bare baseline is the framework, and how
// much is what every response must carry. Starts the bare baseline (baseline.mjs), the same plus
// what every API response carries (`BASELINE_RESPONSE_EXTRAS=1`), NestJS with nothing of ours
// (floor-servers.mjs), the same with @nestjs/passport + passport-jwt (`/users/me` only), and the
// built API, then loads `/health/live`, `/health/ready` and `/users/me` on each in turns (3 rounds
// of 3 s, 50 connections) and prints requests/s and the ratio to the baseline. Uses the bench
// database of `npm run bench` (run that once first) and its users.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import jwt from 'jsonwebtoken';
import pg from 'pg';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ROUNDS = 3;
const SECONDS = 3;
const server = new URL(process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres');
server.pathname = `/${process.env.BENCH_DATABASE || 'etutors_bench'}`;
const secret = randomBytes(48).toString('base64url');
const env = {
  ...process.env,
  NODE_ENV: 'production',
  LOG_LEVEL: 'warn',
  DATABASE_URL: server.toString(),
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  QUEUE_PREFIX: 'etutors-bench',
  JWT_SECRET: secret,
  DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  DOCS_ENABLED: 'false',
};

const freePort = () =>
  new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });

const db = new pg.Client({ connectionString: env.DATABASE_URL });
await db.connect();
const [user] = (
  await db.query(
    `SELECT id, roles, token_version FROM identity.users WHERE status = 'active' LIMIT 1`,
  )
).rows;
await db.end();
if (!user) throw new Error('No user in the bench database: run `npm run bench` once first');
const token = jwt.sign({ roles: user.roles, ver: user.token_version }, secret, {
  algorithm: 'HS256',
  subject: user.id,
  issuer: 'etutors',
  audience: 'etutors-api',
  expiresIn: 3600,
  keyid: createHash('sha256').update(secret).digest('hex').slice(0, 12),
});

const allTargets = [
  { name: 'bare Fastify (baseline)', args: ['bench/baseline.mjs'], prefix: '' },
  {
    name: '+ headers, request id, metric',
    args: ['bench/baseline.mjs'],
    prefix: '',
    env: { BASELINE_RESPONSE_EXTRAS: '1' },
  },
  { name: 'NestJS, nothing else', args: ['bench/floor-servers.mjs'], prefix: '' },
  {
    name: 'NestJS + passport',
    args: ['bench/floor-servers.mjs'],
    prefix: '',
    env: { FLOOR_PASSPORT: '1' },
    routes: ['/users/me'],
  },
  // The API serves its probes at the root and everything else under /api/v1.
  { name: 'the API', args: ['dist/apps/api/src/main.js'], prefix: '/api/v1' },
];
const children = [];
process.on('exit', () => children.forEach((child) => child.kill('SIGKILL')));
for (const target of allTargets) {
  target.port = await freePort();
  const child = spawn(process.execPath, target.args, {
    cwd: ROOT,
    env: { ...env, ...target.env, PORT: String(target.port) },
    stdio: 'ignore',
  });
  children.push(child);
}
for (const target of allTargets) {
  for (let i = 0; ; i += 1) {
    const ok = await fetch(`http://127.0.0.1:${target.port}/health/live`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (i > 150) throw new Error(`${target.name} did not start`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const load = (url, duration, headers) =>
  new Promise((resolve, reject) =>
    autocannon({ url, duration, connections: 50, headers }, (error, result) =>
      error ? reject(error) : resolve(result),
    ),
  );

for (const route of ['/health/live', '/health/ready', '/users/me']) {
  const headers = route === '/users/me' ? { authorization: `Bearer ${token}` } : {};
  const targets = allTargets.filter((target) => target.routes?.includes(route) ?? true);
  const totals = targets.map(() => ({ requests: 0, seconds: 0, bad: 0 }));
  const url = (target) =>
    `http://127.0.0.1:${target.port}${route.startsWith('/health') ? '' : target.prefix}${route}`;
  for (const target of targets) await load(url(target), 1, headers);
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [i, target] of targets.entries()) {
      const result = await load(url(target), SECONDS, headers);
      totals[i].requests += result.requests.total;
      totals[i].seconds += result.duration;
      totals[i].bad += result.non2xx + result.errors;
    }
  }
  const rps = totals.map((t) => t.requests / t.seconds);
  console.log(`\n${route}`);
  for (const [i, target] of targets.entries())
    console.log(
      `  ${target.name.padEnd(30)} ${rps[i].toFixed(0).padStart(7)} req/s  ratio ${(rps[i] / rps[0]).toFixed(2)}${totals[i].bad ? `  (${totals[i].bad} not 2xx!)` : ''}`,
    );
}

for (const child of children) child.kill('SIGTERM');
await Promise.all(children.map((child) => once(child, 'exit')));
process.exit(0);
