import { Module } from '@nestjs/common';
import { publishesEvents } from '@etutors/platform';
import { AnalyticsService } from './application/analytics.service.js';
import * as analyticsEvents from './events.js';
import { AnalyticsReader } from './infrastructure/analytics.reader.js';

/**
 * The analytics context's core: read models projected from every context's events (its own
 * schema only, never another context's), the queries over them, and reports.
 */
@Module({
  providers: [publishesEvents('analytics', analyticsEvents), AnalyticsReader, AnalyticsService],
  exports: [AnalyticsService],
})
export class AnalyticsModule {}
