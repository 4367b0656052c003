import { newId } from '@etutors/platform';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { isoWeek } from './payout-plan.js';

export const PAYOUT_RUN_TRIGGERS = ['schedule', 'admin'] as const;
export type PayoutRunTrigger = (typeof PAYOUT_RUN_TRIGGERS)[number];
export const PAYOUT_RUN_STATUSES = ['running', 'completed'] as const;
export type PayoutRunStatus = (typeof PAYOUT_RUN_STATUSES)[number];

/** One pass over every tutor's available balances: plans payouts, sends them, completes. */
@Entity({ schema: 'billing', name: 'payout_runs' })
export class PayoutRunEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text') trigger: PayoutRunTrigger;
  @Column('uuid', { nullable: true }) requestedBy: string | null;
  @Column('text') status: PayoutRunStatus;
  @Column('text', { nullable: true }) scheduledFor: string | null;
  @Column('timestamptz') startedAt: Date;
  @Column('timestamptz', { nullable: true }) completedAt: Date | null;
  @Column('int', { nullable: true }) plannedCount: number | null;
  @Column('int', { nullable: true }) sentCount: number | null;
  @Column('int', { nullable: true }) failedCount: number | null;

  /** The weekly schedule's run for the week of `now`. */
  static scheduled(now: Date): PayoutRunEntity {
    return PayoutRunEntity.start('schedule', null, isoWeek(now), now);
  }

  /** A run an admin asked for. */
  static requested(adminId: string, now: Date): PayoutRunEntity {
    return PayoutRunEntity.start('admin', adminId, null, now);
  }

  private static start(
    trigger: PayoutRunTrigger,
    requestedBy: string | null,
    scheduledFor: string | null,
    now: Date,
  ): PayoutRunEntity {
    return Object.assign(new PayoutRunEntity(), {
      id: newId(),
      trigger,
      requestedBy,
      status: 'running',
      scheduledFor,
      startedAt: now,
      completedAt: null,
      plannedCount: null,
      sentCount: null,
      failedCount: null,
    });
  }

  get isRunning(): boolean {
    return this.status === 'running';
  }

  complete(counts: { planned: number; sent: number; failed: number }, at: Date): void {
    if (!this.isRunning) throw new Error(`payout run ${this.id} is already completed`);
    Object.assign(this, {
      status: 'completed',
      completedAt: at,
      plannedCount: counts.planned,
      sentCount: counts.sent,
      failedCount: counts.failed,
    });
  }
}
