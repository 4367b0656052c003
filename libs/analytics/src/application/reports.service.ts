import { Injectable, Logger } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { Clock, JobQueue, type AuthUser, type Page } from '@etutors/platform';
import { ReportNotFoundError, ReportNotReadyError } from '../analytics.errors.js';
import { Report, type ReportType } from '../domain/report.js';
import { ReportRepository } from '../infrastructure/report.repository.js';
import { GenerateReport, generateReportJobId, REPORT_ATTEMPTS } from './report-generation.job.js';

/** How long a report may wait queued before its job is handed to Bull again. */
export const REQUEUE_QUEUED_REPORTS_AFTER_MS = 5 * 60_000;

/** Reports handed to Bull again per sweep; the next sweep takes the rest. */
const REQUEUE_BATCH = 100;

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

  /**
   * Queues a report; the period was checked by the request's validation. The row is the
   * request: once it is in, a job that could not be enqueued (Redis away) is not the admin's
   * problem, and the sweep below hands it to Bull again.
   */
  async request(admin: AuthUser, command: { type: ReportType; from: Date; to: Date }) {
    const report = Report.requested(admin.id, command, this.clock.now());
    await this.reports.insert(report);
    try {
      await this.enqueue(report);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.warn(`Report ${report.id} is queued but its job is not yet: ${message}`);
    }
    return report;
  }

  /**
   * Hands every report left queued for a while to Bull again, under its job id: a report whose
   * job was never enqueued gets one, and one whose job still waits in Bull is not doubled.
   * Every instance sweeps; the job id makes that harmless. Returns the reports handed over.
   */
  @Cron('*/5 * * * *', { name: 'analytics.requeue-queued-reports', timeZone: 'UTC' })
  async requeueQueuedReports(): Promise<Report[]> {
    const createdBy = new Date(this.clock.now().getTime() - REQUEUE_QUEUED_REPORTS_AFTER_MS);
    const waiting = await this.reports.queuedSince(createdBy, REQUEUE_BATCH);
    for (const report of waiting) await this.enqueue(report);
    if (waiting.length) this.logger.log(`Queued the jobs of ${waiting.length} waiting report(s)`);
    return waiting;
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
