import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, ValidateBy } from 'class-validator';
import { CURRENCY_CODE, IsInstantOrDate, PageQueryDto } from '@etutors/platform';
import type { CohortView, OverviewView } from '../application/analytics.service.js';
import type { Period } from '../domain/period.js';
import {
  SERIES_INTERVALS,
  SERIES_METRICS,
  type SeriesInterval,
  type SeriesMetric,
  type SeriesPoint,
} from '../domain/series.js';
import { isTimeZone } from '../domain/time-zone.js';
import {
  LEADERBOARD_SORTS,
  type LeaderboardSort,
  type SortOrder,
  type TutorFigures,
} from '../domain/tutor-figures.js';

const UTC_DAY_BOUND =
  'a date (00:00 UTC that day) or an instant at 00:00 UTC: the figures are kept per UTC day';

const FromProperty = (description: string) =>
  ApiProperty({
    required: false,
    description: `start, included: ${description}`,
    example: '2026-03-01',
  });
const ToProperty = (description: string) =>
  ApiProperty({
    required: false,
    description: `end, excluded: ${description}`,
    example: '2026-04-01',
  });

const IsTimeZone = () =>
  ValidateBy({
    name: 'isTimeZone',
    validator: {
      validate: (value) => typeof value === 'string' && isTimeZone(value),
      defaultMessage: () => 'timezone must be an IANA time zone, e.g. Europe/Berlin or UTC',
    },
  });

/** `?from=&to=` on the UTC days of the daily aggregates; the last 30 days (today included) by default. */
export class DailyPeriodQueryDto {
  @FromProperty(`${UTC_DAY_BOUND}; default: 30 days before \`to\``)
  @IsOptional()
  @IsInstantOrDate()
  from?: string;

  @ToProperty(
    `${UTC_DAY_BOUND}; default: the start of tomorrow (UTC); at most 731 days after \`from\``,
  )
  @IsOptional()
  @IsInstantOrDate()
  to?: string;
}

export class TimeseriesQueryDto {
  @ApiProperty({ enum: SERIES_METRICS, description: 'what each bucket counts or adds up' })
  @IsIn(SERIES_METRICS)
  metric: SeriesMetric;

  @ApiProperty({
    enum: SERIES_INTERVALS,
    required: false,
    default: 'day',
    description: 'weeks start on Monday',
  })
  @IsOptional()
  @IsIn(SERIES_INTERVALS)
  interval: SeriesInterval = 'day';

  @ApiProperty({
    required: false,
    default: 'UTC',
    example: 'Europe/Berlin',
    description:
      'IANA time zone whose local midnights bound the buckets (a day is 23 or 25 hours across DST)',
  })
  @IsOptional()
  @IsString()
  @IsTimeZone()
  timezone: string = 'UTC';

  @ApiProperty({
    required: false,
    example: 'USD',
    pattern: CURRENCY_CODE.source,
    description:
      'required for gross, platform_fees and refunds; for booking metrics, only bookings priced in it; not for new_users',
  })
  @IsOptional()
  @Matches(CURRENCY_CODE, { message: 'currency must be an ISO 4217 code such as USD' })
  currency?: string;

  @FromProperty(
    'an instant, or a date meaning its 00:00 in `timezone`; default: 30 days before `to`',
  )
  @IsOptional()
  @IsInstantOrDate()
  from?: string;

  @ToProperty(
    'an instant, or a date meaning its 00:00 in `timezone`; default: the next local midnight; at most 731 days after `from`',
  )
  @IsOptional()
  @IsInstantOrDate()
  to?: string;
}

export class LeaderboardQueryDto extends PageQueryDto {
  @FromProperty(`${UTC_DAY_BOUND}; default: 30 days before \`to\``)
  @IsOptional()
  @IsInstantOrDate()
  from?: string;

  @ToProperty(`${UTC_DAY_BOUND}; default: the start of tomorrow (UTC)`)
  @IsOptional()
  @IsInstantOrDate()
  to?: string;

