import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Cron, CronExpression } from '@nestjs/schedule';
import type { Environment } from '../config/environment.js';
import { defineJob } from '../jobs/job-definition.js';
import { JobHandler } from '../jobs/job-handler.decorator.js';
import { JobQueue } from '../jobs/job-queue.js';
import { EventStore } from './event-store.js';

export const PurgeOldEvents = defineJob<{ olderThanDays: number }>(
  'domain-events',
  'platform.purge-old-events',
);

/** Keeps published events for the retention (replay needs them), then deletes them nightly. */
@Injectable()
export class OutboxMaintenance {
  private readonly logger = new Logger('OutboxMaintenance');

  constructor(
    private readonly jobs: JobQueue,
    private readonly events: EventStore,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  /** Worker only (the schedule module is loaded there); it only enqueues. */
  @Cron(CronExpression.EVERY_DAY_AT_3AM)
  async schedulePurge(): Promise<void> {
    const day = new Date().toISOString().slice(0, 10);
    await this.jobs.enqueue(
      PurgeOldEvents,
      { olderThanDays: this.config.get('OUTBOX_RETENTION_DAYS', { infer: true }) },
      { jobId: `purge-old-events:${day}` },
    );
  }

  @JobHandler(PurgeOldEvents)
  async purge({ olderThanDays }: { olderThanDays: number }): Promise<void> {
    const deleted = await this.events.purgeOlderThan(olderThanDays);
    this.logger.log(`Purged ${deleted} published events older than ${olderThanDays} days`);
  }
}
