import { Injectable, Optional, type BeforeApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { OutboxRelay } from './events/outbox-relay.js';
import { JobQueue } from './jobs/job-queue.js';

/**
 * What must stop while the pool is still open, in order: schedules (they enqueue), the outbox
 * relay (it reads the outbox and enqueues), then job processing (running jobs finish). Nest
 * closes global modules in no fixed order, so the pool may close before any of their own
 * shutdown hooks; this runs in the phase before, once for all of them. Enqueuing stays open
 * until the queues close, after the HTTP server has let its in-flight requests finish.
 */
@Injectable()
export class ShutdownSequence implements BeforeApplicationShutdown {
  constructor(
    private readonly relay: OutboxRelay,
    private readonly jobs: JobQueue,
    @Optional() private readonly schedules?: SchedulerRegistry,
  ) {}

  async beforeApplicationShutdown(): Promise<void> {
    if (this.schedules) {
      for (const cron of this.schedules.getCronJobs().values()) void cron.stop();
      for (const name of this.schedules.getIntervals()) this.schedules.deleteInterval(name);
      for (const name of this.schedules.getTimeouts()) this.schedules.deleteTimeout(name);
    }
    await this.relay.stop();
    await this.jobs.stopProcessing();
  }
}
