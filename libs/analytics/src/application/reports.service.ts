import { Injectable, Logger } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { Clock, JobQueue, type AuthUser, type Page } from '@etutors/platform';
import { ReportNotFoundError, ReportNotReadyError } from '../analytics.errors.js';
import { Report, type ReportType } from '../domain/report.js';
import { ReportRepository } from '../infrastructure/report.repository.js';
import { GenerateReport, generateReportJobId, REPORT_ATTEMPTS } from './report-generation.job.js';

/** A done report's file. */
export interface ReportFile {
  fileName: string;
  content: string;
}

/** Reports asked for by admins or made every night, their state and their CSV. */
@Injectable()
export class ReportsService {
  private readonly logger = new Logger('ReportsService');

  constructor(
    private readonly reports: ReportRepository,
    private readonly jobs: JobQueue,
    private readonly clock: Clock,
  ) {}

  /** Queues a report; the period was checked by the request's validation. */
  async request(admin: AuthUser, command: { type: ReportType; from: Date; to: Date }) {
    const report = Report.requested(admin.id, command, this.clock.now());
    await this.reports.insert(report);
    await this.enqueue(report);
    return report;
  }

  /**
   * The previous UTC day's revenue report. Every API and worker instance's schedule fires; the
   * unique (type, scheduled_for) lets one insert win, and the others hand its job to Bull
   * again under the same id (a no-op while it waits; a rerun of a done report does nothing).
   */
  @Cron('0 2 * * *', { name: 'analytics.nightly-revenue-report', timeZone: 'UTC' })
  async scheduleNightlyRevenueReport(): Promise<Report> {
    const candidate = Report.nightlyRevenue(this.clock.now());
    const inserted = await this.reports.insertScheduled(candidate);
    const report = inserted
      ? candidate
      : await this.reports.findScheduled(candidate.type, candidate.scheduledFor!);
    if (!report) throw new Error(`the scheduled report of ${candidate.scheduledFor} vanished`);
    if (!report.isFinished) await this.enqueue(report);
    if (inserted) this.logger.log(`Queued the revenue report of ${report.scheduledFor}`);
    return report;
  }

  async get(id: string): Promise<Report> {
    const report = await this.reports.find(id);
    if (!report) throw new ReportNotFoundError();
    return report;
  }

  list(query: { page: number; limit: number }): Promise<Page<Report>> {
    return this.reports.page(query);
  }

  async download(id: string): Promise<ReportFile> {
    const report = await this.get(id);
    const content = report.status === 'done' ? await this.reports.content(id) : null;
    if (content === null) throw new ReportNotReadyError(report.status);
    return { fileName: report.fileName, content };
  }

  private enqueue(report: Report): Promise<void> {
    return this.jobs.enqueue(
      GenerateReport,
      { reportId: report.id },
      { jobId: generateReportJobId(report.id), attempts: REPORT_ATTEMPTS },
    );
  }
}
