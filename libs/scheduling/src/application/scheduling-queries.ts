import { Injectable } from '@nestjs/common';
import { SqlReader, type SqlQueryable } from '@etutors/platform';

/** What billing needs to know to take a payment for a booking. */
export interface PayableBooking {
  bookingId: string;
  studentId: string;
  tutorId: string;
  status: string;
  price: { amount: number; currency: string };
  holdExpiresAt: Date;
  /** The weekly series it belongs to (paid with the series), or null. */
  seriesId: string | null;
}

/** What billing needs to take one payment for a weekly series: its occurrences. */
export interface PayableSeries {
  seriesId: string;
  studentId: string;
  tutorId: string;
  /** Every occurrence, whatever its status, by start. */
  bookings: PayableBooking[];
}

/** What a receipt says about the lesson a booking is for. */
export interface BookedLesson {
  bookingId: string;
  subjectId: string;
  startsAt: Date;
  endsAt: Date;
}

/** The scheduling context's query port for other contexts (exported from `@etutors/scheduling`). */
@Injectable()
export class SchedulingQueries {
  constructor(private readonly reader: SqlReader) {}

  /**
   * `null` when there is no such booking. Inside a transaction, pass its manager as `via`: the
   * read then shares the transaction's connection instead of waiting for a second one.
   */
  async getPayableBooking(
    bookingId: string,
    via: SqlQueryable = this.reader,
  ): Promise<PayableBooking | null> {
    const [row] = (await via.query(
      `SELECT id, student_id, tutor_id, status, price_amount, currency, hold_expires_at, series_id
         FROM scheduling.bookings WHERE id = $1`,
      [bookingId],
    )) as PayableRow[];
    return row ? toPayable(row) : null;
  }

  /**
   * The series with its occurrences; `null` when there is no such series. Inside a
   * transaction, pass its manager as `via`.
   */
  async getPayableSeries(
    seriesId: string,
    via: SqlQueryable = this.reader,
  ): Promise<PayableSeries | null> {
    const rows = (await via.query(
      `SELECT s.student_id AS series_student_id, s.tutor_id AS series_tutor_id,
              b.id, b.student_id, b.tutor_id, b.status, b.price_amount, b.currency,
              b.hold_expires_at, b.series_id
         FROM scheduling.booking_series s
         LEFT JOIN scheduling.bookings b ON b.series_id = s.id
        WHERE s.id = $1
        ORDER BY b.starts_at, b.id`,
      [seriesId],
    )) as (PayableRow & { series_student_id: string; series_tutor_id: string })[];
    const [first] = rows;
    if (!first) return null;
    return {
      seriesId,
      studentId: first.series_student_id,
      tutorId: first.series_tutor_id,
      bookings: rows.filter((row) => row.id !== null).map(toPayable),
    };
  }

  /** The booking's subject and time, whatever its status; `null` when there is no such booking. */
  async getBookedLesson(bookingId: string): Promise<BookedLesson | null> {
    const [row] = await this.reader.query<{ subject_id: string; starts_at: Date; ends_at: Date }>(
      'SELECT subject_id, starts_at, ends_at FROM scheduling.bookings WHERE id = $1',
      [bookingId],
    );
    if (!row) return null;
    return { bookingId, subjectId: row.subject_id, startsAt: row.starts_at, endsAt: row.ends_at };
  }

  /**
   * Whether the booking has a case (an absence report or a dispute) not yet resolved. Inside a
   * transaction, pass its manager as `via`.
   */
  async hasOpenCase(bookingId: string, via: SqlQueryable = this.reader): Promise<boolean> {
    const rows = (await via.query(
      `SELECT 1 FROM scheduling.booking_disputes WHERE booking_id = $1 AND status <> 'resolved'`,
      [bookingId],
    )) as unknown[];
    return rows.length > 0;
  }
}

interface PayableRow {
  id: string;
  student_id: string;
  tutor_id: string;
  status: string;
  price_amount: number;
  currency: string;
  hold_expires_at: Date;
  series_id: string | null;
}

const toPayable = (row: PayableRow): PayableBooking => ({
  bookingId: row.id,
  studentId: row.student_id,
  tutorId: row.tutor_id,
  status: row.status,
  price: { amount: row.price_amount, currency: row.currency },
  holdExpiresAt: row.hold_expires_at,
  seriesId: row.series_id,
});
