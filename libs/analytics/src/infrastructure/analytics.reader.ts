import { Injectable } from '@nestjs/common';
import { SqlReader } from '@etutors/platform';
import { utcDay, type Period } from '../domain/period.js';
import type { SeriesInterval, SeriesMetric, SeriesPoint } from '../domain/series.js';
import type { TutorTotals } from '../domain/tutor-figures.js';
import type { AvailabilityChange } from '../domain/utilization.js';

export interface PeriodTotals {
  bookings: { created: number; confirmed: number; cancelled: number; completed: number };
  revenue: { currency: string; gross: number; platformFees: number; refunds: number }[];
  activeStudents: number;
  activeTutors: number;
  newUsers: number;
}

export interface CohortCell {
  cohort: string;
  monthIndex: number;
  active: number;
}

/** pg returns bigint and numeric as strings; every figure here fits a double exactly. */
const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));

/**
 * The facts each series metric reads: `at` is the moment it is counted at, `v` what it adds.
 * `$1` and `$2` bound the period, `$3` is the currency (null: every currency).
 */
const SERIES_FACTS: Record<SeriesMetric, string> = {
  bookings_created: `SELECT requested_at AS at, 1 AS v FROM analytics.bookings
    WHERE requested_at >= $1 AND requested_at < $2 AND ($3::text IS NULL OR currency = $3)`,
  bookings_confirmed: `SELECT confirmed_at AS at, 1 AS v FROM analytics.bookings
    WHERE confirmed_at >= $1 AND confirmed_at < $2 AND ($3::text IS NULL OR currency = $3)`,
  bookings_cancelled: `SELECT cancelled_at AS at, 1 AS v FROM analytics.bookings
    WHERE cancelled_at >= $1 AND cancelled_at < $2 AND ($3::text IS NULL OR currency = $3)`,
  lessons_completed: `SELECT completed_at AS at, 1 AS v FROM analytics.bookings
    WHERE completed_at >= $1 AND completed_at < $2 AND ($3::text IS NULL OR currency = $3)`,
  new_users: `SELECT registered_at AS at, 1 AS v FROM analytics.users
    WHERE registered_at >= $1 AND registered_at < $2 AND $3::text IS NULL`,
  gross: `SELECT succeeded_at AS at, gross AS v FROM analytics.payments
    WHERE succeeded_at >= $1 AND succeeded_at < $2 AND currency = $3`,
  platform_fees: `SELECT succeeded_at AS at, platform_fee AS v FROM analytics.payments
      WHERE succeeded_at >= $1 AND succeeded_at < $2 AND currency = $3
    UNION ALL
    SELECT refunded_at AS at, -fee_reversed AS v FROM analytics.refunds
      WHERE refunded_at >= $1 AND refunded_at < $2 AND currency = $3`,
  refunds: `SELECT refunded_at AS at, amount AS v FROM analytics.refunds
    WHERE refunded_at >= $1 AND refunded_at < $2 AND currency = $3`,
};

/** Reads over the analytics schema alone: its daily aggregates, and its facts where it must. */
@Injectable()
export class AnalyticsReader {
  constructor(private readonly sql: SqlReader) {}

  /** The overview's figures for one period, from the daily aggregates and the users' index. */
  async periodTotals(period: Period): Promise<PeriodTotals> {
    const days = [utcDay(period.from), utcDay(period.to)];
    const [counts, revenue, active, users] = await Promise.all([
      this.sql.query<Record<string, string>>(
        `SELECT coalesce(sum(bookings_created), 0) AS created,
                coalesce(sum(bookings_confirmed), 0) AS confirmed,
                coalesce(sum(bookings_cancelled), 0) AS cancelled,
                coalesce(sum(lessons_completed), 0) AS completed
           FROM analytics.daily_tutor_stats WHERE day >= $1::date AND day < $2::date`,
        days,
      ),
      this.sql.query<Record<string, string>>(
        `SELECT currency, sum(gross) AS gross, sum(platform_fees - fees_reversed) AS fees,
                sum(refunds) AS refunds
           FROM analytics.daily_tutor_stats WHERE day >= $1::date AND day < $2::date
          GROUP BY currency ORDER BY currency`,
        days,
      ),
      this.sql.query<Record<string, string>>(
        `SELECT count(DISTINCT user_id) FILTER (WHERE role = 'student') AS students,
                count(DISTINCT user_id) FILTER (WHERE role = 'tutor') AS tutors
           FROM analytics.daily_activity WHERE day >= $1::date AND day < $2::date`,
        days,
      ),
      this.sql.query<Record<string, string>>(
        `SELECT count(*) AS n FROM analytics.users WHERE registered_at >= $1 AND registered_at < $2`,
        [period.from, period.to],
      ),
    ]);
    const [count] = counts;
    return {
      bookings: {
        created: num(count?.created),
        confirmed: num(count?.confirmed),
        cancelled: num(count?.cancelled),
        completed: num(count?.completed),
      },
      revenue: revenue.map((row) => ({
        currency: row.currency!,
        gross: num(row.gross),
        platformFees: num(row.fees),
        refunds: num(row.refunds),
      })),
      activeStudents: num(active[0]?.students),
      activeTutors: num(active[0]?.tutors),
      newUsers: num(users[0]?.n),
    };
  }

