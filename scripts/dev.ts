// `npm run dev`: the zero-set-up local run. Without DATABASE_URL it starts an embedded PostgreSQL
// (data under .data/, kept across runs); then it migrates, seeds demo data and serves the API.
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createDataSource } from '../migrations/data-source.js';
import { ensureDatabase, startEmbeddedPostgres } from './embedded-postgres.js';
import { migrate } from './migrate.js';
import { seedDemoData } from './demo-data.js';

const say = (line: string) => process.stdout.write(`[dev] ${line}\n`);

/** A local-only signing key, generated once and kept under .data/ so sessions survive restarts. */
function devSecret(): string {
  const file = '.data/dev-jwt-secret';
  if (!existsSync(file)) {
    mkdirSync('.data', { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

// .env first, so DATABASE_URL / REDIS_URL set there count as much as the shell's.
if (existsSync('.env')) process.loadEnvFile('.env');
process.env.NODE_ENV ??= 'development';
if (!process.env.DATABASE_URL) {
  const server = await startEmbeddedPostgres();
  await ensureDatabase(server.url('postgres'), 'etutors');
  process.env.DATABASE_URL = server.url('etutors');
  say(`embedded PostgreSQL at ${process.env.DATABASE_URL}`);
  const stop = () => void server.stop().finally(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
if (!process.env.JWT_SECRET) process.env.JWT_SECRET = devSecret();
if (process.env.REDIS_URL) process.env.JOBS_PROCESS_IN_API ??= 'true';

const dataSource = await createDataSource(process.env.DATABASE_URL).initialize();
try {
  await migrate(dataSource, say);
  for (const line of await seedDemoData(dataSource)) say(line);
} finally {
  await dataSource.destroy();
}
const { startApi } = await import('../apps/api/src/main.js');
await startApi();
say(
  `API on http://localhost:${process.env.PORT ?? 3000}/api/v1 — docs at http://localhost:${process.env.PORT ?? 3000}/docs`,
);
