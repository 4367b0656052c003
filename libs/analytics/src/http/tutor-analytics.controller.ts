import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthUser } from '@etutors/platform';
import { AnalyticsService } from '../application/analytics.service.js';
import { DailyPeriodQueryDto, TutorAnalyticsDto, tutorAnalyticsView } from './analytics.dto.js';

@ApiTags('analytics')
@Controller('tutors/me/analytics')
export class TutorAnalyticsController {
  constructor(private readonly analytics: AnalyticsService) {}

  @Roles('tutor')
  @Get()
  @ApiOperation({
    summary: 'Your own figures for a period',
    description:
      'Lessons completed, earnings per currency (gross, platform fees kept, refunds, net = gross − fees − refunds), rating, cancellation rate (cancelled ÷ created in the period) and utilization (booked ÷ available minutes), over UTC days.',
  })
  @ApiOkResponse({ type: TutorAnalyticsDto })
  async mine(
    @CurrentUser() tutor: AuthUser,
    @Query() query: DailyPeriodQueryDto,
  ): Promise<TutorAnalyticsDto> {
    const { period, figures } = await this.analytics.ofTutor(tutor, query);
    return tutorAnalyticsView(period, figures);
  }
}
