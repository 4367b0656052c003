import { Injectable, Logger } from '@nestjs/common';
import {
  Clock,
  type CsvValue,
  defineJob,
  EventBus,
  JobHandler,
  SkipJob,
  UnitOfWork,
  type JobContext,
} from '@etutors/platform';
import { ReportReady } from '../events.js';
import {
  bookingsCells,
  REPORT_COLUMNS,
  reportLine,
  revenueCells,
  tutorCells,
} from '../domain/report-csv.js';
import { periodChunks, progressPercent, type Report } from '../domain/report.js';
import { ReportRepository } from '../infrastructure/report.repository.js';
import { ReportRowsReader } from '../infrastructure/report-rows.reader.js';

/** Writes one report's CSV from the daily aggregates; a rerun of a finished report does nothing. */
export const GenerateReport = defineJob<{ reportId: string }>(
  'reports',
  'analytics.generate-report',
);

/** Bull holds one job per report, however often it is enqueued. */
export const generateReportJobId = (reportId: string) => `report:${reportId}`;

/** Tries before a report is marked failed (exponential backoff between them). */
export const REPORT_ATTEMPTS = 3;

/** Days read per statement for the per-day reports; progress moves after each piece. */
const DAYS_PER_PIECE = 31;
/** Tutors read per statement for the tutors report. */
const TUTORS_PER_PIECE = 500;

/** A report's rows, read piece by piece. */
interface Pieces {
  count: number;
  read: (index: number) => Promise<CsvValue[][]>;
}

@Injectable()
export class ReportGenerationJob {
  private readonly logger = new Logger('ReportGenerationJob');

  constructor(
    private readonly reports: ReportRepository,
    private readonly rows: ReportRowsReader,
    private readonly unitOfWork: UnitOfWork,
    private readonly events: EventBus,
    private readonly clock: Clock,
  ) {}

  @JobHandler(GenerateReport)
  async generate(
    { reportId }: { reportId: string },
    context?: JobContext,
  ): Promise<{ rows: number } | 'finished before'> {
    const existing = await this.reports.find(reportId);
    if (!existing) throw new SkipJob(`report ${reportId} is gone`);
    if (existing.isFinished) return 'finished before';
    const report = await this.reports.start(reportId, this.clock.now());
    if (!report) return 'finished before';
    try {
      return await this.write(report);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // Earlier attempts leave it running; the last one says why it failed.
      if ((context?.attempt ?? REPORT_ATTEMPTS) >= REPORT_ATTEMPTS) {
        await this.reports.fail(reportId, message, this.clock.now());
        this.logger.warn(`Report ${reportId} failed: ${message}`);
      }
      throw error;
    }
  }

  private async write(report: Report): Promise<{ rows: number }> {
    const pieces = await this.piecesOf(report);
    let content = reportLine(REPORT_COLUMNS[report.type]);
    let rows = 0;
    for (let index = 0; index < pieces.count; index += 1) {
      const lines = await pieces.read(index);
      content += lines.map(reportLine).join('');
      rows += lines.length;
      const progress = progressPercent(index + 1, pieces.count);
      if (progress < 100) await this.reports.recordProgress(report.id, progress);
    }
    await this.unitOfWork.run(async (tx) => {
      // A second run that got here first has published already.
      if (!(await this.reports.complete(tx, report.id, { content, rows }, this.clock.now())))
        return;
      await this.events.publish(tx, ReportReady, {
        aggregateId: report.id,
        payload: {
          reportId: report.id,
          type: report.type,
          requestedBy: report.requestedBy,
          from: report.from.toISOString(),
          to: report.to.toISOString(),
          rows,
        },
      });
    });
    return { rows };
  }

  private async piecesOf(report: Report): Promise<Pieces> {
    if (report.type === 'tutors') {
      const tutorIds = await this.rows.tutorsIn(report);
      return {
        count: Math.ceil(tutorIds.length / TUTORS_PER_PIECE),
        read: async (index) =>
          (
            await this.rows.tutors(
              report,
              tutorIds.slice(index * TUTORS_PER_PIECE, (index + 1) * TUTORS_PER_PIECE),
            )
          ).map(tutorCells),
      };
    }
    const days = periodChunks(report.from, report.to, DAYS_PER_PIECE);
    return {
      count: days.length,
      read: async (index) =>
        report.type === 'revenue'
          ? (await this.rows.revenue(days[index]!)).map(revenueCells)
          : (await this.rows.bookings(days[index]!)).map(bookingsCells),
    };
  }
}
