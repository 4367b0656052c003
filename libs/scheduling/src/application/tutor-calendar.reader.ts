import type { SqlQueryable } from '@etutors/platform';
import type { Interval } from '../domain/interval.js';
import type { Availability } from '../domain/slots.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** What the slot maths needs about one tutor, read in one round trip. */
export interface TutorCalendar {
  availability: Availability | null;
  timeOff: Interval[];
  bookings: Interval[];
}

/**
 * Availability, time off and active bookings (as start..end; the buffer is applied by the slot
 * maths) overlapping `[from, to)` widened by a day on each side.
 */
export async function readTutorCalendar(
  db: SqlQueryable,
  tutorId: string,
  from: number,
  to: number,
  excludeBookingId: string | null = null,
): Promise<TutorCalendar> {
  const [row] = (await db.query(
    `SELECT
       (SELECT row_to_json(a) FROM (SELECT timezone, weekly, buffer_minutes, min_notice_minutes, max_advance_days
                                      FROM scheduling.availability WHERE tutor_id = $1) a) AS availability,
       (SELECT coalesce(json_agg(json_build_array(extract(epoch FROM starts_at) * 1000, extract(epoch FROM ends_at) * 1000)), '[]')
          FROM scheduling.time_off WHERE tutor_id = $1 AND tstzrange(starts_at, ends_at) && tstzrange($2, $3)) AS time_off,
       (SELECT coalesce(json_agg(json_build_array(extract(epoch FROM starts_at) * 1000, extract(epoch FROM ends_at) * 1000)), '[]')
          FROM scheduling.bookings WHERE tutor_id = $1 AND status IN ('pending_payment', 'confirmed')
           AND tstzrange(starts_at, blocked_until) && tstzrange($2, $3)
           AND ($4::uuid IS NULL OR id <> $4)) AS bookings`,
    [tutorId, new Date(from - DAY_MS), new Date(to + DAY_MS), excludeBookingId],
  )) as {
    availability: {
      timezone: string;
      weekly: Availability['weekly'];
      buffer_minutes: number;
      min_notice_minutes: number;
      max_advance_days: number;
    } | null;
    time_off: [number, number][];
    bookings: [number, number][];
  }[];
  const toIntervals = (pairs: [number, number][]) =>
    pairs.map(([start, end]) => ({ start: Number(start), end: Number(end) }));
  const a = row!.availability;
  return {
    availability: a
      ? {
          timezone: a.timezone,
          weekly: a.weekly,
          bufferMinutes: a.buffer_minutes,
          minNoticeMinutes: a.min_notice_minutes,
          maxAdvanceDays: a.max_advance_days,
        }
      : null,
    timeOff: toIntervals(row!.time_off),
    bookings: toIntervals(row!.bookings),
  };
}
