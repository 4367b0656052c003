import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsTimeZone,
  IsUUID,
  Max,
  MaxLength,
  Min,
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
  @ApiProperty({ type: 'integer', enum: SLOT_DURATIONS })
  @IsIn(SLOT_DURATIONS)
  durationMinutes: number;
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
  @ApiProperty({ type: MoneyDto, nullable: true, description: 'when cancelled; null otherwise' })
  refund: MoneyDto | null;
  @ApiProperty({
    enum: ['student', 'tutor', 'admin'],
    nullable: true,
    type: String,
    description: 'who cancelled; null unless cancelled',
  })
  cancelledBy: 'student' | 'tutor' | 'admin' | null;
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
