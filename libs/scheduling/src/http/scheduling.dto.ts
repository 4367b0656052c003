import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsTimeZone,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsInstant, IsInstantOrDate, MoneyDto, PageQueryDto } from '@etutors/platform';
import { SLOT_DURATIONS } from '../domain/slots.js';
import { BOOKING_STATUSES, type BookingStatus } from '../domain/booking-status.js';

export class WeeklyWindowDto {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 7, description: 'Monday = 1' })
  @IsInt()
  @Min(1)
  @Max(7)
  weekday: number;
  @ApiProperty({
    example: '09:00',
    description: 'HH:mm on a 15-minute grid, in the tutor zone',
    pattern: '^([01][0-9]|2[0-4]):(00|15|30|45)$',
  })
  @IsString()
  start: string;
  @ApiProperty({
    example: '17:00',
    description: 'HH:mm on a 15-minute grid; 24:00 allowed',
    pattern: '^([01][0-9]|2[0-4]):(00|15|30|45)$',
  })
  @IsString()
  end: string;
}

export class AvailabilityDto {
  @ApiProperty({ example: 'Europe/Berlin', description: 'IANA time zone' })
  @IsTimeZone()
  timezone: string;
  @ApiProperty({ type: [WeeklyWindowDto], maxItems: 100 })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => WeeklyWindowDto)
  weekly: WeeklyWindowDto[];

  @ApiProperty({ type: 'integer', minimum: 0, maximum: 120 })
  @IsInt()
  @Min(0)
  @Max(120)
  bufferMinutes: number;
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 20160 })
  @IsInt()
  @Min(0)
  @Max(20160)
  minNoticeMinutes: number;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 365 })
  @IsInt()
  @Min(1)
  @Max(365)
  maxAdvanceDays: number;
}

export class CreateTimeOffDto {
  @ApiProperty({ example: '2026-12-24T00:00:00+01:00', format: 'date-time' })
  @IsInstant()
  startsAt: string;
  @ApiProperty({
    example: '2026-12-27T00:00:00+01:00',
    format: 'date-time',
    description: 'after startsAt and after now, at most 365 days after startsAt',
  })
  @IsInstant()
  endsAt: string;
  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class TimeOffDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time' }) startsAt: string;
  @ApiProperty({ format: 'date-time' }) endsAt: string;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty({
    type: 'string',
    format: 'uuid',
    isArray: true,
    description: 'active bookings inside the time off (not cancelled)',
  })
  conflictingBookingIds: string[];
}

export class SlotsQueryDto {
  @ApiProperty({ format: 'date-time', example: '2026-12-01T00:00:00Z' })
  @IsInstant()
  from: string;
  @ApiProperty({
    format: 'date-time',
    example: '2026-12-08T00:00:00Z',
    description: 'after from, at most 31 days later',
  })
  @IsInstant()
  to: string;
  @ApiProperty({ type: 'integer', enum: SLOT_DURATIONS, description: 'lesson length, minutes' })
  @Type(() => Number)
  @IsIn(SLOT_DURATIONS)
  duration: number;
}

export class SlotDto {
  @ApiProperty({ format: 'date-time' }) startsAt: string;
  @ApiProperty({ format: 'date-time' }) endsAt: string;
}

export class CreateBookingDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() tutorId: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() subjectId: string;
  @ApiProperty({ example: '2026-12-01T09:00:00Z', format: 'date-time' })
  @IsInstant()
  startsAt: string;
  @ApiPropertyOptional({
    type: 'integer',
    enum: SLOT_DURATIONS,
    description: 'required unless `trial`; a trial lasts 30 minutes (30 or left out)',
  })
  @ValidateIf((body: CreateBookingDto) => body.trial !== true || body.durationMinutes !== undefined)
  @IsIn(SLOT_DURATIONS)
  durationMinutes?: number;
  @ApiPropertyOptional({
    description:
      'the student’s one trial lesson with this tutor: 30 minutes at the tutor’s trial price (a free one is confirmed at once)',
  })
  @IsOptional()
  @IsBoolean()
  trial?: boolean;
}

export class BookingHistoryDto {
  @ApiProperty({ nullable: true, type: String }) from: string | null;
  @ApiProperty() to: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) actorId: string | null;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty({ format: 'date-time' }) at: string;
}

