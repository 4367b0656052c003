import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { PageQueryDto } from '@etutors/platform';
import type { PayoutRunView } from '../application/payout-runs.service.js';
import {
  PAYOUT_RUN_STATUSES,
  PAYOUT_RUN_TRIGGERS,
  type PayoutRunEntity,
  type PayoutRunStatus,
  type PayoutRunTrigger,
} from '../domain/payout-run.entity.js';
import { PAYOUT_STATUSES, type PayoutStatus } from '../domain/payout.entity.js';
import type { TutorBalance } from '../infrastructure/ledger.repository.js';
import type { PayoutWithLessons } from '../infrastructure/payout.repository.js';

export class TutorBalanceDto {
  @ApiProperty({ example: 'USD', pattern: '^[A-Z]{3}$' }) currency: string;
  @ApiProperty({
    type: 'integer',
    description: 'minor units paid for lessons not yet completed or still in their hold',
  })
  pending: number;
  @ApiProperty({
    type: 'integer',
    description:
      'minor units owed now and paid out by the next run; negative when refunds after release took back more than was earned since (later earnings settle it first)',
  })
  available: number;
  @ApiProperty({ type: 'integer', description: 'minor units sent to your bank so far' })
  paidOut: number;
}

export class EarningsDto {
  @ApiProperty({ type: TutorBalanceDto, isArray: true, description: 'one per currency earned in' })
  balances: TutorBalanceDto[];
}

export const earningsView = (balances: TutorBalance[]): EarningsDto => ({
  balances: balances.map((balance) => ({ ...balance })),
});

export class PayoutLessonDto {
  @ApiProperty({ format: 'uuid' }) bookingId: string;
  @ApiProperty({ format: 'uuid' }) paymentId: string;
  @ApiProperty({
    type: 'integer',
    description:
      'minor units this payout pays for the lesson: its released share, less what a refund took back (negative for a refund of a lesson paid out before)',
  })
  amount: number;
}

export class PayoutDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) runId: string;
  @ApiProperty({ format: 'uuid' }) tutorId: string;
  @ApiProperty({ type: 'integer', description: 'minor units' }) amount: number;
  @ApiProperty({ example: 'USD', pattern: '^[A-Z]{3}$' }) currency: string;
  @ApiProperty({ enum: PAYOUT_STATUSES }) status: PayoutStatus;
  @ApiProperty({ example: 'sandbox' }) provider: string;
  @ApiProperty({ type: String, nullable: true, description: 'why the transfer did not go through' })
  failureReason: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) sentAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) failedAt: string | null;
  @ApiProperty({ type: PayoutLessonDto, isArray: true, description: 'what the payout covers' })
  lessons: PayoutLessonDto[];
}

export const payoutView = (payout: PayoutWithLessons): PayoutDto => ({
  id: payout.id,
  runId: payout.runId,
  tutorId: payout.tutorId,
  amount: payout.amount,
  currency: payout.currency,
  status: payout.status,
  provider: payout.provider,
  failureReason: payout.failureReason,
  createdAt: payout.createdAt.toISOString(),
  sentAt: payout.sentAt?.toISOString() ?? null,
  failedAt: payout.failedAt?.toISOString() ?? null,
  lessons: payout.lessons.map((lesson) => ({ ...lesson })),
});

export class PayoutsQueryDto extends PageQueryDto {
  @ApiProperty({ required: false, enum: PAYOUT_STATUSES })
  @IsOptional()
  @IsIn(PAYOUT_STATUSES)
  status?: PayoutStatus;
}

export class PayoutRunDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: PAYOUT_RUN_STATUSES }) status: PayoutRunStatus;
  @ApiProperty({ enum: PAYOUT_RUN_TRIGGERS }) trigger: PayoutRunTrigger;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'the admin, if any' })
  requestedBy: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '2026-W47',
    description: 'the ISO week of a scheduled run',
  })
  scheduledFor: string | null;
  @ApiProperty({ format: 'date-time' }) startedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) completedAt: string | null;
}

export const payoutRunView = (run: PayoutRunEntity): PayoutRunDto => ({
  id: run.id,
  status: run.status,
  trigger: run.trigger,
  requestedBy: run.requestedBy,
  scheduledFor: run.scheduledFor,
  startedAt: run.startedAt.toISOString(),
  completedAt: run.completedAt?.toISOString() ?? null,
});

export class PayoutCountsDto {
  @ApiProperty({ type: 'integer', description: 'payouts the run planned' }) planned: number;
  @ApiProperty({ type: 'integer' }) pending: number;
  @ApiProperty({ type: 'integer' }) sent: number;
  @ApiProperty({ type: 'integer' }) failed: number;
}

export class PayoutRunDetailDto extends PayoutRunDto {
  @ApiProperty({ type: PayoutCountsDto, description: "the run's payouts by status, now" })
  counts: PayoutCountsDto;
}

export const payoutRunDetailView = ({ run, counts }: PayoutRunView): PayoutRunDetailDto => ({
  ...payoutRunView(run),
  counts: { ...counts },
});

export class GiveUpPayoutDto {
  @ApiProperty({
    minLength: 1,
    maxLength: 400,
    example: 'The bank has not answered for two days; the tutor asked to be paid by the next run',
    description: 'why, kept on the payout as its failure reason',
  })
  @IsString()
  @Length(1, 400)
  reason: string;
}
