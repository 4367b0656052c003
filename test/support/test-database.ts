import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDataSource } from '../../migrations/data-source.js';

const LOCK_KEY = 727001;

const databaseUrl = (name: string) => {
  const url = new URL(process.env.TEST_SERVER_DATABASE_URL!);
  url.pathname = `/${name}`;
  return url.toString();
};

async function withServer<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.TEST_SERVER_DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The run's template: created and migrated by whichever test file gets there first. */
async function ensureTemplate(template: string): Promise<void> {
  await withServer(async (client) => {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    try {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
        template,
      ]);
      if (rowCount) return;
      await client.query(`CREATE DATABASE "${template}"`);
      const dataSource = await createDataSource(databaseUrl(template)).initialize();
      try {
        await dataSource.runMigrations({ transaction: 'each' });
      } finally {
        await dataSource.destroy();
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]);
    }
  });
}

/**
 * Gives this test file a fresh, migrated database of its own and a queue prefix of its own;
 * sets DATABASE_URL and QUEUE_PREFIX for the apps it starts. Dropped by the global teardown.
 */
export async function prepareTestDatabase(): Promise<void> {
  const run = process.env.TEST_RUN_ID!;
  const template = `etutors_test_${run}_template`;
  await ensureTemplate(template);
  const name = `etutors_test_${run}_${randomBytes(4).toString('hex')}`;
  await withServer(async (client) => {
    // Copies serialize on the template; the lock keeps two copies from tripping over each other.
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    try {
      await client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]);
    }
  });
  process.env.DATABASE_URL = databaseUrl(name);
  process.env.QUEUE_PREFIX = `etutors-test-${run}-${name.slice(-8)}`;
}
