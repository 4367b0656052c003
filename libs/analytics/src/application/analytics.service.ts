import { Injectable } from '@nestjs/common';
import {
  Clock,
  pgError,
  RequestValidationError,
  toPage,
  type AuthUser,
  type Page,
} from '@etutors/platform';
import { currencyDeltasOf, deltasOf, ratio, type Delta } from '../domain/deltas.js';
import {
  isPeriod,
  MAX_PERIOD_DAYS,
  periodOf,
  previousPeriod,
  type FieldProblem,
  type Period,
  type PeriodRule,
} from '../domain/period.js';
import {
  CURRENCYLESS_METRICS,
  MONEY_METRICS,
  type SeriesInterval,
  type SeriesMetric,
  type SeriesPoint,
} from '../domain/series.js';
import {
  rankTutors,
  tutorFigures,
  type LeaderboardSort,
  type SortOrder,
  type TutorFigures,
} from '../domain/tutor-figures.js';
import { AnalyticsReader, type PeriodTotals } from '../infrastructure/analytics.reader.js';

export interface PeriodQuery {
  from?: string;
  to?: string;
}

export interface OverviewView extends PeriodTotals {
  period: Period;
  previous: PeriodTotals & { period: Period };
  deltas: {
    bookings: Record<keyof PeriodTotals['bookings'], Delta>;
    revenue: ({ currency: string } & Record<'gross' | 'platformFees' | 'refunds', Delta>)[];
    activeStudents: Delta;
    activeTutors: Delta;
    newUsers: Delta;
  };
}

export interface CohortView {
  cohort: string;
  students: number;
  months: number[];
}

const DAILY: PeriodRule = { alignment: 'utc-day', defaultLength: 30, maxDays: MAX_PERIOD_DAYS };
const MONTHLY: PeriodRule = { alignment: 'utc-month', defaultLength: 12, maxDays: MAX_PERIOD_DAYS };
const ANY_INSTANT: PeriodRule = {
  alignment: 'instant',
  defaultLength: 30,
  maxDays: MAX_PERIOD_DAYS,
};

/** PostgreSQL's SQLSTATE for a parameter it cannot use, as a time zone it does not know. */
const PG_INVALID_PARAMETER_VALUE = '22023';

/** The analytics read side: every figure from the analytics schema's own read models. */
@Injectable()
export class AnalyticsService {
  constructor(
    private readonly reader: AnalyticsReader,
    private readonly clock: Clock,
  ) {}

  /** The period a query names, or a 400 listing what is wrong with it. */
  period(query: PeriodQuery, rule: PeriodRule): Period {
    const period = periodOf(query, this.clock.now(), rule);
    if (!isPeriod(period)) throw new RequestValidationError(period);
    return period;
  }

  async overview(query: PeriodQuery): Promise<OverviewView> {
    const period = this.period(query, DAILY);
    const before = previousPeriod(period);
    const [current, previous] = await Promise.all([
      this.reader.periodTotals(period),
      this.reader.periodTotals(before),
    ]);
    const headline = (totals: PeriodTotals) => ({
      activeStudents: totals.activeStudents,
      activeTutors: totals.activeTutors,
      newUsers: totals.newUsers,
    });
    return {
      period,
      ...current,
      previous: { period: before, ...previous },
      deltas: {
        bookings: deltasOf(current.bookings, previous.bookings),
        revenue: currencyDeltasOf(current.revenue, previous.revenue, [
          'gross',
          'platformFees',
          'refunds',
        ]),
        ...deltasOf(headline(current), headline(previous)),
      },
    };
  }

