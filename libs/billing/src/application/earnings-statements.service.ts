import { Injectable } from '@nestjs/common';
import { Clock, RequestValidationError, type AuthUser } from '@etutors/platform';
import { IdentityQueries } from '@etutors/identity';
import { StatementMonthInFutureError } from '../billing.errors.js';
import { earningsStatementCsv, statementFileName } from '../domain/earnings-statement-csv.js';
import { earningsStatementContent } from '../domain/earnings-statement-content.js';
import {
  buildEarningsStatement,
  monthOf,
  statementMonth,
  type EarningsStatement,
} from '../domain/earnings-statement.js';
import { EarningsStatementReader } from '../infrastructure/earnings-statement.reader.js';
import { EarningsStatementRenderer } from '../infrastructure/earnings-statement.renderer.js';
import { PLATFORM_NAME } from './receipts.service.js';

/** A statement as a file to download. */
export interface StatementFile {
  fileName: string;
  body: string | Buffer;
}

/**
 * Tutors' monthly earnings statements, read from the ledger alone: what they earned per lesson,
 * what refunds took back, what was paid out, and the balance owed at both ends of the month.
 */
@Injectable()
export class EarningsStatementsService {
  constructor(
    private readonly reader: EarningsStatementReader,
    private readonly renderer: EarningsStatementRenderer,
    private readonly identity: IdentityQueries,
    private readonly clock: Clock,
  ) {}

  /** The tutor's statement for `month` (`2026-11`, validated by the request), up to the current month. */
  async forTutor(tutor: AuthUser, month: string): Promise<EarningsStatement> {
    const period = statementMonth(month);
    if (!period)
      throw new RequestValidationError([{ field: 'month', message: 'month must be YYYY-MM' }]);
    const current = monthOf(this.clock.now());
    if (period.from > current.from) throw new StatementMonthInFutureError(month, current.label);
    const { balances, postings } = await this.reader.read(tutor.id, period);
    return buildEarningsStatement({ tutorId: tutor.id, month: period, balances, postings });
  }

  csv(statement: EarningsStatement): StatementFile {
    return { fileName: statementFileName(statement, 'csv'), body: earningsStatementCsv(statement) };
  }

  async pdf(statement: EarningsStatement): Promise<StatementFile> {
    const issuedAt = this.clock.now();
    const tutorName = (await this.identity.displayName(statement.tutorId)) ?? statement.tutorId;
    const content = earningsStatementContent(statement, {
      platformName: PLATFORM_NAME,
      tutorName,
      issuedAt,
    });
    return {
      fileName: statementFileName(statement, 'pdf'),
      body: await this.renderer.render(content, issuedAt),
    };
  }
}
