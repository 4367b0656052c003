import { Logger } from '@nestjs/common';
import { newId } from '../../ids.js';
import { QUEUE_NAMES, type JobOptions, type QueueName } from '../job-definition.js';
import type { JobHandlerRegistry } from '../job-handler.registry.js';
import { JobQueue, type FailedJob, type QueueCounts } from '../job-queue.js';

export interface InlineDriverSettings {
  attempts: number;
  backoffMs: number;
}

interface InlineJob {
  id: string;
  queue: QueueName;
  name: string;
  payload: unknown;
  attempts: number;
  attemptsMade: number;
}

const MAX_KEPT_FAILURES = 1000;

/**
 * In-process driver for the zero-set-up local run: the same handlers, attempts and exponential
 * backoff as Bull, without Redis. Jobs live in memory, so they do not survive a restart.
 */
export class InlineJobQueue extends JobQueue {
  readonly driver = 'inline' as const;
  private readonly logger = new Logger('Jobs');
  private readonly pending = new Map<string, InlineJob>();
  private readonly running = new Set<Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly failed: FailedJob[] = [];
  private processing = false;
  private closed = false;
  private readonly completed = new Map<QueueName, number>();

  constructor(
    private readonly settings: InlineDriverSettings,
    private readonly registry: JobHandlerRegistry,
  ) {
    super();
  }

  async add(
    queue: QueueName,
    name: string,
    payload: unknown,
    options: JobOptions = {},
  ): Promise<void> {
    const id = options.jobId ?? newId();
    if (this.pending.has(id) || this.closed) return;
    const job: InlineJob = {
      id,
      queue,
      name,
      payload,
      attempts: options.attempts ?? this.settings.attempts,
      attemptsMade: 0,
    };
    this.pending.set(id, job);
    this.schedule(job, options.delayMs ?? 0);
  }

  async startProcessing(): Promise<void> {
    this.processing = true;
  }

  private schedule(job: InlineJob, delayMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const run = this.execute(job).finally(() => this.running.delete(run));
      this.running.add(run);
    }, delayMs);
    this.timers.add(timer);
  }

  private async execute(job: InlineJob): Promise<void> {
    if (this.closed) return;
    if (!this.processing) return this.schedule(job, 50);
    job.attemptsMade += 1;
    try {
      // Payloads cross a serialization boundary under Bull; do the same here so handlers behave alike.
      const payload = JSON.parse(JSON.stringify(job.payload ?? null)) as unknown;
      await this.registry.run(job.queue, job.name, payload, {
        jobId: job.id,
        attempt: job.attemptsMade,
      });
      this.pending.delete(job.id);
      this.completed.set(job.queue, (this.completed.get(job.queue) ?? 0) + 1);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (job.attemptsMade < job.attempts) {
        this.schedule(job, this.settings.backoffMs * 2 ** (job.attemptsMade - 1));
        return;
      }
      this.pending.delete(job.id);
      this.logger.warn(
        `Job ${job.queue}:${job.name} (${job.id}) failed after ${job.attemptsMade} attempts: ${reason}`,
      );
      this.failed.push({
        id: job.id,
        queue: job.queue,
        name: job.name,
        failedReason: reason,
        attemptsMade: job.attemptsMade,
      });
      if (this.failed.length > MAX_KEPT_FAILURES) this.failed.shift();
    }
  }

  async counts(): Promise<Record<QueueName, QueueCounts>> {
    return Object.fromEntries(
      QUEUE_NAMES.map((queue) => {
        const jobs = [...this.pending.values()].filter((job) => job.queue === queue);
        return [
          queue,
          {
            waiting: jobs.length,
            active: 0,
            completed: this.completed.get(queue) ?? 0,
            failed: this.failed.filter((job) => job.queue === queue).length,
            delayed: 0,
          },
        ];
      }),
    ) as Record<QueueName, QueueCounts>;
  }

  async failedJobs(queue: QueueName): Promise<FailedJob[]> {
    return this.failed.filter((job) => job.queue === queue);
  }

  async stopProcessing(): Promise<void> {
    this.processing = false;
    await Promise.allSettled([...this.running]);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled([...this.running]);
  }
}