export class BookingDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: BOOKING_STATUSES })
  status: string;
  @ApiProperty({ format: 'uuid' }) tutorId: string;
  @ApiProperty({ format: 'uuid' }) studentId: string;
  @ApiProperty({ format: 'uuid' }) subjectId: string;
  @ApiProperty({ format: 'date-time' }) startsAt: string;
  @ApiProperty({ format: 'date-time' }) endsAt: string;
  @ApiProperty({ type: MoneyDto }) price: MoneyDto;
  @ApiProperty({ format: 'date-time' }) holdExpiresAt: string;
  @ApiProperty({ description: 'whether this is the student’s trial lesson with the tutor' })
  trial: boolean;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description:
      'until when the tutor may accept or decline a paid request (then it is declined automatically); null unless it waited for them',
  })
  tutorResponseDueAt: string | null;
  @ApiProperty({ type: MoneyDto, nullable: true, description: 'when cancelled; null otherwise' })
  refund: MoneyDto | null;
  @ApiProperty({
    enum: ['student', 'tutor', 'admin'],
    nullable: true,
    type: String,
    description: 'who cancelled; null unless cancelled',
  })
  cancelledBy: 'student' | 'tutor' | 'admin' | null;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description:
      'the weekly series this lesson belongs to (see `GET /bookings/series/{id}`); null for a single booking',
  })
  seriesId: string | null;
  @ApiPropertyOptional({
    type: [BookingHistoryDto],
    description: 'every change, oldest first; on the responses about one booking, not in lists',
  })
  history?: BookingHistoryDto[];
}

export class BookingsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: BOOKING_STATUSES })
  @IsOptional()
  @IsIn(BOOKING_STATUSES)
  status?: BookingStatus;

  @ApiPropertyOptional({
    example: '2026-12-01T00:00:00Z',
    description: 'bookings starting at or after: a date-time with an offset, or a date (00:00 UTC)',
  })
  @IsOptional()
  @IsInstantOrDate()
  from?: string;
  @ApiPropertyOptional({
    example: '2026-12-08',
    description: 'bookings starting before: a date-time with an offset, or a date (00:00 UTC)',
  })
  @IsOptional()
  @IsInstantOrDate()
  to?: string;
}

export class CancelBookingDto {
  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class RescheduleBookingDto {
  @ApiProperty({ example: '2026-12-01T09:00:00Z', format: 'date-time' })
  @IsInstant()
  startsAt: string;
}

export class CalendarFeedDto {
  @ApiProperty({ example: '/api/v1/calendar/3q2+7w….ics' }) url: string;
  @ApiProperty({ description: 'the secret in the URL' }) token: string;
}

export class DeclineBookingDto {
  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class BookingSettingsInputDto {
  @ApiProperty({
    type: 'integer',
    nullable: true,
    minimum: 1,
    maximum: 48,
    description: 'lessons at most per day in your time zone; null for no limit',
  })
  @ValidateIf((_, value) => value !== null)
  @IsInt()
  @Min(1)
  @Max(48)
  maxLessonsPerDay: number | null;
  @ApiProperty({
    type: 'integer',
    nullable: true,
    minimum: 1,
    maximum: 336,
    description:
      'lessons at most per week (Monday to Sunday in your time zone); null for no limit; at least maxLessonsPerDay',
  })
  @ValidateIf((_, value) => value !== null)
  @IsInt()
  @Min(1)
  @Max(336)
  maxLessonsPerWeek: number | null;
  @ApiProperty({
    description:
      'request to book: a paid booking waits as awaiting_tutor until you accept or decline it',
  })
  @IsBoolean()
  requiresConfirmation: boolean;
  @ApiProperty({ description: 'whether you offer each student one 30-minute trial lesson' })
  @IsBoolean()
  trialEnabled: boolean;
  @ApiProperty({
    type: 'integer',
    nullable: true,
    minimum: 0,
    maximum: 100000,
    description:
      'the trial price in minor units of your currency, 0 for a free trial; required when trialEnabled',
  })
  @ValidateIf((_, value) => value !== null)
  @IsInt()
  @Min(0)
  @Max(100000)
  trialPriceAmount: number | null;
}

export class BookingSettingsDto extends BookingSettingsInputDto {
  @ApiProperty({
    type: MoneyDto,
    nullable: true,
    description: 'the trial price in your currency; null when you offer no trial',
  })
  trialPrice: MoneyDto | null;
  @ApiProperty({
    type: 'integer',
    description: 'hours you have to answer a paid request (never past its start)',
  })
  tutorResponseHours: number;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'null while you never set them',
  })
  updatedAt: string | null;
}

export class TrialOfferDto {
  @ApiProperty() offered: boolean;
  @ApiProperty({ type: 'integer', example: 30 }) durationMinutes: number;
  @ApiProperty({
    type: MoneyDto,
    nullable: true,
    description: 'amount 0 is a free trial; null when none is offered',
  })
  price: MoneyDto | null;
}

export class PublicBookingSettingsDto {
  @ApiProperty({ format: 'uuid' }) tutorId: string;
  @ApiProperty({ description: 'a paid booking waits for the tutor to accept it' })
  requiresConfirmation: boolean;
  @ApiProperty({ type: 'integer', description: 'hours the tutor has to answer a request' })
  tutorResponseHours: number;
  @ApiProperty({ type: TrialOfferDto }) trial: TrialOfferDto;
}
