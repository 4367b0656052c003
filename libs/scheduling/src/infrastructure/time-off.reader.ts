import type { SqlQueryable, SqlReader } from '@etutors/platform';
import { ACTIVE_STATUSES } from '../domain/booking-status.js';

/** A tutor's time off with the active bookings that fall inside it. */
export interface TimeOffRow {
  id: string;
  startsAt: Date;
  endsAt: Date;
  reason: string | null;
  conflictingBookingIds: string[];
}

/**
 * The tutor's time off that has not ended by `now`, soonest first (ties by id), each with the
 * held or confirmed bookings inside it in start order.
 */
export async function readUpcomingTimeOff(
  reader: SqlReader,
  tutorId: string,
  now: Date,
): Promise<TimeOffRow[]> {
  const rows = await reader.query<{
    id: string;
    starts_at: Date;
    ends_at: Date;
    reason: string | null;
    conflicting_booking_ids: string[];
  }>(
    `SELECT t.id, t.starts_at, t.ends_at, t.reason,
            coalesce((SELECT array_agg(b.id ORDER BY b.starts_at, b.id)
                        FROM scheduling.bookings b
                       WHERE b.tutor_id = t.tutor_id AND b.status = ANY($3::text[])
                         AND tstzrange(b.starts_at, b.ends_at) && tstzrange(t.starts_at, t.ends_at)),
                     '{}') AS conflicting_booking_ids
       FROM scheduling.time_off t
      WHERE t.tutor_id = $1 AND t.ends_at > $2
      ORDER BY t.starts_at, t.id`,
    [tutorId, now, ACTIVE_STATUSES],
  );
  return rows.map((row) => ({
    id: row.id,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    reason: row.reason,
    conflictingBookingIds: row.conflicting_booking_ids,
  }));
}

/** The held or confirmed bookings of `tutorId` overlapping `[from, to)`, in start order. */
export async function readConflictingBookingIds(
  db: SqlQueryable,
  tutorId: string,
  from: Date,
  to: Date,
): Promise<string[]> {
  const rows = (await db.query(
    `SELECT id FROM scheduling.bookings
      WHERE tutor_id = $1 AND status = ANY($4::text[])
        AND tstzrange(starts_at, ends_at) && tstzrange($2, $3)
      ORDER BY starts_at, id`,
    [tutorId, from, to, ACTIVE_STATUSES],
  )) as { id: string }[];
  return rows.map((row) => row.id);
}
