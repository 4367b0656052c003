import type { SqlQueryable, SqlReader } from '@etutors/platform';
import type { BookingRules } from '../domain/booking.policy.js';
import { ACTIVE_STATUSES } from '../domain/booking-status.js';
import type { Interval } from '../domain/interval.js';
import type { Availability } from '../domain/slots.js';
import { DAY_MS } from '@etutors/platform';

/** What the slot maths needs about one tutor, read in one round trip. */
export interface TutorCalendar extends BookingRules {
  bookings: Interval[];
}

interface AvailabilityRow {
  timezone: string;
  weekly: Availability['weekly'];
  buffer_minutes: number;
  min_notice_minutes: number;
  max_advance_days: number;
}

type Pairs = [number, number][];

const AVAILABILITY = `(SELECT row_to_json(a) FROM (
    SELECT timezone, weekly, buffer_minutes, min_notice_minutes, max_advance_days
      FROM scheduling.availability WHERE tutor_id = $1) a) AS availability`;
const TIME_OFF = `(SELECT coalesce(json_agg(json_build_array(extract(epoch FROM starts_at) * 1000, extract(epoch FROM ends_at) * 1000)), '[]')
     FROM scheduling.time_off WHERE tutor_id = $1 AND tstzrange(starts_at, ends_at) && tstzrange($2, $3)) AS time_off`;
const ACTIVE_BOOKINGS = `(SELECT coalesce(json_agg(json_build_array(extract(epoch FROM starts_at) * 1000, extract(epoch FROM ends_at) * 1000)), '[]')
     FROM scheduling.bookings WHERE tutor_id = $1 AND status = ANY($4::text[])
      AND tstzrange(starts_at, blocked_until) && tstzrange($2, $3)) AS bookings`;

/**
 * Availability, time off and active bookings (as start..end; the buffer is applied by the slot
 * maths) overlapping `[from, to)` widened by a day on each side: what the public slots need.
 */
export async function readSlotCalendar(
  reader: SqlReader,
  tutorId: string,
  from: number,
  to: number,
): Promise<TutorCalendar> {
  const [row] = await reader.query<{
    availability: AvailabilityRow | null;
    time_off: Pairs;
    bookings: Pairs;
  }>(`SELECT ${AVAILABILITY}, ${TIME_OFF}, ${ACTIVE_BOOKINGS}`, [
    tutorId,
    new Date(from - DAY_MS),
    new Date(to + DAY_MS),
    ACTIVE_STATUSES,
  ]);
  return {
    availability: toAvailability(row!.availability),
    timeOff: toIntervals(row!.time_off),
    bookings: toIntervals(row!.bookings),
  };
}

/**
 * The tutor's rules and the time off overlapping the lesson `[start, end)`: all that the checks
 * of one booking or move use (through the `SqlReader`, or a move's transaction). Other bookings are not read: the exclusion constraint refuses an
 * overlap when the booking is written.
 */
export async function readBookingRules(
  db: SqlQueryable,
  tutorId: string,
  start: number,
  end: number,
): Promise<BookingRules> {
  const [row] = (await db.query(`SELECT ${AVAILABILITY}, ${TIME_OFF}`, [
    tutorId,
    new Date(start),
    new Date(end),
  ])) as { availability: AvailabilityRow | null; time_off: Pairs }[];
  return { availability: toAvailability(row!.availability), timeOff: toIntervals(row!.time_off) };
}

const toIntervals = (pairs: Pairs): Interval[] =>
  pairs.map(([start, end]) => ({ start: Number(start), end: Number(end) }));

const toAvailability = (a: AvailabilityRow | null): Availability | null =>
  a && {
    timezone: a.timezone,
    weekly: a.weekly,
    bufferMinutes: a.buffer_minutes,
    minNoticeMinutes: a.min_notice_minutes,
    maxAdvanceDays: a.max_advance_days,
  };
