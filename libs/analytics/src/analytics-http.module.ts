import { Module } from '@nestjs/common';
import { AnalyticsModule } from './analytics.module.js';
import { AdminAnalyticsController } from './http/admin-analytics.controller.js';
import { AdminReportsController } from './http/reports.controller.js';
import { TutorAnalyticsController } from './http/tutor-analytics.controller.js';

/** Analytics' routes; imported by the API alone. */
@Module({
  imports: [AnalyticsModule],
  controllers: [AdminAnalyticsController, TutorAnalyticsController, AdminReportsController],
})
export class AnalyticsHttpModule {}
