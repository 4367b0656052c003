import pg from 'pg';

/** Drops every database this run created (and stops the embedded server if one was started). */
export default async function globalTeardown(): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.TEST_SERVER_DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`etutors_test_${process.env.TEST_RUN_ID}%`],
    );
    for (const { datname } of rows)
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
  await globalThis.__embeddedPostgres?.stop();
}