  @ApiProperty({
    enum: LEADERBOARD_SORTS,
    required: false,
    default: 'lessons',
    description: 'revenue ranks by gross in `currency` (required then)',
  })
  @IsOptional()
  @IsIn(LEADERBOARD_SORTS)
  sort: LeaderboardSort = 'lessons';

  @ApiProperty({
    enum: ['asc', 'desc'],
    required: false,
    default: 'desc',
    description: 'tutors without the figure come last either way',
  })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order: SortOrder = 'desc';

  @ApiProperty({
    required: false,
    example: 'USD',
    pattern: CURRENCY_CODE.source,
    description: 'show revenue in this currency only; required to sort by revenue',
  })
  @IsOptional()
  @Matches(CURRENCY_CODE, { message: 'currency must be an ISO 4217 code such as USD' })
  currency?: string;
}

export class CohortsQueryDto {
  @FromProperty('the first day of a month (UTC); default: 11 months before the current month')
  @IsOptional()
  @IsInstantOrDate()
  from?: string;

  @ToProperty('the first day of a month (UTC); default: the first day of next month')
  @IsOptional()
  @IsInstantOrDate()
  to?: string;
}

export class RepeatBookingsQueryDto {
  @FromProperty('an instant, or a date meaning its 00:00 UTC; default: 30 days before `to`')
  @IsOptional()
  @IsInstantOrDate()
  from?: string;

  @ToProperty('an instant, or a date meaning its 00:00 UTC; default: the start of tomorrow (UTC)')
  @IsOptional()
  @IsInstantOrDate()
  to?: string;
}

const MINOR = 'minor units of `currency`';

export class PeriodDto {
  @ApiProperty({ format: 'date-time', description: 'included' }) from: string;
  @ApiProperty({ format: 'date-time', description: 'excluded' }) to: string;
}

export class BookingCountsDto {
  @ApiProperty({ type: 'integer', description: 'requested in the period' }) created: number;
  @ApiProperty({ type: 'integer', description: 'paid and confirmed in the period' })
  confirmed: number;
  @ApiProperty({ type: 'integer', description: 'cancelled in the period' }) cancelled: number;
  @ApiProperty({ type: 'integer', description: 'lessons completed in the period' })
  completed: number;
}

export class CurrencyRevenueDto {
  @ApiProperty({ example: 'USD', pattern: CURRENCY_CODE.source }) currency: string;
  @ApiProperty({ type: 'integer', description: `captured by payments in the period, ${MINOR}` })
  gross: number;
  @ApiProperty({
    type: 'integer',
    description: `platform fees kept: charged with the period's payments, less the fees returned with its refunds, ${MINOR}`,
  })
  platformFees: number;
  @ApiProperty({ type: 'integer', description: `refunded in the period, ${MINOR}` })
  refunds: number;
}

export class OverviewFiguresDto {
  @ApiProperty({ type: PeriodDto }) period: PeriodDto;
  @ApiProperty({ type: BookingCountsDto }) bookings: BookingCountsDto;
  @ApiProperty({
    type: CurrencyRevenueDto,
    isArray: true,
    description: 'one per currency, never summed across',
  })
  revenue: CurrencyRevenueDto[];
  @ApiProperty({ type: 'integer', description: 'distinct students who booked or had a lesson' })
  activeStudents: number;
  @ApiProperty({ type: 'integer', description: 'distinct tutors who were booked or gave a lesson' })
  activeTutors: number;
  @ApiProperty({ type: 'integer', description: 'accounts registered in the period' })
  newUsers: number;
}

export class DeltaDto {
  @ApiProperty({ type: 'integer', description: 'this period − the previous' }) absolute: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      '(this − previous) ÷ previous, to four decimals (0.25 is +25 %); null when the previous is 0',
  })
  relative: number | null;
}

