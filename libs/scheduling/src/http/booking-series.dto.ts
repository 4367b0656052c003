import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { IsInstant } from '@etutors/platform';
import { SLOT_DURATIONS } from '../domain/slots.js';
import { SERIES_MAX_WEEKS, SERIES_MIN_WEEKS } from '../domain/weekly-series.js';
import { BookingDto } from './scheduling.dto.js';

export class CreateBookingSeriesDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() tutorId: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() subjectId: string;
  @ApiProperty({
    example: '2026-12-07T09:00:00Z',
    format: 'date-time',
    description:
      'the first lesson; the others follow at the same wall-clock time each week in the tutor’s zone',
  })
  @IsInstant()
  firstStartsAt: string;
  @ApiProperty({ type: 'integer', enum: SLOT_DURATIONS, description: 'lesson length, minutes' })
  @IsIn(SLOT_DURATIONS)
  durationMinutes: number;
  @ApiProperty({
    type: 'integer',
    minimum: SERIES_MIN_WEEKS,
    maximum: SERIES_MAX_WEEKS,
    description: 'how many weekly lessons',
  })
  @IsInt()
  @Min(SERIES_MIN_WEEKS)
  @Max(SERIES_MAX_WEEKS)
  weeks: number;
  @ApiPropertyOptional({
    description:
      'book the weeks that are free even if others are not (each reported in `occurrences`); by default one refused week refuses the series',
  })
  @IsOptional()
  @IsBoolean()
  allowPartial?: boolean;
}

export class SeriesOccurrenceDto {
  @ApiProperty({ format: 'date-time' }) startsAt: string;
  @ApiProperty({ format: 'date-time' }) endsAt: string;
  @ApiProperty({
    example: 'booked',
    description:
      '`booked`, or the code a single booking of that week would be refused with (e.g. `booking.slot_taken`, `booking.outside_availability`, `booking.tutor_day_full`)',
  })
  status: string;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'the booking, when booked',
  })
  bookingId: string | null;
}

export class BookingSeriesDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) tutorId: string;
  @ApiProperty({ format: 'uuid' }) studentId: string;
  @ApiProperty({ format: 'uuid' }) subjectId: string;
  @ApiProperty({ example: 'Europe/Berlin', description: 'the tutor’s zone the series keeps to' })
  timezone: string;
  @ApiProperty({ example: '18:30', description: 'HH:mm on the tutor’s wall clock, every week' })
  localTime: string;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 7, description: 'Monday = 1' })
  weekday: number;
  @ApiProperty({ type: 'integer' }) durationMinutes: number;
  @ApiProperty({ type: 'integer', description: 'weeks asked for' }) weeks: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({
    type: [BookingDto],
    description:
      'the booked occurrences, by start; they share one hold (`holdExpiresAt`) and are paid together (`POST /payments` with `seriesId`)',
  })
  bookings: BookingDto[];
  @ApiPropertyOptional({
    type: [SeriesOccurrenceDto],
    description: 'every requested week and what became of it; on the answer to the request only',
  })
  occurrences?: SeriesOccurrenceDto[];
}
