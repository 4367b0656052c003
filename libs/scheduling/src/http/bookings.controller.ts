import { Body, Controller, Get, Header, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import {
  ApiPageResponse,
  ApiProblems,
  CurrentUser,
  ParseIdPipe,
  Public,
  ResourceNotFoundError,
  Roles,
  type AuthUser,
  type Page,
} from '@etutors/platform';
import { BookingsService } from '../application/bookings.service.js';
import { CalendarFeedService } from '../application/calendar-feed.service.js';
import {
  InvalidTransitionError,
  NotBookableError,
  SlotTakenError,
  StudentBusyError,
  TooManyUnpaidBookingsError,
  TrialAlreadyUsedError,
  TrialDurationError,
  TrialNotOfferedError,
  TutorDayFullError,
  TutorResponseOverdueError,
  TutorWeekFullError,
} from '../scheduling.errors.js';
import {
  BookingDto,
  BookingsQueryDto,
  CalendarFeedDto,
  CancelBookingDto,
  CreateBookingDto,
  DeclineBookingDto,
  RescheduleBookingDto,
} from './scheduling.dto.js';

/** Every reason a requested start is refused as unprocessable, as documented examples. */
const NOT_BOOKABLE_TIMES = [
  new NotBookableError('in_past'),
  new NotBookableError('off_grid'),
  new NotBookableError('within_notice'),
  new NotBookableError('beyond_advance'),
  new NotBookableError('outside_availability'),
  new NotBookableError('unavailable'),
];

@ApiTags('scheduling')
@Controller('bookings')
export class BookingsController {
  constructor(private readonly bookings: BookingsService) {}

  @Roles('student')
  @Post()
  @ApiOperation({
    summary: 'Book a lesson with a tutor',
    description:
      'The start must be a free slot (see `GET /tutors/{id}/slots`). The booking is held as `pending_payment` until paid or until the hold runs out (`holdExpiresAt`, never past the start). The tutor’s lessons per day and week and the student’s unpaid bookings (`MAX_UNPAID_BOOKINGS_PER_STUDENT`) are limited. With `trial: true` it is the student’s one trial lesson with the tutor (30 minutes at the trial price, see `GET /tutors/{id}/booking-settings`); a free trial is `confirmed` at once (or `awaiting_tutor` when the tutor confirms requests) and takes no payment.',
  })
  @ApiCreatedResponse({
    type: BookingDto,
    description: 'held as pending_payment until paid or the hold runs out',
  })
  @ApiProblems(
    new SlotTakenError(),
    new StudentBusyError(),
    new NotBookableError('self_booking'),
    new NotBookableError('tutor_not_bookable'),
    new NotBookableError('subject_not_taught'),
    ...NOT_BOOKABLE_TIMES,
    new TutorDayFullError(),
    new TutorWeekFullError(),
    new TooManyUnpaidBookingsError(3),
    new TrialAlreadyUsedError(),
    new TrialNotOfferedError(),
    new TrialDurationError(),
  )
  book(@CurrentUser() student: AuthUser, @Body() body: CreateBookingDto): Promise<BookingDto> {
    return this.bookings.book(student, { ...body, startsAt: new Date(body.startsAt) });
  }

  @Get()
  @ApiOperation({
    summary: 'Your bookings',
    description: 'As student or tutor; an admin sees all. Filter by status and start range.',
  })
  @ApiPageResponse(BookingDto)
  list(@CurrentUser() user: AuthUser, @Query() query: BookingsQueryDto): Promise<Page<BookingDto>> {
    return this.bookings.list(user, {
      ...query,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
    });
  }

  @Get(':id')
  @ApiOperation({ summary: 'A booking of yours, with its history' })
  @ApiOkResponse({ type: BookingDto })
  @ApiProblems(new ResourceNotFoundError('booking'))
  get(@CurrentUser() user: AuthUser, @Param('id', ParseIdPipe) id: string): Promise<BookingDto> {
    return this.bookings.get(user, id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Cancel a booking of yours',
    description:
      'The refund follows the policy: the tutor cancels → full; the student ≥ 24 h before the start → full, later → 50 %, after the start → none.',
  })
  @ApiOkResponse({
    type: BookingDto,
    description: 'status cancelled, with the refund the policy gives',
  })
  @ApiProblems(
    new ResourceNotFoundError('booking'),
    new InvalidTransitionError('completed', 'cancelled'),
  )
  cancel(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIdPipe) id: string,
    @Body() body: CancelBookingDto,
  ): Promise<BookingDto> {
    return this.bookings.cancel(user, id, body.reason ?? null);
  }

  @Post(':id/reschedule')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Move a confirmed booking to another start',
    description: 'The new start must be a free slot, like a new booking.',
  })
  @ApiOkResponse({ type: BookingDto })
  @ApiProblems(
    new ResourceNotFoundError('booking'),
    new InvalidTransitionError('pending_payment', 'rescheduled'),
    new SlotTakenError(),
    new StudentBusyError(),
    new NotBookableError('same_time'),
    ...NOT_BOOKABLE_TIMES,
    new TutorDayFullError(),
    new TutorWeekFullError(),
  )
  reschedule(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIdPipe) id: string,
    @Body() body: RescheduleBookingDto,
  ): Promise<BookingDto> {
    return this.bookings.reschedule(user, id, new Date(body.startsAt));
  }

  @Post(':id/accept')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Accept a request waiting for you (request to book)',
    description:
      'The tutor (or an admin) accepts an `awaiting_tutor` booking before `tutorResponseDueAt`: it becomes `confirmed` and the lesson is on. Anyone else gets 404.',
  })
  @ApiOkResponse({ type: BookingDto, description: 'status confirmed' })
  @ApiProblems(
    new ResourceNotFoundError('booking'),
    new InvalidTransitionError('pending_payment', 'confirmed'),
    new TutorResponseOverdueError(),
  )
  accept(@CurrentUser() user: AuthUser, @Param('id', ParseIdPipe) id: string): Promise<BookingDto> {
    return this.bookings.accept(user, id);
  }

  @Post(':id/decline')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Decline a request waiting for you (request to book)',
    description:
      'The tutor (or an admin) declines an `awaiting_tutor` booking: it is cancelled and the student refunded in full. Anyone else gets 404.',
  })
  @ApiOkResponse({ type: BookingDto, description: 'status cancelled, refund the full price' })
  @ApiProblems(
    new ResourceNotFoundError('booking'),
    new InvalidTransitionError('confirmed', 'cancelled'),
  )
  decline(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIdPipe) id: string,
    @Body() body: DeclineBookingDto,
  ): Promise<BookingDto> {
    return this.bookings.decline(user, id, body.reason ?? null);
  }
}

