import { Module } from '@nestjs/common';
import { publishesEvents } from '@etutors/platform';
import * as analyticsEvents from './events.js';

/**
 * The analytics context's core: read models projected from every context's events (its own
 * schema only, never another context's), the queries over them, and reports.
 */
@Module({
  providers: [publishesEvents('analytics', analyticsEvents)],
  exports: [],
})
export class AnalyticsModule {}
