import pg from 'pg';
import { eventually } from '../support/test-app.js';

/**
 * Sends the requests of `fire` while the advisory lock `name` (a limit's, e.g.
 * `scheduling.tutor-lessons:<tutorId>`) is held elsewhere, waits until `waiting` of them queue
 * on it inside their transactions, then lets them all go: the attempts provably contend for the
 * limit instead of arriving one after another.
 */
export async function racingOnLimit<T>(
  name: string,
  waiting: number,
  fire: () => Promise<T>,
): Promise<T> {
  const gate = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await gate.connect();
  try {
    await gate.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [name]);
    const results = fire();
    await eventually(async () => {
      const { rows } = await gate.query<{ waiting: number }>(
        `SELECT count(*)::int AS waiting FROM pg_locks
          WHERE locktype = 'advisory' AND NOT granted AND database = (
            SELECT oid FROM pg_database WHERE datname = current_database())`,
      );
      return rows[0]!.waiting === waiting;
    });
    await gate.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [name]);
    return await results;
  } finally {
    // Ending the session releases the lock even if the wait above failed.
    await gate.end();
  }
}
