import { Injectable } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import {
  Clock,
  defineJob,
  HOUR_MS,
  JobHandler,
  JobQueue,
  SkipJob,
  type AuthUser,
  type Page,
} from '@etutors/platform';
import { PayoutRunNotFoundError } from '../billing.errors.js';
import { PayoutRunEntity } from '../domain/payout-run.entity.js';
import type { PayoutStatus } from '../domain/payout.entity.js';
import {
  PayoutRepository,
  type PayoutCounts,
  type PayoutWithLessons,
} from '../infrastructure/payout.repository.js';
import { PayoutsService } from './payouts.service.js';

/** Plans, sends and completes one payout run; safe to run again, or twice at once. */
export const RunPayouts = defineJob<{ runId: string }>('billing', 'billing.payout-run');

/** Bull holds one job per run, however often the run is started. */
export const payoutRunJobId = (runId: string) => `payout-run:${runId}`;

/** Enough for a provider outage of several minutes (exponential backoff). */
const RUN_ATTEMPTS = 10;

/**
 * A run still running this long after it started has probably lost its job (attempts used up,
 * or the enqueue after its insert failed): starting a run then also queues the job again.
 */
const RUN_RESUME_AFTER_MS = HOUR_MS;

export interface PayoutRunView {
  run: PayoutRunEntity;
  counts: PayoutCounts;
}

/**
 * Starts payout runs (by an admin or the weekly schedule) and shows them. One run at a time:
 * starting while one runs hands back that run, so two starts at once behave as one.
 */
@Injectable()
export class PayoutRunsService {
  constructor(
    private readonly payouts: PayoutRepository,
    private readonly work: PayoutsService,
    private readonly jobs: JobQueue,
    private readonly clock: Clock,
  ) {}

  requestRun(admin: AuthUser): Promise<PayoutRunEntity> {
    return this.start(PayoutRunEntity.requested(admin.id, this.clock.now()));
  }

  /** Every Monday at 06:00 UTC; each instance's schedule fires, one run per ISO week results. */
  @Cron('0 6 * * 1', { name: 'billing.weekly-payout-run', timeZone: 'UTC' })
  async scheduleRun(): Promise<PayoutRunEntity> {
    return this.start(PayoutRunEntity.scheduled(this.clock.now()));
  }

  @JobHandler(RunPayouts)
  async run({ runId }: { runId: string }) {
    if (!(await this.payouts.findRun(runId))) throw new SkipJob(`payout run ${runId} is gone`);
    const planned = await this.work.plan(runId);
    // Also what an earlier attempt left pending: a crash before its commit is retried here.
    const sent = await this.work.sendPending();
    const completed = await this.work.complete(runId);
    return { planned, ...sent, completed };
  }

  async get(id: string): Promise<PayoutRunView> {
    const run = await this.payouts.findRun(id);
    if (!run) throw new PayoutRunNotFoundError();
    return { run, counts: await this.payouts.countsOfRun(id) };
  }

  list(
    status: PayoutStatus | undefined,
    page: { page: number; limit: number },
  ): Promise<Page<PayoutWithLessons>> {
    return this.payouts.page(status, page);
  }

  private async start(candidate: PayoutRunEntity): Promise<PayoutRunEntity> {
    // The insert loses to a run already running (or this week's scheduled one); that one may
    // complete between the insert and the look-up, so try again.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      if (await this.payouts.insertRun(candidate)) {
        await this.enqueue(candidate.id, payoutRunJobId(candidate.id));
        return candidate;
      }
      const existing =
        (await this.payouts.findRunning()) ??
        (candidate.scheduledFor
          ? await this.payouts.findScheduledFor(candidate.scheduledFor)
          : null);
      if (!existing) continue;
      if (existing.isRunning) await this.resumeIfStale(existing);
      return existing;
    }
    throw new Error('could neither start a payout run nor find the one in its way');
  }

  private async resumeIfStale(run: PayoutRunEntity): Promise<void> {
    const age = this.clock.now().getTime() - run.startedAt.getTime();
    if (age < RUN_RESUME_AFTER_MS) return;
    const hour = Math.floor(this.clock.now().getTime() / HOUR_MS);
    await this.enqueue(run.id, `${payoutRunJobId(run.id)}:resume:${hour}`);
  }

  private enqueue(runId: string, jobId: string): Promise<void> {
    return this.jobs.enqueue(RunPayouts, { runId }, { jobId, attempts: RUN_ATTEMPTS });
  }
}
