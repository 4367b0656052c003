import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiProblems, CurrentUser, Roles, type AuthUser } from '@etutors/platform';
import { EarningsStatementsService } from '../application/earnings-statements.service.js';
import { StatementMonthInFutureError } from '../billing.errors.js';
import {
  EarningsStatementDto,
  earningsStatementView,
  StatementQueryDto,
} from './earnings-statement.dto.js';
import { negotiateStatementFormat, STATEMENT_MEDIA_TYPES } from './statement-format.js';

const EXAMPLE_CSV = [
  'currency,type,date,booking_id,payment_id,payout_id,gross,fee,net,amount',
  'USD,opening_balance,2026-11-01T00:00:00.000Z,,,,,,,0.00',
  'USD,lesson,2026-11-03T10:12:00.000Z,0190a0c0-0000-7000-8000-000000000001,0190a0c0-0000-7000-8000-000000000002,,60.00,9.00,51.00,51.00',
  'USD,lessons_total,,,,,60.00,9.00,51.00,51.00',
  'USD,refunds_total,,,,,,,,0.00',
  'USD,payouts_total,,,,,,,,0.00',
  'USD,released_total,,,,,,,,0.00',
  'USD,closing_balance,2026-12-01T00:00:00.000Z,,,,,,,51.00',
].join('\r\n');

@ApiTags('billing')
@Controller('tutors/me/statements')
export class EarningsStatementsController {
  constructor(private readonly statements: EarningsStatementsService) {}

  @Roles('tutor')
  @Get()
  @ApiProduces(...Object.values(STATEMENT_MEDIA_TYPES))
  @ApiExtraModels(EarningsStatementDto)
  @ApiOperation({
    summary: 'Your earnings statement for a month (JSON, CSV or PDF)',
    description:
      'Per currency you have ever earned in: the balance the platform owed you (pending + available) at the start and end of the UTC month, each lesson paid in it (gross, fee, net), each refund (what it took from your earnings), each payout, and the totals; opening + net − refunds − payouts = closing, and the closing balance of the current month is your ledger balance now. `Accept: text/csv` gives a CSV download (RFC 4180, CRLF, money as decimals in the row’s currency, refunds and payouts negative), `Accept: application/pdf` a PDF; anything else JSON.',
  })
  @ApiOkResponse({
    description: 'the statement, in the media type `Accept` asked for',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(EarningsStatementDto) } },
      'text/csv': { schema: { type: 'string', example: EXAMPLE_CSV } },
      'application/pdf': { schema: { type: 'string', format: 'binary' } },
    },
    headers: {
      'Content-Disposition': {
        description: 'for CSV and PDF: attachment; filename="statement-<month>.csv" (or .pdf)',
        schema: { type: 'string', example: 'attachment; filename="statement-2026-11.csv"' },
      },
    },
  })
  @ApiProblems(new StatementMonthInFutureError('2027-01', '2026-12'))
  async get(
    @CurrentUser() tutor: AuthUser,
    @Query() query: StatementQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<EarningsStatementDto | string | Buffer> {
    const statement = await this.statements.forTutor(tutor, query.month);
    const format = negotiateStatementFormat(accept);
    void reply.header('vary', 'Accept');
    if (format === 'json') return earningsStatementView(statement);
    const file =
      format === 'csv' ? this.statements.csv(statement) : await this.statements.pdf(statement);
    void reply
      .type(format === 'csv' ? 'text/csv; charset=utf-8' : STATEMENT_MEDIA_TYPES.pdf)
      .header('content-disposition', `attachment; filename="${file.fileName}"`);
    return file.body;
  }
}
