import { Module } from '@nestjs/common';
import { publishesEvents } from '@etutors/platform';
import { AnalyticsProjections } from './application/analytics-projections.js';
import { AnalyticsService } from './application/analytics.service.js';
import { AnalyticsSubscribers } from './application/analytics.subscribers.js';
import { ReadModelRebuild } from './application/read-model-rebuild.js';
import { ReportGenerationJob } from './application/report-generation.job.js';
import { ReportsService } from './application/reports.service.js';
import * as analyticsEvents from './events.js';
import { AnalyticsReader } from './infrastructure/analytics.reader.js';
import { DailyAggregates } from './infrastructure/daily-aggregates.js';
import { FactStore } from './infrastructure/fact-store.js';
import { ReportRepository } from './infrastructure/report.repository.js';
import { ReportRowsReader } from './infrastructure/report-rows.reader.js';

/**
 * The analytics context's core: read models projected from every context's events (its own
 * schema only, never another context's), the queries over them, and reports.
 */
@Module({
  providers: [
    publishesEvents('analytics', analyticsEvents),
    FactStore,
    DailyAggregates,
    AnalyticsProjections,
    AnalyticsSubscribers,
    ReadModelRebuild,
    AnalyticsReader,
    AnalyticsService,
    // Reports
    ReportRepository,
    ReportRowsReader,
    ReportsService,
    ReportGenerationJob,
  ],
  exports: [AnalyticsService, ReportsService],
})
export class AnalyticsModule {}
