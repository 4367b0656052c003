import { csvDocument } from '@etutors/platform';
import type { CohortDto, LeaderboardRowDto, SeriesPointDto } from './analytics.dto.js';

/**
 * The analytics lists as CSV (the platform's writer: RFC 4180, CRLF, a header row, text that
 * starts like a formula escaped, numbers left numeric). An empty figure (no rating) is an empty cell.
 */
export const seriesCsv = (points: SeriesPointDto[]): string =>
  csvDocument(
    ['bucket', 'value'],
    points.map((point) => [point.bucket, point.value]),
  );

/** One row per tutor; money as a gross and a net column per currency on the page, in minor units. */
export function leaderboardCsv(rows: LeaderboardRowDto[]): string {
  const currencies = [
    ...new Set(rows.flatMap((row) => row.revenue.map((money) => money.currency))),
  ].sort();
  return csvDocument(
    [
      'tutor_id',
      'lessons',
      ...currencies.flatMap((currency) => [`gross_${currency}`, `net_${currency}`]),
      'rating',
      'reviews',
      'cancellation_rate',
      'utilization',
      'bookings_created',
      'bookings_cancelled',
      'booked_minutes',
      'available_minutes',
    ],
    rows.map((row) => [
      row.tutorId,
      row.lessons,
      ...currencies.flatMap((currency) => {
        const money = row.revenue.find((entry) => entry.currency === currency);
        return [money?.gross ?? 0, money?.net ?? 0];
      }),
      row.rating,
      row.reviews,
      row.cancellationRate,
      row.utilization,
      row.bookingsCreated,
      row.bookingsCancelled,
      row.bookedMinutes,
      row.availableMinutes,
    ]),
  );
}

/** One row per cohort, `month_<k>` the students active k months after it (empty past the period). */
export function cohortsCsv(cohorts: CohortDto[]): string {
  const width = Math.max(0, ...cohorts.map((cohort) => cohort.months.length));
  return csvDocument(
    ['cohort', 'students', ...Array.from({ length: width }, (_, k) => `month_${k}`)],
    cohorts.map((cohort) => [cohort.cohort, cohort.students, ...cohort.months]),
  );
}

/** `analytics-<what>-<from>-<to>.csv`, the period's UTC dates. */
export const csvFileName = (what: string, period: { from: string; to: string }) =>
  `analytics-${what}-${period.from.slice(0, 10)}-${period.to.slice(0, 10)}.csv`;
