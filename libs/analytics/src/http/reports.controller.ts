import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  ApiPageResponse,
  ApiProblems,
  CSV_CONTENT_TYPE,
  CurrentUser,
  PageQueryDto,
  ParseIdPipe,
  Roles,
  toPage,
  type AuthUser,
} from '@etutors/platform';
import { ReportsService } from '../application/reports.service.js';
import { ReportNotFoundError, ReportNotReadyError } from '../analytics.errors.js';
import { REPORT_COLUMNS } from '../domain/report-csv.js';
import { ReportDto, ReportQueuedDto, reportView, RequestReportDto } from './reports.dto.js';

const EXAMPLE_CSV = [
  REPORT_COLUMNS.revenue.join(','),
  '2026-11-03,EUR,12000,1350,3000,9000',
  '2026-11-03,USD,4000,600,0,4000',
].join('\r\n');

@ApiTags('admin')
@Controller('admin/reports')
export class AdminReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Roles('admin')
  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Ask for a report',
    description:
      'Queues a CSV report over `[from, to)` (whole UTC days, at most a year), written by a background job from the daily aggregates; poll `GET /admin/reports/:id` and download it once done. You get a `report_ready` notification when it is.',
  })
  @ApiAcceptedResponse({ type: ReportQueuedDto })
  @ApiProblems(400)
  async request(
    @CurrentUser() admin: AuthUser,
    @Body() body: RequestReportDto,
  ): Promise<ReportQueuedDto> {
    const report = await this.reports.request(admin, {
      type: body.type,
      from: new Date(body.from),
      to: new Date(body.to),
    });
    return { id: report.id, status: 'queued' };
  }

  @Roles('admin')
  @Get()
  @ApiOperation({ summary: 'Reports, newest first (asked for and nightly)' })
  @ApiPageResponse(ReportDto)
  async list(@Query() query: PageQueryDto) {
    const page = await this.reports.list(query);
    return toPage(page.data.map(reportView), page.meta.total, query);
  }

  @Roles('admin')
  @Get(':id')
  @ApiOperation({ summary: 'A report: its status and progress' })
  @ApiOkResponse({ type: ReportDto })
  @ApiProblems(new ReportNotFoundError())
  async get(@Param('id', ParseIdPipe) id: string): Promise<ReportDto> {
    return reportView(await this.reports.get(id));
  }

  @Roles('admin')
  @Get(':id/download')
  @ApiProduces('text/csv')
  @ApiOperation({
    summary: 'Download a done report (CSV)',
    description:
      "RFC 4180, CRLF line ends, a header row; money in minor units of the row’s currency. A text cell a spreadsheet would take for a formula starts with `'`. Before the report is done (or when it failed): 409 `report.not_ready`.",
  })
  @ApiOkResponse({
    description: 'the CSV',
    content: { 'text/csv': { schema: { type: 'string', example: EXAMPLE_CSV } } },
    headers: {
      'Content-Disposition': {
        description: 'attachment; filename="<type>-report-<from>-to-<to>.csv"',
        schema: {
          type: 'string',
          example: 'attachment; filename="revenue-report-2026-11-01-to-2026-12-01.csv"',
        },
      },
    },
  })
  @ApiProblems(new ReportNotFoundError(), new ReportNotReadyError('running'))
  async download(
    @Param('id', ParseIdPipe) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const file = await this.reports.download(id);
    void reply
      .type(CSV_CONTENT_TYPE)
      .header('content-disposition', `attachment; filename="${file.fileName}"`);
    return file.content;
  }
}
