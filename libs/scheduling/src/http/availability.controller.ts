import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  Param,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  ApiProblems,
  CurrentUser,
  ParseIdPipe,
  Public,
  ResourceNotFoundError,
  Roles,
  type AuthUser,
} from '@etutors/platform';
import { AvailabilityService } from '../application/availability.service.js';
import { SlotsService } from '../application/slots.service.js';
import {
  InvalidAvailabilityError,
  RangeTooLongError,
  TimeOffOutOfBoundsError,
} from '../scheduling.errors.js';
import { slotListJson } from './slot-list-json.js';
import {
  AvailabilityDto,
  CreateTimeOffDto,
  SlotDto,
  SlotsQueryDto,
  TimeOffDto,
} from './scheduling.dto.js';

@ApiTags('scheduling')
@Controller('tutors')
export class AvailabilityController {
  constructor(
    private readonly availability: AvailabilityService,
    private readonly slots: SlotsService,
  ) {}

  @Roles('tutor')
  @Put('me/availability')
  @ApiOperation({
    summary: 'Set your weekly availability and booking rules',
    description:
      'Weekly windows are local times in your time zone on a 15-minute grid; buffer, minimum notice and how far ahead students may book apply to every slot.',
  })
  @ApiOkResponse({ type: AvailabilityDto })
  @ApiProblems(
    new InvalidAvailabilityError([{ field: 'weekly[0].end', message: 'must be after start' }]),
  )
  put(@CurrentUser() tutor: AuthUser, @Body() body: AvailabilityDto): Promise<AvailabilityDto> {
    return this.availability.put(tutor, body);
  }

  @Roles('tutor')
  @Get('me/availability')
  @ApiOperation({ summary: 'Your weekly availability and booking rules' })
  @ApiOkResponse({ type: AvailabilityDto })
  @ApiProblems(new ResourceNotFoundError('availability'))
  get(@CurrentUser() tutor: AuthUser): Promise<AvailabilityDto> {
    return this.availability.get(tutor);
  }

  @Roles('tutor')
  @Post('me/time-off')
  @ApiOperation({
    summary: 'Block out time off',
    description:
      'Not in the past, at most 365 days long. Bookings already inside it are kept and listed in `conflictingBookingIds`.',
  })
  @ApiCreatedResponse({ type: TimeOffDto })
  @ApiProblems(new TimeOffOutOfBoundsError('in_past'), new TimeOffOutOfBoundsError('too_long'))
  addTimeOff(@CurrentUser() tutor: AuthUser, @Body() body: CreateTimeOffDto): Promise<TimeOffDto> {
    return this.availability.addTimeOff(tutor, {
      startsAt: new Date(body.startsAt),
      endsAt: new Date(body.endsAt),
      reason: body.reason,
    });
  }

  @Roles('tutor')
  @Get('me/time-off')
  @ApiOperation({ summary: 'Your upcoming time off' })
  @ApiOkResponse({
    type: [TimeOffDto],
    description: 'your time off that has not ended yet, soonest first (ended time off is left out)',
  })
  listTimeOff(@CurrentUser() tutor: AuthUser): Promise<TimeOffDto[]> {
    return this.availability.listTimeOff(tutor);
  }

  @Roles('tutor')
  @Delete('me/time-off/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove time off of yours' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiProblems(new ResourceNotFoundError('time_off'))
  async removeTimeOff(
    @CurrentUser() tutor: AuthUser,
    @Param('id', ParseIdPipe) id: string,
  ): Promise<void> {
    await this.availability.removeTimeOff(tutor, id);
  }

  @Public()
  @Get(':id/slots')
  @ApiOperation({
    summary: 'Free bookable starts of an approved tutor',
    description:
      'Starts on a 15-minute grid in [from, to) (at most 31 days) for the given lesson length, after availability, time off, bookings with buffers, notice and advance limits.',
  })
  @ApiOkResponse({
    type: [SlotDto],
    description: 'free bookable starts on a 15-minute grid in [from, to)',
  })
  @ApiProblems(new RangeTooLongError(), new ResourceNotFoundError('tutor'))
  // The body is serialized here (slotListJson): fastify sends a JSON-typed string as it is.
  @Header('content-type', 'application/json; charset=utf-8')
  async list(@Param('id', ParseIdPipe) id: string, @Query() query: SlotsQueryDto): Promise<string> {
    const slots = await this.slots.slots(
      id,
      new Date(query.from),
      new Date(query.to),
      query.duration,
    );
    return slotListJson(slots);
  }
}
