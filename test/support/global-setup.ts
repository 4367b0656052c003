// Creates one fresh database for this test run (on DATABASE_URL's server, or on an embedded
// PostgreSQL when it is unset) and hands its URL to the test workers, which migrate it once
// (see ensureMigrated). Global setup runs outside Jest's module map, so it imports no project module.
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedDatabase } from '../../scripts/embedded-postgres';

declare global {
  var __embeddedPostgres: EmbeddedDatabase | undefined;
  var __testDatabase: { serverUrl: string; name: string } | undefined;
}

export default async function globalSetup(): Promise<void> {
  const runId = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    // Its own folder and port, so tests run while `npm run dev` is up.
    globalThis.__embeddedPostgres = await startEmbeddedPostgres(resolve('.data/pg-test'), 54330);
    serverUrl = globalThis.__embeddedPostgres.url('postgres');
  }
  const name = `etutors_test_${runId}`;
  await ensureDatabase(serverUrl, name);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  globalThis.__testDatabase = { serverUrl, name };

  process.env.TEST_SERVER_DATABASE_URL = serverUrl;
  process.env.DATABASE_URL = url.toString();
  process.env.QUEUE_PREFIX = `etutors-test-${runId}`;

}
