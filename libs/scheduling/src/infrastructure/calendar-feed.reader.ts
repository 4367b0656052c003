import type { SqlReader } from '@etutors/platform';

export interface FeedBooking {
  id: string;
  startsAt: Date;
  endsAt: Date;
  updatedAt: Date;
  /** Whether the feed's owner teaches this lesson (rather than takes it). */
  asTutor: boolean;
}

/**
 * The confirmed bookings of the feed behind `token` (its owner's, on either side), by start;
 * null when no feed has that token. One round trip: a feed without bookings is one row of nulls.
 */
export async function readFeedBookings(
  reader: SqlReader,
  token: string,
): Promise<FeedBooking[] | null> {
  const rows = await reader.query<{
    id: string | null;
    starts_at: Date;
    ends_at: Date;
    updated_at: Date;
    as_tutor: boolean;
  }>(
    `SELECT b.id, b.starts_at, b.ends_at, b.updated_at, b.tutor_id = f.user_id AS as_tutor
       FROM scheduling.calendar_feeds f
       LEFT JOIN scheduling.bookings b
         ON (b.tutor_id = f.user_id OR b.student_id = f.user_id) AND b.status = 'confirmed'
      WHERE f.token = $1
      ORDER BY b.starts_at, b.id`,
    [token],
  );
  if (rows.length === 0) return null;
  return rows
    .filter((row) => row.id !== null)
    .map((row) => ({
      id: row.id!,
      startsAt: row.starts_at,
      endsAt: row.ends_at,
      updatedAt: row.updated_at,
      asTutor: row.as_tutor,
    }));
}
