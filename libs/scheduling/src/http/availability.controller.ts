import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ApiProblems, CurrentUser, Public, Roles, type AuthUser } from '@etutors/platform';
import { AvailabilityService } from '../application/availability.service.js';
import { SlotsService } from '../application/slots.service.js';
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
  @ApiBearerAuth()
  @ApiOkResponse({ type: AvailabilityDto })
  @ApiProblems(400, 401, 403)
  put(@CurrentUser() tutor: AuthUser, @Body() body: AvailabilityDto) {
    return this.availability.put(tutor, body);
  }

  @Roles('tutor')
  @Get('me/availability')
  @ApiBearerAuth()
  @ApiOkResponse({ type: AvailabilityDto })
  @ApiProblems(401, 403, 404)
  get(@CurrentUser() tutor: AuthUser) {
    return this.availability.get(tutor);
  }

  @Roles('tutor')
  @Post('me/time-off')
  @ApiBearerAuth()
  @ApiCreatedResponse({ type: TimeOffDto })
  @ApiProblems(400, 401, 403)
  addTimeOff(@CurrentUser() tutor: AuthUser, @Body() body: CreateTimeOffDto) {
    return this.availability.addTimeOff(tutor, {
      startsAt: new Date(body.startsAt),
      endsAt: new Date(body.endsAt),
      reason: body.reason,
    });
  }

  @Roles('tutor')
  @Get('me/time-off')
  @ApiBearerAuth()
  @ApiOkResponse({
    type: [TimeOffDto],
    description: 'your time off that has not ended yet, soonest first (ended time off is left out)',
  })
  @ApiProblems(401, 403)
  listTimeOff(@CurrentUser() tutor: AuthUser) {
    return this.availability.listTimeOff(tutor);
  }

  @Roles('tutor')
  @Delete('me/time-off/:id')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiNoContentResponse()
  @ApiProblems(401, 403, 404)
  async removeTimeOff(@CurrentUser() tutor: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    await this.availability.removeTimeOff(tutor, id);
  }

  @Public()
  @Get(':id/slots')
  @ApiOkResponse({
    type: [SlotDto],
    description: 'free bookable starts on a 15-minute grid in [from, to)',
  })
  @ApiProblems(400, 404)
  // The body is serialized here (slotListJson): fastify sends a JSON-typed string as it is.
  @Header('content-type', 'application/json; charset=utf-8')
  async list(@Param('id', ParseUUIDPipe) id: string, @Query() query: SlotsQueryDto) {
    const slots = await this.slots.slots(
      id,
      new Date(query.from),
      new Date(query.to),
      query.duration,
    );
    return slotListJson(slots);
  }
}
