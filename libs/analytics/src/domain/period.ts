import { DAY_MS } from '@etutors/platform';
import { addDays, localDateOf, startOfLocalDay } from './time-zone.js';

/** A half-open span of time, `from` included and `to` excluded. */
export interface Period {
  from: Date;
  to: Date;
}

export interface FieldProblem {
  field: string;
  message: string;
}

/** What a period's bounds must line up with: any instant, a UTC day or a UTC month. */
export type PeriodAlignment = 'instant' | 'utc-day' | 'utc-month';

export interface PeriodRule {
  alignment: PeriodAlignment;
  /** Without `from`, the period is this many days (or, for months, months) before `to`. */
  defaultLength: number;
  maxDays: number;
  /** The zone a bare date is read in, and whose midnight ends the default period. */
  timeZone?: string;
}

/** The longest period any analytics query covers: two years, a leap day included. */
export const MAX_PERIOD_DAYS = 731;

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

const ALIGNMENT_MESSAGE: Record<Exclude<PeriodAlignment, 'instant'>, string> = {
  'utc-day': 'must be a date or an instant at 00:00 UTC: the figures are kept per UTC day',
  'utc-month':
    'must be the first day of a month (a date, or an instant at 00:00 UTC): cohorts are calendar months in UTC',
};

const isUtcMidnight = (instant: Date) => instant.getTime() % DAY_MS === 0;
const isUtcMonthStart = (instant: Date) => isUtcMidnight(instant) && instant.getUTCDate() === 1;

const utcMonthsBefore = (instant: Date, months: number) =>
  new Date(Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth() - months, 1));

function boundOf(value: string, timeZone: string): Date {
  return CALENDAR_DATE.test(value) ? startOfLocalDay(value, timeZone) : new Date(value);
}

/**
 * The default end: the start of tomorrow (in the rule's zone; for months, of next month in
 * UTC), so today's figures so far are included.
 */
function defaultTo(now: Date, rule: PeriodRule): Date {
  if (rule.alignment === 'utc-month') return utcMonthsBefore(now, -1);
  const timeZone = rule.timeZone ?? 'UTC';
  return startOfLocalDay(addDays(localDateOf(now, timeZone), 1), timeZone);
}

function defaultFrom(to: Date, rule: PeriodRule): Date {
  if (rule.alignment === 'utc-month') return utcMonthsBefore(to, rule.defaultLength);
  const timeZone = rule.timeZone ?? 'UTC';
  return startOfLocalDay(addDays(localDateOf(to, timeZone), -rule.defaultLength), timeZone);
}

/**
 * The period `from`/`to` name (each already a valid date or instant), or the problems with them:
 * a bound off the rule's alignment, an end not after the start, a span over `maxDays`. A bare
 * date is that day's 00:00 in the rule's zone (UTC unless said).
 */
export function periodOf(
  input: { from?: string; to?: string },
  now: Date,
  rule: PeriodRule,
): Period | FieldProblem[] {
  const timeZone = rule.timeZone ?? 'UTC';
  const problems: FieldProblem[] = [];
  const given = {
    from: input.from === undefined ? undefined : boundOf(input.from, timeZone),
    to: input.to === undefined ? undefined : boundOf(input.to, timeZone),
  };
  if (rule.alignment !== 'instant') {
    const aligned = rule.alignment === 'utc-day' ? isUtcMidnight : isUtcMonthStart;
    for (const field of ['from', 'to'] as const) {
      const bound = given[field];
      if (bound && !aligned(bound))
        problems.push({ field, message: `${field} ${ALIGNMENT_MESSAGE[rule.alignment]}` });
    }
  }
  if (problems.length) return problems;
  const to = given.to ?? defaultTo(now, rule);
  const from = given.from ?? defaultFrom(to, rule);
  if (to.getTime() <= from.getTime()) return [{ field: 'to', message: 'to must be after from' }];
  if (to.getTime() - from.getTime() > rule.maxDays * DAY_MS)
    return [{ field: 'to', message: `the period must not be longer than ${rule.maxDays} days` }];
  return { from, to };
}

export const isPeriod = (value: Period | FieldProblem[]): value is Period => !Array.isArray(value);

/** The period of equal length that ends where `period` starts. */
export const previousPeriod = (period: Period): Period => ({
  from: new Date(2 * period.from.getTime() - period.to.getTime()),
  to: period.from,
});

/** `YYYY-MM-DD` of a UTC-midnight instant, as the daily aggregates name their days. */
export const utcDay = (instant: Date): string => instant.toISOString().slice(0, 10);
