import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, MaxLength, Min, MinLength } from 'class-validator';
import { MoneyDto, PageQueryDto } from '@etutors/platform';
import {
  DISPUTE_KINDS,
  DISPUTE_RESOLUTIONS,
  DISPUTE_STATUSES,
  type DisputeKind,
  type DisputeResolution,
  type DisputeStatus,
} from '../domain/dispute.policy.js';
import { BookingDto } from './scheduling.dto.js';

export class AbsenceReportDto {
  @ApiPropertyOptional({
    maxLength: 500,
    description: 'the student’s account of the tutor’s absence (ignored when the tutor reports)',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason?: string;
}

export class ReportTutorAbsentDto {
  @ApiProperty({ minLength: 1, maxLength: 500, example: 'The tutor never joined the call' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason: string;
}

export class OpenDisputeDto {
  @ApiProperty({ minLength: 1, maxLength: 500, example: 'The lesson ended after 20 minutes' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason: string;

  @ApiPropertyOptional({ maxLength: 4000, description: 'anything else the admin should know' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  details?: string;
}

export class ContestDisputeDto {
  @ApiProperty({ minLength: 1, maxLength: 500, example: 'I waited in the call for 30 minutes' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason: string;
}

export class ResolveDisputeDto {
  @ApiProperty({ enum: DISPUTE_RESOLUTIONS })
  @IsIn(DISPUTE_RESOLUTIONS)
  resolution: DisputeResolution;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    description:
      'minor units, in the booking’s currency: required for a partial refund (less than the price), absent otherwise',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  refundAmount?: number;
}

/** The body of `PATCH /admin/disputes/:id` (API.md's names for the same decision). */
export class DecideDisputeDto {
  @ApiProperty({ enum: DISPUTE_RESOLUTIONS })
  @IsIn(DISPUTE_RESOLUTIONS)
  outcome: DisputeResolution;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    description:
      'minor units: required for a partial refund (less than the price), absent otherwise',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  amount?: number;
}

export class DisputesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: DISPUTE_STATUSES })
  @IsOptional()
  @IsIn(DISPUTE_STATUSES)
  status?: DisputeStatus;
}

export class DisputeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) bookingId: string;
  @ApiProperty({ format: 'uuid' }) tutorId: string;
  @ApiProperty({ format: 'uuid' }) studentId: string;
  @ApiProperty({
    enum: DISPUTE_KINDS,
    description:
      '`tutor_absent`: the student reported the tutor absent; `lesson_dispute`: the student disputes the lesson',
  })
  kind: DisputeKind;
  @ApiProperty({ enum: DISPUTE_STATUSES }) status: DisputeStatus;
  @ApiProperty({ format: 'uuid', description: 'the student who opened it' }) openedBy: string;
  @ApiProperty() reason: string;
  @ApiProperty({ type: String, nullable: true }) details: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description:
      'until when the tutor may contest a report of their absence (72 h); null for a dispute',
  })
  contestDeadline: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) contestedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) contestReason: string | null;
  @ApiProperty({ enum: DISPUTE_RESOLUTIONS, nullable: true, type: String })
  resolution: DisputeResolution | null;
  @ApiProperty({
    type: MoneyDto,
    nullable: true,
    description: 'what goes back; null until resolved',
  })
  refund: MoneyDto | null;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description:
      'the admin who decided; null until resolved, and on a report the schedule refunded uncontested',
  })
  resolvedBy: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) resolvedAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class NoShowDto {
  @ApiProperty({
    type: BookingDto,
    description: 'the booking with its history: `no_show` when the tutor marked the student absent',
  })
  booking: BookingDto;
  @ApiProperty({
    type: DisputeDto,
    nullable: true,
    description: 'the case a student’s report opened; null when the tutor reported',
  })
  dispute: DisputeDto | null;
}
