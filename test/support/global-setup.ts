// Picks the PostgreSQL server for this run (DATABASE_URL's, or an embedded one when it is unset)
// and a run id. Each test file then gets its own database, copied from a migrated template (see
// test-database.ts), so files run in parallel without seeing each other's events or jobs.
// Global setup runs outside Jest's module map, so it imports no project module that needs it.
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type { EmbeddedDatabase } from '../../scripts/embedded-postgres.js';

// Loaded by file name: global setup runs outside Jest's module map, where `.js` suffixes do not resolve to sources.
const { startEmbeddedPostgres } =
  require('../../scripts/embedded-postgres.ts') as typeof import('../../scripts/embedded-postgres.js');

declare global {
  var __embeddedPostgres: EmbeddedDatabase | undefined;
}

export default async function globalSetup(): Promise<void> {
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    // Its own folder and port, so tests run while `npm run dev` is up.
    globalThis.__embeddedPostgres = await startEmbeddedPostgres(resolve('.data/pg-test'), 54330);
    serverUrl = globalThis.__embeddedPostgres.url('postgres');
  }
  process.env.TEST_SERVER_DATABASE_URL = serverUrl;
  process.env.TEST_RUN_ID = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}
