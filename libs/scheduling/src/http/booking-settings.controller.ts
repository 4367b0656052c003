import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiProblems,
  CurrentUser,
  ParseIdPipe,
  Public,
  ResourceNotFoundError,
  Roles,
  type AuthUser,
} from '@etutors/platform';
import { BookingSettingsService } from '../application/booking-settings.service.js';
import { InvalidBookingSettingsError } from '../scheduling.errors.js';
import {
  BookingSettingsDto,
  BookingSettingsInputDto,
  PublicBookingSettingsDto,
} from './scheduling.dto.js';

@ApiTags('scheduling')
@Controller('tutors')
export class BookingSettingsController {
  constructor(private readonly settings: BookingSettingsService) {}

  @Roles('tutor')
  @Get('me/booking-settings')
  @ApiOperation({
    summary: 'Your booking settings',
    description:
      'Lesson limits per day and week, request to book, and the trial lesson you offer; the defaults (no limits, no confirmation, no trial) until you set them.',
  })
  @ApiOkResponse({ type: BookingSettingsDto })
  get(@CurrentUser() tutor: AuthUser): Promise<BookingSettingsDto> {
    return this.settings.get(tutor);
  }

  @Roles('tutor')
  @Put('me/booking-settings')
  @ApiOperation({
    summary: 'Set your booking settings',
    description:
      'Limits count the lessons starting on a day or in a week (Monday to Sunday) of your availability’s time zone; bookings already made are kept. With `requiresConfirmation`, a paid booking waits as `awaiting_tutor` for your answer (`POST /bookings/{id}/accept` or `/decline`). A trial lesson lasts 30 minutes at `trialPriceAmount` (0: free).',
  })
  @ApiOkResponse({ type: BookingSettingsDto })
  @ApiProblems(
    new InvalidBookingSettingsError([
      { field: 'maxLessonsPerWeek', message: 'must be at least maxLessonsPerDay' },
    ]),
  )
  put(
    @CurrentUser() tutor: AuthUser,
    @Body() body: BookingSettingsInputDto,
  ): Promise<BookingSettingsDto> {
    return this.settings.put(tutor, body);
  }

  @Public()
  @Get(':id/booking-settings')
  @ApiOperation({
    summary: 'How an approved tutor takes bookings',
    description:
      'Whether a paid booking waits for the tutor’s answer, and the trial lesson they offer (its price; amount 0 is free).',
  })
  @ApiOkResponse({ type: PublicBookingSettingsDto })
  @ApiProblems(new ResourceNotFoundError('tutor'))
  publicView(@Param('id', ParseIdPipe) id: string): Promise<PublicBookingSettingsDto> {
    return this.settings.publicView(id);
  }
}
