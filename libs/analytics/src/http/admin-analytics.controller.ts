import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { PageMetaDto, Roles, type Page } from '@etutors/platform';
import { AnalyticsService } from '../application/analytics.service.js';
import {
  CohortDto,
  CohortsQueryDto,
  cohortView,
  DailyPeriodQueryDto,
  LeaderboardQueryDto,
  LeaderboardRowDto,
  leaderboardRowView,
  OverviewDto,
  overviewView,
  periodView,
  RepeatBookingsDto,
  RepeatBookingsQueryDto,
  SeriesPointDto,
  seriesView,
  TimeseriesQueryDto,
} from './analytics.dto.js';
import { cohortsCsv, csvFileName, leaderboardCsv, seriesCsv } from './analytics-csv.js';
import { ApiListResponse, csvIfAsked } from './analytics-format.js';

const CSV_NOTE =
  " `Accept: text/csv` gives the same list as CSV (RFC 4180, a header row; a text cell starting with =, +, - or @ is prefixed with ', numbers, negative ones too, stay numeric).";

@ApiTags('analytics', 'admin')
@ApiExtraModels(SeriesPointDto, LeaderboardRowDto, CohortDto, PageMetaDto)
@Controller('admin/analytics')
export class AdminAnalyticsController {
  constructor(private readonly analytics: AnalyticsService) {}

  @Roles('admin')
  @Get('overview')
  @ApiOperation({
    summary: 'Marketplace figures for a period, with deltas against the one before',
    description:
      'From the daily aggregates (per UTC day) and the registrations: bookings created, confirmed, cancelled and lessons completed in the period; per currency the gross captured, platform fees kept and refunds; distinct active students and tutors; new users. `previous` is the same for the period of equal length just before, and `deltas` how each number moved (relative null when the previous is 0).',
  })
  @ApiOkResponse({ type: OverviewDto })
  async overview(@Query() query: DailyPeriodQueryDto): Promise<OverviewDto> {
    return overviewView(await this.analytics.overview(query));
  }

  @Roles('admin')
  @Get('timeseries')
  @ApiOperation({
    summary: 'A metric per day, week or month in a time zone',
    description: `One point per local bucket from the one holding \`from\` to the last that starts before \`to\`; buckets start at local midnight in \`timezone\` (so a day across a DST change is 23 or 25 hours), weeks on Monday; a bucket without facts is 0; a first or last bucket reaching beyond the period counts only what falls inside it. Money metrics are minor units of \`currency\`; platform_fees is fees charged less fees returned with refunds.${CSV_NOTE}`,
  })
  @ApiListResponse(
    { type: 'array', items: { $ref: getSchemaPath(SeriesPointDto) } },
    'bucket,value\r\n2026-03-28T23:00:00.000Z,3\r\n2026-03-29T22:00:00.000Z,0',
  )
  async timeseries(
    @Query() query: TimeseriesQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SeriesPointDto[] | string> {
    const { period, points } = await this.analytics.timeseries(query);
    const view = seriesView(points);
    return (
      csvIfAsked(accept, reply, csvFileName(`timeseries-${query.metric}`, periodView(period)), () =>
        seriesCsv(view),
      ) ?? view
    );
  }

  @Roles('admin')
  @Get('tutors')
  @ApiOperation({
    summary: 'The tutor leaderboard',
    description: `Every tutor with bookings, money or reviews in the period (UTC days), from the daily aggregates: lessons completed, revenue per currency (gross and the tutor's net), rating, cancellation rate (cancelled ÷ created in the period), utilization (booked ÷ available minutes). Sorted by \`sort\`, then tutor id; tutors without the figure last. The CSV holds the same page, a gross and a net column per currency.${CSV_NOTE}`,
  })
  @ApiListResponse(
    {
      type: 'object',
      required: ['data', 'meta'],
      properties: {
        data: { type: 'array', items: { $ref: getSchemaPath(LeaderboardRowDto) } },
        meta: { $ref: getSchemaPath(PageMetaDto) },
      },
    },
    'tutor_id,lessons,gross_USD,net_USD,rating,reviews,cancellation_rate,utilization,bookings_created,bookings_cancelled,booked_minutes,available_minutes\r\n0190a0c0-0000-7000-8000-00000000000a,12,48000,40800,4.5,4,0.0833,0.25,12,1,720,2880',
  )
  async tutors(
    @Query() query: LeaderboardQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Page<LeaderboardRowDto> | string> {
    const { period, page } = await this.analytics.leaderboard(query);
    const view = { data: page.data.map(leaderboardRowView), meta: page.meta };
    return (
      csvIfAsked(accept, reply, csvFileName('tutors', periodView(period)), () =>
        leaderboardCsv(view.data),
      ) ?? view
    );
  }

  @Roles('admin')
  @Get('cohorts')
  @ApiOperation({
    summary: 'Cohort retention: students by the month of their first lesson × months active',
    description: `A row per UTC month from \`from\` to \`to\`: the students whose first completed lesson fell in it, and for month 0, 1, 2, … after it how many of them completed a lesson in that month, up to the period's end.${CSV_NOTE}`,
  })
  @ApiListResponse(
    { type: 'array', items: { $ref: getSchemaPath(CohortDto) } },
    'cohort,students,month_0,month_1\r\n2026-01,10,10,4\r\n2026-02,8,8,',
  )
  async cohorts(
    @Query() query: CohortsQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CohortDto[] | string> {
    const { period, cohorts } = await this.analytics.cohorts(query);
    const view = cohorts.map(cohortView);
    return (
      csvIfAsked(accept, reply, csvFileName('cohorts', periodView(period)), () =>
        cohortsCsv(view),
      ) ?? view
    );
  }

  @Roles('admin')
  @Get('repeat-bookings')
  @ApiOperation({
    summary: 'Repeat-booking rate',
    description:
      'Of the students with a paid booking requested in the period, the share with two or more such bookings with the same tutor.',
  })
  @ApiOkResponse({ type: RepeatBookingsDto })
  async repeatBookings(@Query() query: RepeatBookingsQueryDto): Promise<RepeatBookingsDto> {
    const result = await this.analytics.repeatBookings(query);
    return { ...result, period: periodView(result.period) };
  }
}