  async timeseries(
    query: PeriodQuery & {
      metric: SeriesMetric;
      interval: SeriesInterval;
      timezone: string;
      currency?: string;
    },
  ): Promise<{ period: Period; points: SeriesPoint[] }> {
    const problems: FieldProblem[] = [];
    if (MONEY_METRICS.includes(query.metric) && !query.currency)
      problems.push({
        field: 'currency',
        message: `currency is required for ${query.metric}: money is never added across currencies`,
      });
    if (CURRENCYLESS_METRICS.includes(query.metric) && query.currency)
      problems.push({ field: 'currency', message: `${query.metric} has no currency` });
    if (problems.length) throw new RequestValidationError(problems);
    const period = this.period(query, { ...ANY_INSTANT, timeZone: query.timezone });
    try {
      const points = await this.reader.series({
        metric: query.metric,
        interval: query.interval,
        period,
        timeZone: query.timezone,
        currency: query.currency ?? null,
      });
      return { period, points };
    } catch (error) {
      // A zone Intl knows but this database's time zone data does not.
      if (pgError(error).code === PG_INVALID_PARAMETER_VALUE)
        throw new RequestValidationError([
          { field: 'timezone', message: `timezone ${query.timezone} is not known to the database` },
        ]);
      throw error;
    }
  }

  async leaderboard(
    query: PeriodQuery & {
      sort: LeaderboardSort;
      order: SortOrder;
      currency?: string;
      page: number;
      limit: number;
    },
  ): Promise<{ period: Period; page: Page<TutorFigures> }> {
    if (query.sort === 'revenue' && !query.currency)
      throw new RequestValidationError([
        {
          field: 'currency',
          message:
            'currency is required to sort by revenue: money is never added across currencies',
        },
      ]);
    const period = this.period(query, DAILY);
    const tutors = await this.figures(period);
    const shown = query.currency
      ? tutors.map((tutor) => ({
          ...tutor,
          earnings: tutor.earnings.filter((money) => money.currency === query.currency),
        }))
      : tutors;
    const ranked = rankTutors(shown, query.sort, query.order, query.currency);
    const offset = (query.page - 1) * query.limit;
    return {
      period,
      page: toPage(ranked.slice(offset, offset + query.limit), ranked.length, query),
    };
  }

  async ofTutor(
    tutor: AuthUser,
    query: PeriodQuery,
  ): Promise<{ period: Period; figures: TutorFigures }> {
    const period = this.period(query, DAILY);
    const [figures] = await this.figures(period, tutor.id);
    return {
      period,
      figures:
        figures ??
        tutorFigures(
          {
            tutorId: tutor.id,
            lessons: 0,
            bookingsCreated: 0,
            bookingsCancelled: 0,
            bookedMinutes: 0,
            reviews: 0,
            ratingSum: 0,
            money: [],
          },
          (await this.reader.availability([tutor.id], period)).get(tutor.id) ?? [],
          period,
        ),
    };
  }

  async cohorts(query: PeriodQuery): Promise<{ period: Period; cohorts: CohortView[] }> {
    const period = this.period(query, MONTHLY);
    const cells = await this.reader.cohortCells(period);
    const cohorts: CohortView[] = [];
    for (let month = new Date(period.from); month < period.to; month = nextMonth(month)) {
      const cohort = month.toISOString().slice(0, 7);
      const months = Array.from({ length: monthsBetween(month, period.to) }, (_, index) => {
        const cell = cells.find((c) => c.cohort === cohort && c.monthIndex === index);
        return cell?.active ?? 0;
      });
      cohorts.push({ cohort, students: months[0] ?? 0, months });
    }
    return { period, cohorts };
  }

  async repeatBookings(query: PeriodQuery) {
    const period = this.period(query, ANY_INSTANT);
    const { students, repeatStudents } = await this.reader.repeatBookings(period);
    return { period, students, repeatStudents, rate: ratio(repeatStudents, students) };
  }

  private async figures(period: Period, tutorId?: string): Promise<TutorFigures[]> {
    const totals = await this.reader.tutorTotals(period, tutorId);
    if (!totals.length) return [];
    const availability = await this.reader.availability(
      totals.map((tutor) => tutor.tutorId),
      period,
    );
    return totals.map((tutor) =>
      tutorFigures(tutor, availability.get(tutor.tutorId) ?? [], period),
    );
  }
}

const nextMonth = (month: Date) =>
  new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1));

/** Whole months from the start of `month` to `end` (a month start). */
const monthsBetween = (month: Date, end: Date) =>
  (end.getUTCFullYear() - month.getUTCFullYear()) * 12 + end.getUTCMonth() - month.getUTCMonth();
