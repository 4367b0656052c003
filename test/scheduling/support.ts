import pg from 'pg';
import type { Actor } from '../support/given.js';
import { eventually, type TestApp } from '../support/test-app.js';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** A tutor available every day, all day, in UTC: bookable starts are easy to reason about. */
export async function openAllWeek(
  t: TestApp,
  tutor: Actor,
  overrides: Partial<{
    bufferMinutes: number;
    minNoticeMinutes: number;
    maxAdvanceDays: number;
    timezone: string;
  }> = {},
) {
  const res = await t
    .http()
    .put('/api/v1/tutors/me/availability')
    .set(tutor.auth)
    .send({
      timezone: 'UTC',
      weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' })),
      bufferMinutes: 0,
      minNoticeMinutes: 0,
      maxAdvanceDays: 60,
      ...overrides,
    });
  if (res.status !== 200)
    throw new Error(`availability failed: ${res.status} ${JSON.stringify(res.body)}`);
}

/** A start on the 15-minute grid, `days` days from now at `hour`:`minute` UTC. */
export function startAt(days: number, hour: number, minute = 0): string {
  const date = new Date(Date.now() + days * DAY);
  date.setUTCHours(hour, minute, 0, 0);
  return date.toISOString();
}

export async function book(
  t: TestApp,
  student: Actor,
  tutor: Actor,
  subjectId: string,
  startsAt: string,
  durationMinutes = 60,
) {
  return t
    .http()
    .post('/api/v1/bookings')
    .set(student.auth)
    .send({ tutorId: tutor.id, subjectId, startsAt, durationMinutes });
}

/**
 * Sends the booking requests of `fire` while the bookings table is locked against writes, waits
 * until `inserts` of them are queued on that lock inside their transactions, then lets them all
 * go at once: the attempts provably meet in the database instead of arriving one after another.
 */
export async function racingInserts<T>(inserts: number, fire: () => Promise<T>): Promise<T> {
  const gate = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await gate.connect();
  try {
    await gate.query('BEGIN');
    await gate.query('LOCK TABLE scheduling.bookings IN SHARE MODE');
    const results = fire();
    await eventually(async () => {
      // The statistics views keep one snapshot per transaction unless told to take a new one.
      await gate.query('SELECT pg_stat_clear_snapshot()');
      const { rows } = await gate.query<{ waiting: number }>(
        `SELECT count(*)::int AS waiting FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid()
            AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO scheduling.bookings%'`,
      );
      return rows[0]!.waiting === inserts;
    });
    await gate.query('COMMIT');
    return await results;
  } finally {
    // Ending the session releases the lock even if the wait above failed.
    await gate.end();
  }
}