export class BookingDeltasDto {
  @ApiProperty({ type: DeltaDto }) created: DeltaDto;
  @ApiProperty({ type: DeltaDto }) confirmed: DeltaDto;
  @ApiProperty({ type: DeltaDto }) cancelled: DeltaDto;
  @ApiProperty({ type: DeltaDto }) completed: DeltaDto;
}

export class CurrencyRevenueDeltaDto {
  @ApiProperty({ example: 'USD', pattern: CURRENCY_CODE.source }) currency: string;
  @ApiProperty({ type: DeltaDto }) gross: DeltaDto;
  @ApiProperty({ type: DeltaDto }) platformFees: DeltaDto;
  @ApiProperty({ type: DeltaDto }) refunds: DeltaDto;
}

export class OverviewDeltasDto {
  @ApiProperty({ type: BookingDeltasDto }) bookings: BookingDeltasDto;
  @ApiProperty({
    type: CurrencyRevenueDeltaDto,
    isArray: true,
    description: 'every currency of either period; a currency missing from one counts as 0 there',
  })
  revenue: CurrencyRevenueDeltaDto[];
  @ApiProperty({ type: DeltaDto }) activeStudents: DeltaDto;
  @ApiProperty({ type: DeltaDto }) activeTutors: DeltaDto;
  @ApiProperty({ type: DeltaDto }) newUsers: DeltaDto;
}

export class OverviewDto extends OverviewFiguresDto {
  @ApiProperty({ type: OverviewFiguresDto, description: 'the period of equal length just before' })
  previous: OverviewFiguresDto;
  @ApiProperty({ type: OverviewDeltasDto }) deltas: OverviewDeltasDto;
}

export class SeriesPointDto {
  @ApiProperty({ format: 'date-time', description: 'the instant the local bucket starts' })
  bucket: string;
  @ApiProperty({ type: 'integer', description: 'a count, or minor units for money metrics' })
  value: number;
}

export class TutorRevenueDto {
  @ApiProperty({ example: 'USD', pattern: CURRENCY_CODE.source }) currency: string;
  @ApiProperty({ type: 'integer', description: `captured in the period, ${MINOR}` }) gross: number;
  @ApiProperty({
    type: 'integer',
    description: `the tutor's share: gross − platform fees kept − refunds, ${MINOR}`,
  })
  net: number;
}

const RATING =
  'average stars of the reviews submitted in the period, to two decimals; null without any';
const CANCELLATION_RATE =
  'bookings cancelled in the period ÷ bookings created (requested) in it, to four decimals; may exceed 1 when earlier bookings are cancelled; null when none were created';
const UTILIZATION =
  'booked ÷ available minutes, to four decimals: booked are the confirmed, not cancelled lessons starting in the period; available is each stretch of weekly availability × the days it overlaps the period ÷ 7; null when never open';

class TutorFiguresDto {
  @ApiProperty({ type: 'integer', description: 'lessons completed in the period' }) lessons: number;
  @ApiProperty({ type: Number, nullable: true, minimum: 1, maximum: 5, description: RATING })
  rating: number | null;
  @ApiProperty({ type: 'integer', description: 'reviews submitted in the period' }) reviews: number;
  @ApiProperty({ type: Number, nullable: true, minimum: 0, description: CANCELLATION_RATE })
  cancellationRate: number | null;
  @ApiProperty({ type: Number, nullable: true, minimum: 0, description: UTILIZATION })
  utilization: number | null;
  @ApiProperty({ type: 'integer' }) bookingsCreated: number;
  @ApiProperty({ type: 'integer' }) bookingsCancelled: number;
  @ApiProperty({ type: 'integer' }) bookedMinutes: number;
  @ApiProperty({ type: 'integer', description: 'rounded to the minute' }) availableMinutes: number;
}

export class LeaderboardRowDto extends TutorFiguresDto {
  @ApiProperty({ format: 'uuid' }) tutorId: string;
  @ApiProperty({
    type: TutorRevenueDto,
    isArray: true,
    description: 'one per currency (only `currency` when given)',
  })
  revenue: TutorRevenueDto[];
}

