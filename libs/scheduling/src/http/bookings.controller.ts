import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import {
  ApiPageResponse,
  ApiProblems,
  CurrentUser,
  Public,
  Roles,
  type AuthUser,
} from '@etutors/platform';
import { BookingsService } from '../application/bookings.service.js';
import { CalendarFeedService } from '../application/calendar-feed.service.js';
import {
  BookingDto,
  BookingsQueryDto,
  CalendarFeedDto,
  CancelBookingDto,
  CreateBookingDto,
  RescheduleBookingDto,
} from './scheduling.dto.js';

@ApiTags('scheduling')
@ApiBearerAuth()
@Controller('bookings')
export class BookingsController {
  constructor(private readonly bookings: BookingsService) {}

  @Roles('student')
  @Post()
  @ApiCreatedResponse({
    type: BookingDto,
    description: 'held as pending_payment until paid or the hold runs out',
  })
  @ApiProblems(400, 401, 403, 409, 422)
  book(@CurrentUser() student: AuthUser, @Body() body: CreateBookingDto) {
    return this.bookings.book(student, { ...body, startsAt: new Date(body.startsAt) });
  }

  @Get()
  @ApiPageResponse(BookingDto)
  @ApiProblems(400, 401)
  list(@CurrentUser() user: AuthUser, @Query() query: BookingsQueryDto) {
    return this.bookings.list(user, {
      ...query,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
    });
  }

  @Get(':id')
  @ApiOkResponse({ type: BookingDto })
  @ApiProblems(400, 401, 404)
  get(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.bookings.get(user, id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOkResponse({
    type: BookingDto,
    description: 'status cancelled, with the refund the policy gives',
  })
  @ApiProblems(400, 401, 404, 409)
  cancel(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CancelBookingDto,
  ) {
    return this.bookings.cancel(user, id, body.reason ?? null);
  }

  @Post(':id/reschedule')
  @HttpCode(200)
  @ApiOkResponse({ type: BookingDto })
  @ApiProblems(400, 401, 404, 409, 422)
  reschedule(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: RescheduleBookingDto,
  ) {
    return this.bookings.reschedule(user, id, new Date(body.startsAt));
  }
}

@ApiTags('scheduling')
@Controller()
export class CalendarController {
  constructor(private readonly feeds: CalendarFeedService) {}

  @Get('users/me/calendar')
  @ApiBearerAuth()
  @ApiOkResponse({
    type: CalendarFeedDto,
    description: 'your private iCalendar feed of confirmed bookings',
  })
  @ApiProblems(401)
  async mine(@CurrentUser() user: AuthUser) {
    const token = await this.feeds.tokenFor(user);
    return { url: `/api/v1/calendar/${token}.ics`, token };
  }

  @Post('users/me/calendar/regenerate')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOkResponse({ type: CalendarFeedDto, description: 'a new token; the old URL stops working' })
  @ApiProblems(401)
  async regenerate(@CurrentUser() user: AuthUser) {
    const token = await this.feeds.regenerate(user);
    return { url: `/api/v1/calendar/${token}.ics`, token };
  }

  @Public()
  @Get('calendar/:file')
  @Header('content-type', 'text/calendar; charset=utf-8')
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'RFC 5545 calendar' })
  @ApiProblems(404)
  feed(@Param('file') file: string) {
    return this.feeds.render(file.replace(/\.ics$/, ''));
  }
}