  /**
   * One point per local bucket that starts before `to`, from the bucket holding `from`: the
   * buckets are generated on the zone's wall clock (so a day is 23 or 25 hours across DST) and
   * turned into instants with `AT TIME ZONE`; a bucket without facts is 0. Only facts inside the
   * period count, also in a first or last bucket that reaches beyond it.
   */
  async series(query: {
    metric: SeriesMetric;
    interval: SeriesInterval;
    period: Period;
    timeZone: string;
    currency: string | null;
  }): Promise<SeriesPoint[]> {
    const rows = await this.sql.query<{ bucket: Date; value: string }>(
      `WITH facts AS (${SERIES_FACTS[query.metric]}),
            buckets AS (
              SELECT generate_series(
                       date_trunc($5, $1::timestamptz AT TIME ZONE $4),
                       ($2::timestamptz AT TIME ZONE $4) - interval '1 microsecond',
                       ('1 ' || $5)::interval) AS local_start),
            totals AS (
              SELECT date_trunc($5, at AT TIME ZONE $4) AS local_start, sum(v) AS value
                FROM facts GROUP BY 1)
       SELECT b.local_start AT TIME ZONE $4 AS bucket, coalesce(t.value, 0) AS value
         FROM buckets b LEFT JOIN totals t USING (local_start)
        ORDER BY b.local_start`,
      [query.period.from, query.period.to, query.currency, query.timeZone, query.interval],
    );
    return rows.map((row) => ({ bucket: new Date(row.bucket), value: num(row.value) }));
  }

  /** Every tutor with bookings, money or reviews in the period (or just `tutorId`), summed. */
  async tutorTotals(period: Period, tutorId?: string): Promise<TutorTotals[]> {
    const params = [utcDay(period.from), utcDay(period.to), ...(tutorId ? [tutorId] : [])];
    // One tutor reads through the (tutor_id, day) index; the leaderboard through the day range.
    const scope = tutorId
      ? `tutor_id = $3 AND day >= $1::date AND day < $2::date`
      : `day >= $1::date AND day < $2::date`;
    const [counts, money, reviews] = await Promise.all([
      this.sql.query<Record<string, string>>(
        `SELECT tutor_id, sum(lessons_completed) AS lessons, sum(bookings_created) AS created,
                sum(bookings_cancelled) AS cancelled, sum(booked_minutes) AS booked
           FROM analytics.daily_tutor_stats WHERE ${scope} GROUP BY tutor_id`,
        params,
      ),
      this.sql.query<Record<string, string>>(
        `SELECT tutor_id, currency, sum(gross) AS gross, sum(platform_fees - fees_reversed) AS fees,
                sum(refunds) AS refunds
           FROM analytics.daily_tutor_stats WHERE ${scope} GROUP BY tutor_id, currency`,
        params,
      ),
      this.sql.query<Record<string, string>>(
        `SELECT tutor_id, sum(reviews) AS reviews, sum(rating_sum) AS rating_sum
           FROM analytics.daily_tutor_reviews WHERE ${scope} GROUP BY tutor_id`,
        params,
      ),
    ]);
    const totals = new Map<string, TutorTotals>();
    const of = (id: string) => {
      let entry = totals.get(id);
      if (!entry) {
        entry = {
          tutorId: id,
          lessons: 0,
          bookingsCreated: 0,
          bookingsCancelled: 0,
          bookedMinutes: 0,
          reviews: 0,
          ratingSum: 0,
          money: [],
        };
        totals.set(id, entry);
      }
      return entry;
    };
    for (const row of counts)
      Object.assign(of(row.tutor_id!), {
        lessons: num(row.lessons),
        bookingsCreated: num(row.created),
        bookingsCancelled: num(row.cancelled),
        bookedMinutes: num(row.booked),
      });
    for (const row of money)
      of(row.tutor_id!).money.push({
        currency: row.currency!,
        gross: num(row.gross),
        fees: num(row.fees),
        refunds: num(row.refunds),
      });
    for (const row of reviews)
      Object.assign(of(row.tutor_id!), {
        reviews: num(row.reviews),
        ratingSum: num(row.rating_sum),
      });
    return [...totals.values()];
  }

