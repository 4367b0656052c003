import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { defineJob } from '../jobs/job-definition.js';
import { JobHandler } from '../jobs/job-handler.decorator.js';
import { JobQueue } from '../jobs/job-queue.js';
import { Clock } from '../time/clock.js';
import { IdempotencyStore } from './idempotency.store.js';

export const PurgeExpiredIdempotencyKeys = defineJob<Record<string, never>>(
  'domain-events',
  'platform.purge-expired-idempotency-keys',
);

/** Expired keys are claimed afresh on use anyway; the hourly purge only keeps the table small. */
@Injectable()
export class IdempotencyMaintenance {
  private readonly logger = new Logger('Idempotency');

  constructor(
    private readonly jobs: JobQueue,
    private readonly store: IdempotencyStore,
    private readonly clock: Clock,
  ) {}

  @Cron(CronExpression.EVERY_HOUR)
  async schedulePurge(): Promise<void> {
    const hour = this.clock.now().toISOString().slice(0, 13);
    await this.jobs.enqueue(
      PurgeExpiredIdempotencyKeys,
      {},
      { jobId: `purge-idempotency:${hour}` },
    );
  }

  @JobHandler(PurgeExpiredIdempotencyKeys)
  async purge(): Promise<void> {
    const deleted = await this.store.purgeExpired();
    if (deleted > 0) this.logger.log(`Purged ${deleted} expired idempotency keys`);
  }
}
