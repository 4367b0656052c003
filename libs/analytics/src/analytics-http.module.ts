import { Module } from '@nestjs/common';
import { AnalyticsModule } from './analytics.module.js';

/** Analytics' routes; imported by the API alone. */
@Module({
  imports: [AnalyticsModule],
  controllers: [],
})
export class AnalyticsHttpModule {}
