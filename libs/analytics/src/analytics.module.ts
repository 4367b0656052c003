import { Module } from '@nestjs/common';
import { publishesEvents } from '@etutors/platform';
import { ReportGenerationJob } from './application/report-generation.job.js';
import { ReportsService } from './application/reports.service.js';
import * as analyticsEvents from './events.js';
import { ReportRepository } from './infrastructure/report.repository.js';
import { ReportRowsReader } from './infrastructure/report-rows.reader.js';

/**
 * The analytics context's core: read models projected from every context's events (its own
 * schema only, never another context's), the queries over them, and reports.
 */
@Module({
  providers: [
    publishesEvents('analytics', analyticsEvents),
    // Reports
    ReportRepository,
    ReportRowsReader,
    ReportsService,
    ReportGenerationJob,
  ],
  exports: [ReportsService],
})
export class AnalyticsModule {}
