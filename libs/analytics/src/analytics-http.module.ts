import { Module } from '@nestjs/common';
import { AnalyticsModule } from './analytics.module.js';
import { AdminReportsController } from './http/reports.controller.js';

/** Analytics' routes; imported by the API alone. */
@Module({
  imports: [AnalyticsModule],
  controllers: [AdminReportsController],
})
export class AnalyticsHttpModule {}