  /** Each tutor's changes of availability up to the period's end, the one in force at its start included. */
  async availability(
    tutorIds: readonly string[],
    period: Period,
  ): Promise<Map<string, AvailabilityChange[]>> {
    const rows = await this.sql.query<{
      tutor_id: string;
      effective_at: Date;
      weekly_minutes: number;
    }>(
      `SELECT tutor_id, effective_at, weekly_minutes FROM analytics.tutor_availability a
        WHERE tutor_id = ANY($1::uuid[]) AND effective_at < $3
          AND effective_at >= coalesce(
                (SELECT max(effective_at) FROM analytics.tutor_availability b
                  WHERE b.tutor_id = a.tutor_id AND b.effective_at <= $2), '-infinity')
        ORDER BY tutor_id, effective_at`,
      [tutorIds, period.from, period.to],
    );
    const byTutor = new Map<string, AvailabilityChange[]>();
    for (const row of rows) {
      const changes = byTutor.get(row.tutor_id) ?? [];
      changes.push({ effectiveAt: new Date(row.effective_at), weeklyMinutes: row.weekly_minutes });
      byTutor.set(row.tutor_id, changes);
    }
    return byTutor;
  }

  /**
   * Students by the UTC month of their first completed lesson (cohorts from `from` to `to`), and
   * per cohort how many completed a lesson in each month since, up to `to`.
   */
  async cohortCells(period: Period): Promise<CohortCell[]> {
    const rows = await this.sql.query<{ cohort: string; month_index: number; active: number }>(
      `WITH firsts AS (
              SELECT student_id, date_trunc('month', min(completed_at) AT TIME ZONE 'UTC') AS cohort
                FROM analytics.bookings
               WHERE completed_at IS NOT NULL AND completed_at < $2
               GROUP BY student_id),
            active AS (
              SELECT DISTINCT student_id, date_trunc('month', completed_at AT TIME ZONE 'UTC') AS month
                FROM analytics.bookings
               WHERE completed_at >= $1 AND completed_at < $2)
       SELECT to_char(f.cohort, 'YYYY-MM') AS cohort,
              ((extract(year FROM a.month) - extract(year FROM f.cohort)) * 12
                + extract(month FROM a.month) - extract(month FROM f.cohort))::int AS month_index,
              count(*)::int AS active
         FROM firsts f JOIN active a USING (student_id)
        WHERE f.cohort >= ($1::timestamptz AT TIME ZONE 'UTC')
        GROUP BY 1, 2 ORDER BY 1, 2`,
      [period.from, period.to],
    );
    return rows.map((row) => ({
      cohort: row.cohort,
      monthIndex: row.month_index,
      active: row.active,
    }));
  }

  /**
   * Students with a booking requested in the period that was confirmed (paid), and those of them
   * with two or more such bookings with one tutor.
   */
  async repeatBookings(period: Period): Promise<{ students: number; repeatStudents: number }> {
    const [row] = await this.sql.query<{ students: number; repeat_students: number }>(
      `WITH booked AS (
              SELECT student_id, tutor_id, count(*) AS bookings FROM analytics.bookings
               WHERE requested_at >= $1 AND requested_at < $2 AND confirmed_at IS NOT NULL
               GROUP BY student_id, tutor_id)
       SELECT count(DISTINCT student_id)::int AS students,
              count(DISTINCT student_id) FILTER (WHERE bookings >= 2)::int AS repeat_students
         FROM booked`,
      [period.from, period.to],
    );
    return { students: row?.students ?? 0, repeatStudents: row?.repeat_students ?? 0 };
  }
}
