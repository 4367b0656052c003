import type { SqlQueryable } from '@etutors/platform';
import { LIMITED_STATUSES, type LessonLimits } from '../domain/booking-limits.js';
import type { Interval } from '../domain/interval.js';

/**
 * The tutor's lesson limits and, when there are any, the starts of their counted lessons in
 * `[from, to)`: what the public slots need to leave out full days and weeks (one round trip).
 */
export async function readLessonLimitsCalendar(
  db: SqlQueryable,
  tutorId: string,
  from: number,
  to: number,
): Promise<{ limits: LessonLimits; lessonStarts: number[] }> {
  const [row] = (await db.query(
    `SELECT s.max_lessons_per_day, s.max_lessons_per_week,
            CASE WHEN s.max_lessons_per_day IS NULL AND s.max_lessons_per_week IS NULL THEN '[]'::json
                 ELSE (SELECT coalesce(json_agg(extract(epoch FROM b.starts_at) * 1000), '[]'::json)
                         FROM scheduling.bookings b
                        WHERE b.tutor_id = $1 AND b.status = ANY($4::text[])
                          AND b.starts_at >= $2 AND b.starts_at < $3)
            END AS lesson_starts
       FROM (SELECT 1) AS one
       LEFT JOIN scheduling.tutor_booking_settings s ON s.tutor_id = $1`,
    [tutorId, new Date(from), new Date(to), LIMITED_STATUSES],
  )) as {
    max_lessons_per_day: number | null;
    max_lessons_per_week: number | null;
    lesson_starts: (number | string)[];
  }[];
  return {
    limits: { perDay: row!.max_lessons_per_day, perWeek: row!.max_lessons_per_week },
    lessonStarts: row!.lesson_starts.map(Number),
  };
}

/**
 * How many counted lessons of the tutor start in `day` and in `week` (but `exceptBookingId`, a
 * booking being moved); inside the transaction holding the tutor's lock.
 */
export async function countTutorLessons(
  db: SqlQueryable,
  tutorId: string,
  periods: { day: Interval; week: Interval },
  exceptBookingId: string | null,
): Promise<{ day: number; week: number }> {
  const { day, week } = periods;
  const [row] = (await db.query(
    `SELECT count(*) FILTER (WHERE starts_at >= $2 AND starts_at < $3)::int AS day,
            count(*) FILTER (WHERE starts_at >= $4 AND starts_at < $5)::int AS week
       FROM scheduling.bookings
      WHERE tutor_id = $1 AND status = ANY($6::text[]) AND id IS DISTINCT FROM $7::uuid
        AND starts_at >= least($2::timestamptz, $4::timestamptz)
        AND starts_at < greatest($3::timestamptz, $5::timestamptz)`,
    [
      tutorId,
      new Date(day.start),
      new Date(day.end),
      new Date(week.start),
      new Date(week.end),
      LIMITED_STATUSES,
      exceptBookingId,
    ],
  )) as { day: number; week: number }[];
  return row!;
}

/**
 * The student's unpaid bookings still holding their slot at `now`; a weekly series counts once,
 * as it is held and paid as one.
 */
export async function countUnpaidBookings(
  db: SqlQueryable,
  studentId: string,
  now: Date,
): Promise<number> {
  const [row] = (await db.query(
    `SELECT count(DISTINCT coalesce(series_id, id))::int AS unpaid FROM scheduling.bookings
      WHERE student_id = $1 AND status = 'pending_payment' AND hold_expires_at > $2`,
    [studentId, now],
  )) as { unpaid: number }[];
  return row!.unpaid;
}

/**
 * Serializes, until the transaction ends, the bookings that count against one limit: `scope`
 * names the limit, `id` its owner (a tutor or a student).
 */
export async function lockLimit(
  db: SqlQueryable,
  scope: 'tutor-lessons' | 'student-unpaid',
  id: string,
): Promise<void> {
  await db.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
    `scheduling.${scope}:${id}`,
  ]);
}
