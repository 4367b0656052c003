import pg from 'pg';

/** Drops the run's database (and stops the embedded server if one was started). */
export default async function globalTeardown(): Promise<void> {
  const database = globalThis.__testDatabase;
  if (database) {
    const client = new pg.Client({ connectionString: database.serverUrl });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${database.name}" WITH (FORCE)`);
    await client.end();
  }
  await globalThis.__embeddedPostgres?.stop();
}