@ApiTags('scheduling')
@Controller()
export class CalendarController {
  constructor(private readonly feeds: CalendarFeedService) {}

  @Get('users/me/calendar')
  @ApiOperation({
    summary: 'Your private calendar feed URL',
    description: 'Subscribe to it in a calendar app; it lists your confirmed bookings.',
  })
  @ApiOkResponse({
    type: CalendarFeedDto,
    description: 'your private iCalendar feed of confirmed bookings',
  })
  async mine(@CurrentUser() user: AuthUser): Promise<CalendarFeedDto> {
    const token = await this.feeds.tokenFor(user);
    return { url: `/api/v1/calendar/${token}.ics`, token };
  }

  @Post('users/me/calendar/regenerate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Replace your calendar feed URL; the old one stops working' })
  @ApiOkResponse({ type: CalendarFeedDto, description: 'a new token; the old URL stops working' })
  async regenerate(@CurrentUser() user: AuthUser): Promise<CalendarFeedDto> {
    const token = await this.feeds.regenerate(user);
    return { url: `/api/v1/calendar/${token}.ics`, token };
  }

  @Public()
  @Get('calendar/:file')
  @Header('content-type', 'text/calendar; charset=utf-8')
  @ApiOperation({
    summary: 'A calendar feed (iCalendar)',
    description: 'Public by its secret token, so calendar apps can fetch it without signing in.',
  })
  @ApiParam({ name: 'file', description: 'the feed token followed by `.ics`', example: 'k3…q.ics' })
  @ApiOkResponse({
    description: 'RFC 5545 calendar',
    content: { 'text/calendar': { schema: { type: 'string' } } },
  })
  @ApiProblems(new ResourceNotFoundError('calendar'))
  feed(@Param('file') file: string): Promise<string> {
    return this.feeds.render(file.replace(/\.ics$/, ''));
  }
}
