import { ApiProperty } from '@nestjs/swagger';
import { IsIn, isISO8601, ValidateBy, type ValidationArguments } from 'class-validator';
import { DAY_MS, IsInstantOrDate } from '@etutors/platform';
import {
  isUtcMidnight,
  REPORT_MAX_DAYS,
  REPORT_STATUSES,
  REPORT_TYPES,
  type Report,
  type ReportStatus,
  type ReportType,
} from '../domain/report.js';

/** The moment a bound names, or null when it names none (IsInstantOrDate reports that). */
const instant = (value: unknown): Date | null => {
  if (typeof value !== 'string' || !isISO8601(value, { strict: true, strictSeparator: true }))
    return null;
  const at = new Date(value);
  return Number.isFinite(at.getTime()) ? at : null;
};

/** A bound that falls on a UTC midnight (a date alone always does). */
const IsUtcMidnight = () =>
  ValidateBy({
    name: 'isUtcMidnight',
    validator: {
      validate: (value) => {
        const at = instant(value);
        return at === null || isUtcMidnight(at);
      },
      defaultMessage: () =>
        '$property must be a date or a UTC midnight: reports add up whole UTC days',
    },
  });

/** `to` after `from`, and at most REPORT_MAX_DAYS days after it. */
const EndsAfterFromWithinSpan = () =>
  ValidateBy({
    name: 'endsAfterFromWithinSpan',
    validator: {
      validate: (value, args?: ValidationArguments) => {
        const to = instant(value);
        const from = instant((args?.object as { from?: unknown }).from);
        if (!to || !from) return true;
        const span = to.getTime() - from.getTime();
        return span > 0 && span <= REPORT_MAX_DAYS * DAY_MS;
      },
      defaultMessage: () =>
        `to must be after from (the period is [from, to)) and at most ${REPORT_MAX_DAYS} days after it`,
    },
  });

export class RequestReportDto {
  @ApiProperty({
    enum: REPORT_TYPES,
    description:
      '`revenue`: per UTC day and currency, gross, platform fees kept (charged less those refunds returned), refunds and net (gross − refunds); `bookings`: per UTC day, bookings created, confirmed, cancelled and lessons completed; `tutors`: per tutor and currency, bookings, lessons, cancellations, gross, fees kept, refunds and the tutor’s net (gross − fees − refunds)',
  })
  @IsIn(REPORT_TYPES)
  type: ReportType;

  @ApiProperty({
    example: '2026-11-01',
    description: 'the first UTC day covered: a date, or a date-time on a UTC midnight',
  })
  @IsInstantOrDate()
  @IsUtcMidnight()
  from: string;

  @ApiProperty({
    example: '2026-12-01',
    description: `the end, exclusive (a UTC midnight): the period is [from, to), at most ${REPORT_MAX_DAYS} days`,
  })
  @IsInstantOrDate()
  @IsUtcMidnight()
  @EndsAfterFromWithinSpan()
  to: string;
}

export class ReportQueuedDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['queued'] }) status: 'queued';
}

export class ReportDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: REPORT_TYPES }) type: ReportType;
  @ApiProperty({ format: 'date-time', description: 'start of the period (a UTC midnight)' })
  from: string;
  @ApiProperty({ format: 'date-time', description: 'end of the period, exclusive' })
  to: string;
  @ApiProperty({ enum: REPORT_STATUSES, description: 'queued → running → done | failed' })
  status: ReportStatus;
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 100, description: 'percent written' })
  progress: number;
  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'data rows in the CSV (the header not counted), once done',
  })
  rows: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'why it failed' })
  error: string | null;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'the admin who asked for it; null for a scheduled report',
  })
  requestedBy: string | null;
  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    description: 'the UTC day a nightly report covers',
  })
  scheduledFor: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt: string | null;
}

export const reportView = (report: Report): ReportDto => ({
  id: report.id,
  type: report.type,
  from: report.from.toISOString(),
  to: report.to.toISOString(),
  status: report.status,
  progress: report.progress,
  rows: report.rows,
  error: report.error,
  requestedBy: report.requestedBy,
  scheduledFor: report.scheduledFor,
  createdAt: report.createdAt.toISOString(),
  startedAt: report.startedAt?.toISOString() ?? null,
  finishedAt: report.finishedAt?.toISOString() ?? null,
});
