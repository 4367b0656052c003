// `npm run dev`: the zero-set-up local run. Without DATABASE_URL it starts an embedded PostgreSQL
// (data under .data/, kept across runs); then it migrates, seeds demo data and serves the API.
// Ctrl-C (SIGINT) or SIGTERM closes the API, then stops the embedded PostgreSQL, and exits 0.
//
// Only Node's own modules are imported statically: the signal handlers are in place before the
// application's modules load (seconds), so an early Ctrl-C still stops cleanly.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { EmbeddedDatabase } from './embedded-postgres.js';

const SHUTDOWN_DEADLINE_MS = 15_000;
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

/** What is running, for stop() to close. */
const running: { database?: Promise<EmbeddedDatabase>; closeApi?: () => Promise<void> } = {};
let stopping = false;

/** Closes what was started, in reverse order, and says so; exits 0 unless something failed. */
async function stop(signal: NodeJS.Signals): Promise<void> {
  if (stopping) return;
  stopping = true;
  say(`${signal}: stopping`);
  setTimeout(() => {
    say('shutdown took too long, exiting');
    process.exit(1);
  }, SHUTDOWN_DEADLINE_MS).unref();
  let failed = false;
  try {
    await running.closeApi?.();
    if (running.closeApi) say('API closed');
  } catch (error) {
    failed = true;
    say(`API did not close cleanly: ${(error as Error).message}`);
  }
  if (running.database) {
    try {
      // Waits for a start still in progress, so no PostgreSQL is left behind.
      await (await running.database).stop();
      say('embedded PostgreSQL stopped');
    } catch (error) {
      failed = true;
      say(`embedded PostgreSQL did not stop cleanly: ${(error as Error).message}`);
    }
  }
  process.exit(failed ? 1 : 0);
}
process.once('SIGINT', (signal) => void stop(signal));
process.once('SIGTERM', (signal) => void stop(signal));

await import('reflect-metadata');
const { ensureDatabase, startEmbeddedPostgres } = await import('./embedded-postgres.js');

// .env first, so DATABASE_URL / REDIS_URL set there count as much as the shell's.
if (existsSync('.env')) process.loadEnvFile('.env');
process.env.NODE_ENV ??= 'development';
if (!process.env.DATABASE_URL) {
  running.database = startEmbeddedPostgres();
  const database = await running.database;
  if (stopping) await new Promise(() => undefined); // stop() is closing it and exits
  await ensureDatabase(database.url('postgres'), 'etutors');
  process.env.DATABASE_URL = database.url('etutors');
  say(`embedded PostgreSQL at ${process.env.DATABASE_URL} (data in .data/pg)`);
}
if (!process.env.JWT_SECRET) process.env.JWT_SECRET = devSecret();
if (process.env.REDIS_URL) process.env.JOBS_PROCESS_IN_API ??= 'true';

const { createHttpApp, createLogger, loadEnvironmentOrExit } = await import('@etutors/platform');
const { createDataSource } = await import('../migrations/data-source.js');
const { seedDemoData } = await import('./demo-data.js');
const { migrate } = await import('./migrate.js');
const env = loadEnvironmentOrExit();
const base = `http://localhost:${env.PORT}`;
const dataSource = await createDataSource(env.DATABASE_URL).initialize();
try {
  await migrate(dataSource, say);
  for (const line of await seedDemoData(dataSource, base)) say(line);
} finally {
  await dataSource.destroy();
}

const logger = createLogger(env.LOG_LEVEL);
// Imported only now: building the module graph reads the configuration, which must be valid first.
const { AppModule } = await import('../apps/api/src/app.module.js');
const app = await createHttpApp(AppModule, env, logger);
running.closeApi = () => app.close();
if (stopping) await new Promise(() => undefined); // a signal arrived while starting: stop() exits
await app.listen({ port: env.PORT, host: '0.0.0.0' });
say(
  `API listening on ${base}/api/v1 (docs at ${env.DOCS_ENABLED ? `${base}/docs` : 'off'}); Ctrl-C stops it`,
);
