import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiProblems,
  CurrentUser,
  ParseIdPipe,
  ResourceNotFoundError,
  Roles,
  type AuthUser,
} from '@etutors/platform';
import { BookingSeriesService } from '../application/booking-series.service.js';
import {
  NotBookableError,
  SeriesNothingToCancelError,
  SeriesSlotTakenError,
  StudentBusyError,
  TooManyUnpaidBookingsError,
  TutorDayFullError,
  TutorWeekFullError,
} from '../scheduling.errors.js';
import { BookingSeriesDto, CreateBookingSeriesDto } from './booking-series.dto.js';
import { CancelBookingDto } from './scheduling.dto.js';

const EXAMPLE_OCCURRENCE = { index: 1, startsAt: '2026-12-14T09:00:00.000Z' };

@ApiTags('scheduling')
@Controller('bookings/series')
export class BookingSeriesController {
  constructor(private readonly series: BookingSeriesService) {}

  @Roles('student')
  @Post()
  @ApiOperation({
    summary: 'Book a weekly series of lessons',
    description:
      'One lesson a week at the same wall-clock time in the tutor’s zone (across DST the UTC time shifts), each week checked as a single booking is (availability, time off, notice, advance, the tutor’s lessons per day and week). All are written in one transaction: by default one refused week refuses the series and nothing is booked (the problem names the week in `occurrence`); with `allowPartial` the free weeks are booked and `occurrences` reports each. The bookings share one hold and are paid together; the series counts as one of the student’s unpaid bookings.',
  })
  @ApiCreatedResponse({ type: BookingSeriesDto })
  @ApiProblems(
    new SeriesSlotTakenError(EXAMPLE_OCCURRENCE),
    new StudentBusyError(),
    new TutorDayFullError(),
    new TutorWeekFullError(),
    new TooManyUnpaidBookingsError(3),
    new NotBookableError('self_booking'),
    new NotBookableError('tutor_not_bookable'),
    new NotBookableError('subject_not_taught'),
    new NotBookableError('in_past', { occurrence: EXAMPLE_OCCURRENCE }),
    new NotBookableError('off_grid', { occurrence: EXAMPLE_OCCURRENCE }),
    new NotBookableError('within_notice', { occurrence: EXAMPLE_OCCURRENCE }),
    new NotBookableError('beyond_advance', { occurrence: EXAMPLE_OCCURRENCE }),
    new NotBookableError('outside_availability', { occurrence: EXAMPLE_OCCURRENCE }),
    new NotBookableError('unavailable', { occurrence: EXAMPLE_OCCURRENCE }),
  )
  book(
    @CurrentUser() student: AuthUser,
    @Body() body: CreateBookingSeriesDto,
  ): Promise<BookingSeriesDto> {
    return this.series.book(student, { ...body, firstStartsAt: new Date(body.firstStartsAt) });
  }

  @Get(':id')
  @ApiOperation({ summary: 'A weekly series of yours, with its bookings' })
  @ApiOkResponse({ type: BookingSeriesDto })
  @ApiProblems(new ResourceNotFoundError('series'))
  get(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIdPipe) id: string,
  ): Promise<BookingSeriesDto> {
    return this.series.get(user, id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Cancel every lesson of a series still to come',
    description:
      'Each active occurrence that has not started is cancelled and refunded by the policy on its own (see `POST /bookings/{id}/cancel`, which cancels one). Past and already cancelled ones stay.',
  })
  @ApiOkResponse({ type: BookingSeriesDto, description: 'the series with its bookings now' })
  @ApiProblems(new ResourceNotFoundError('series'), new SeriesNothingToCancelError())
  cancel(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIdPipe) id: string,
    @Body() body: CancelBookingDto,
  ): Promise<BookingSeriesDto> {
    return this.series.cancelFuture(user, id, body.reason ?? null);
  }
}
