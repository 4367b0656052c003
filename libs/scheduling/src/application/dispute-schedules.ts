import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { Clock, JobHandler, JobQueue, defineJob } from '@etutors/platform';
import { DisputesService } from './disputes.service.js';

export const ResolveUncontestedAbsences = defineJob<Record<string, never>>(
  'billing',
  'scheduling.resolve-uncontested-absences',
);

/** A report of a tutor's absence the tutor did not contest in time is refunded in full. */
@Injectable()
export class DisputeSchedules {
  private readonly logger = new Logger('DisputeSchedules');

  constructor(
    private readonly jobs: JobQueue,
    private readonly disputes: DisputesService,
    private readonly clock: Clock,
  ) {}

  @Cron(CronExpression.EVERY_MINUTE)
  async enqueue(): Promise<void> {
    const minute = Math.floor(this.clock.now().getTime() / 60_000);
    await this.jobs.enqueue(
      ResolveUncontestedAbsences,
      {},
      { jobId: `resolve-uncontested-absences:${minute}` },
    );
  }

  /** Resolves what is due, batch by batch; returns how many cases it resolved. */
  @JobHandler(ResolveUncontestedAbsences)
  async resolveDue(): Promise<number> {
    let total = 0;
    for (
      let batch = await this.disputes.resolveUncontested();
      batch > 0;
      batch = await this.disputes.resolveUncontested()
    ) {
      total += batch;
    }
    if (total > 0) this.logger.log(`Refunded ${total} uncontested reports of a tutor's absence`);
    return total;
  }
}
