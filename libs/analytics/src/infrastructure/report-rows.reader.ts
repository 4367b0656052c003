import { Injectable } from '@nestjs/common';
import { SqlReader } from '@etutors/platform';
import type { BookingsRow, RevenueRow, TutorRow } from '../domain/report-csv.js';

interface Period {
  from: Date;
  to: Date;
}

/**
 * What reports add up, read from the daily aggregates alone (never the facts): each statement
 * reads a number of rows bounded by days × tutors × currencies. Periods are `[from, to)` on UTC
 * midnights, so `day >= from::date AND day < to::date` is exact.
 */
@Injectable()
export class ReportRowsReader {
  constructor(private readonly reader: SqlReader) {}

  /** Per UTC day and currency in which money moved, oldest first. */
  revenue({ from, to }: Period): Promise<RevenueRow[]> {
    return this.reader.query<RevenueRow>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, currency,
              sum(gross)::bigint::float8 AS "gross",
              sum(platform_fees)::bigint::float8 AS "platformFees",
              sum(refunds)::bigint::float8 AS "refunds",
              sum(fees_reversed)::bigint::float8 AS "feesReversed"
         FROM analytics.daily_tutor_stats
        WHERE day >= ($1::timestamptz AT TIME ZONE 'UTC')::date
          AND day < ($2::timestamptz AT TIME ZONE 'UTC')::date
        GROUP BY day, currency
       HAVING sum(gross) <> 0 OR sum(platform_fees) <> 0 OR sum(refunds) <> 0
           OR sum(fees_reversed) <> 0
        ORDER BY day, currency`,
      [from, to],
    );
  }

  /** Every UTC day of the period, with zeros on a day nothing happened. */
  bookings({ from, to }: Period): Promise<BookingsRow[]> {
    return this.reader.query<BookingsRow>(
      `SELECT to_char(d.day, 'YYYY-MM-DD') AS day,
              coalesce(sum(s.bookings_created), 0)::int AS created,
              coalesce(sum(s.bookings_confirmed), 0)::int AS confirmed,
              coalesce(sum(s.bookings_cancelled), 0)::int AS cancelled,
              coalesce(sum(s.lessons_completed), 0)::int AS completed
         FROM generate_series(($1::timestamptz AT TIME ZONE 'UTC')::date,
                              ($2::timestamptz AT TIME ZONE 'UTC')::date - 1,
                              interval '1 day') AS d(day)
         LEFT JOIN analytics.daily_tutor_stats s ON s.day = d.day::date
        GROUP BY d.day
        ORDER BY d.day`,
      [from, to],
    );
  }

  /** The tutors with anything to report in the period, in id order. */
  async tutorsIn({ from, to }: Period): Promise<string[]> {
    const rows = await this.reader.query<{ tutorId: string }>(
      `SELECT DISTINCT tutor_id AS "tutorId"
         FROM analytics.daily_tutor_stats
        WHERE day >= ($1::timestamptz AT TIME ZONE 'UTC')::date
          AND day < ($2::timestamptz AT TIME ZONE 'UTC')::date
          AND (bookings_created <> 0 OR lessons_completed <> 0 OR bookings_cancelled <> 0
               OR gross <> 0 OR platform_fees <> 0 OR refunds <> 0)
        ORDER BY tutor_id`,
      [from, to],
    );
    return rows.map((row) => row.tutorId);
  }

  /** The period's totals of these tutors, per tutor and currency, in tutor then currency order. */
  tutors({ from, to }: Period, tutorIds: string[]): Promise<TutorRow[]> {
    return this.reader.query<TutorRow>(
      `SELECT tutor_id AS "tutorId", currency,
              sum(bookings_created)::int AS bookings,
              sum(lessons_completed)::int AS lessons,
              sum(bookings_cancelled)::int AS cancellations,
              sum(gross)::bigint::float8 AS "gross",
              sum(platform_fees)::bigint::float8 AS "platformFees",
              sum(refunds)::bigint::float8 AS "refunds",
              sum(fees_reversed)::bigint::float8 AS "feesReversed"
         FROM analytics.daily_tutor_stats
        WHERE tutor_id = ANY($3::uuid[])
          AND day >= ($1::timestamptz AT TIME ZONE 'UTC')::date
          AND day < ($2::timestamptz AT TIME ZONE 'UTC')::date
        GROUP BY tutor_id, currency
       HAVING sum(bookings_created) <> 0 OR sum(lessons_completed) <> 0
           OR sum(bookings_cancelled) <> 0 OR sum(gross) <> 0 OR sum(platform_fees) <> 0
           OR sum(refunds) <> 0
        ORDER BY tutor_id, currency`,
      [from, to, tutorIds],
    );
  }
}