export class TutorEarningsDto {
  @ApiProperty({ example: 'USD', pattern: CURRENCY_CODE.source }) currency: string;
  @ApiProperty({ type: 'integer', description: `paid by students in the period, ${MINOR}` })
  gross: number;
  @ApiProperty({
    type: 'integer',
    description: `platform fees kept (less fees returned with refunds), ${MINOR}`,
  })
  fees: number;
  @ApiProperty({ type: 'integer', description: `refunded to students in the period, ${MINOR}` })
  refunds: number;
  @ApiProperty({ type: 'integer', description: `yours: gross − fees − refunds, ${MINOR}` })
  net: number;
}

export class TutorAnalyticsDto extends TutorFiguresDto {
  @ApiProperty({ type: PeriodDto }) period: PeriodDto;
  @ApiProperty({ type: TutorEarningsDto, isArray: true, description: 'one per currency' })
  earnings: TutorEarningsDto[];
}

export class CohortDto {
  @ApiProperty({
    example: '2026-01',
    description: 'the UTC month of the students’ first completed lesson',
  })
  cohort: string;
  @ApiProperty({ type: 'integer', description: 'students in the cohort' }) students: number;
  @ApiProperty({
    type: 'integer',
    isArray: true,
    description:
      'students of the cohort who completed a lesson in month 0 (the cohort’s), 1, 2, … up to the period’s end',
  })
  months: number[];
}

export class RepeatBookingsDto {
  @ApiProperty({ type: PeriodDto }) period: PeriodDto;
  @ApiProperty({
    type: 'integer',
    description: 'students with a booking requested in the period and paid',
  })
  students: number;
  @ApiProperty({
    type: 'integer',
    description: 'of them, those with two or more such bookings with one tutor',
  })
  repeatStudents: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'repeatStudents ÷ students, to four decimals; null without students',
  })
  rate: number | null;
}

export const periodView = (period: Period): PeriodDto => ({
  from: period.from.toISOString(),
  to: period.to.toISOString(),
});

export const overviewView = (overview: OverviewView): OverviewDto => {
  const figures = (totals: Omit<OverviewView['previous'], 'period'>, period: Period) => ({
    period: periodView(period),
    bookings: { ...totals.bookings },
    revenue: totals.revenue.map((row) => ({ ...row })),
    activeStudents: totals.activeStudents,
    activeTutors: totals.activeTutors,
    newUsers: totals.newUsers,
  });
  return {
    ...figures(overview, overview.period),
    previous: figures(overview.previous, overview.previous.period),
    deltas: overview.deltas,
  };
};

export const seriesView = (points: SeriesPoint[]): SeriesPointDto[] =>
  points.map((point) => ({ bucket: point.bucket.toISOString(), value: point.value }));

const figuresView = (figures: TutorFigures) => ({
  lessons: figures.lessons,
  rating: figures.rating,
  reviews: figures.reviews,
  cancellationRate: figures.cancellationRate,
  utilization: figures.utilization,
  bookingsCreated: figures.bookingsCreated,
  bookingsCancelled: figures.bookingsCancelled,
  bookedMinutes: figures.bookedMinutes,
  availableMinutes: figures.availableMinutes,
});

export const leaderboardRowView = (figures: TutorFigures): LeaderboardRowDto => ({
  tutorId: figures.tutorId,
  ...figuresView(figures),
  revenue: figures.earnings.map(({ currency, gross, net }) => ({ currency, gross, net })),
});

export const tutorAnalyticsView = (period: Period, figures: TutorFigures): TutorAnalyticsDto => ({
  period: periodView(period),
  ...figuresView(figures),
  earnings: figures.earnings.map(({ currency, gross, fees, refunds, net }) => ({
    currency,
    gross,
    fees,
    refunds,
    net,
  })),
});

export const cohortView = (cohort: CohortView): CohortDto => ({
  ...cohort,
  months: [...cohort.months],
});
