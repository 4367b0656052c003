import { Logger } from '@nestjs/common';
import Bull from 'bull';
import { Redis, type RedisOptions } from 'ioredis';
import { DependencyUnavailableError } from '../../http/dependency-errors.js';
import { QUEUE_NAMES, type JobOptions, type QueueName } from '../job-definition.js';
import type { JobHandlerRegistry } from '../job-handler.registry.js';
import { JobQueue, type FailedJob, type QueueCounts } from '../job-queue.js';

/**
 * A job whose worker died (SIGKILL, lost host) keeps its lock until `lockDuration`, then takes
 * two stall checks to go back to waiting: at Bull's defaults (30 s each) up to 90 s. These
 * bring it back within 40 s; a live worker renews its locks every `lockDuration / 2`.
 */
const STALL_DETECTION = { lockDuration: 20_000, stalledInterval: 10_000 };

/** How long enqueuing waits for a Redis connection that is not ready. */
const REDIS_WAIT_MS = 2000;

export interface BullDriverSettings {
  redisUrl: string;
  prefix: string;
  attempts: number;
  backoffMs: number;
  concurrency: number;
}

/** The production driver: one Bull queue per platform queue, on Redis. The only place Bull is imported. */
export class BullJobQueue extends JobQueue {
  readonly driver = 'bull' as const;
  private readonly logger = new Logger('Jobs');
  private readonly queues: Record<QueueName, Bull.Queue>;
  /** Every connection Bull asked for: ours to close, since Bull opens some after `close()` began. */
  private readonly connections = new Set<Redis>();
  private closing = false;
  private closed = false;

  constructor(
    private readonly settings: BullDriverSettings,
    private readonly registry: JobHandlerRegistry,
  ) {
    super();
    this.queues = Object.fromEntries(
      QUEUE_NAMES.map((name) => [
        name,
        new Bull(name, settings.redisUrl, {
          prefix: settings.prefix,
          createClient: (type, options) => this.connect(type, options),
          settings: STALL_DETECTION,
          defaultJobOptions: {
            attempts: settings.attempts,
            backoff: { type: 'exponential', delay: settings.backoffMs },
            removeOnComplete: true,
            removeOnFail: false,
          },
        }),
      ]),
    ) as Record<QueueName, Bull.Queue>;
    for (const queue of Object.values(this.queues)) {
      queue.on('error', (error?: Error) => {
        if (!this.closing) this.logger.error(`Queue ${queue.name}: ${error?.message}`);
      });
    }
  }

  async add(
    queue: QueueName,
    name: string,
    payload: unknown,
    options: JobOptions = {},
  ): Promise<void> {
    await this.connected(this.queues[queue]);
    await this.queues[queue].add(name, payload, {
      jobId: options.jobId,
      delay: options.delayMs,
      ...(options.attempts ? { attempts: options.attempts } : {}),
    });
  }

  /**
   * Bull's connection queues commands while Redis is away, and the caller would wait until it
   * returns: wait for it briefly (a connection still opening at boot), then refuse (a request
   * answers 503 naming Redis, the outbox relay tries again on its next pass).
   */
  private async connected(queue: Bull.Queue): Promise<void> {
    const client = queue.client;
    if (client.status === 'ready') return;
    let onReady: () => void = () => undefined;
    let timer: NodeJS.Timeout | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        onReady = resolve;
        client.once('ready', onReady);
        timer = setTimeout(() => reject(new DependencyUnavailableError('redis')), REDIS_WAIT_MS);
      });
    } finally {
      clearTimeout(timer);
      client.off('ready', onReady);
    }
  }

  async startProcessing(): Promise<void> {
    for (const [queueName, queue] of Object.entries(this.queues) as [QueueName, Bull.Queue][]) {
      this.handleWorkerNaming(queue);
      // The promise settles only when processing stops: it rejects when the queue is closed
      // while it is still connecting (a process stopped right after it started).
      queue
        .process('*', this.settings.concurrency, (job) =>
          this.registry.run(queueName, job.name, job.data, {
            jobId: String(job.id),
            attempt: job.attemptsMade + 1,
          }),
        )
        .catch((error: Error) => {
          if (!this.closing)
            this.logger.error(`Queue ${queueName} stopped processing: ${error.message}`);
        });
      queue.on('failed', (job, error) =>
        this.logger.warn(
          `Job ${queueName}:${job.name} (${job.id}) failed on attempt ${job.attemptsMade}: ${error.message}`,
        ),
      );
    }
  }

  /**
   * Bull's `process()` names its blocking connection (CLIENT SETNAME) without waiting for the
   * answer, so a queue closed before the answer comes rejects a promise nobody handles, which
   * ends the process (Node's default) or fails whichever test is running. Handle it here.
   */
  private handleWorkerNaming(queue: Bull.Queue): void {
    const named = queue as Bull.Queue & { setWorkerName?: () => Promise<void> };
    const setWorkerName = named.setWorkerName?.bind(queue);
    if (!setWorkerName) return;
    named.setWorkerName = () =>
      setWorkerName().catch((error: Error) => {
        if (!this.closing)
          this.logger.warn(`Queue ${queue.name}: cannot name the worker: ${error.message}`);
      });
  }

  async counts(): Promise<Record<QueueName, QueueCounts>> {
    const entries = await Promise.all(
      QUEUE_NAMES.map(async (name) => {
        const c = await this.queues[name].getJobCounts();
        return [
          name,
          {
            waiting: c.waiting,
            active: c.active,
            completed: c.completed,
            failed: c.failed,
            delayed: c.delayed,
          },
        ];
      }),
    );
    return Object.fromEntries(entries) as Record<QueueName, QueueCounts>;
  }

  async failedJobs(queue: QueueName): Promise<FailedJob[]> {
    const jobs = await this.queues[queue].getFailed();
    return jobs.map((job) => ({
      id: String(job.id),
      queue,
      name: job.name,
      failedReason: job.failedReason ?? '',
      attemptsMade: job.attemptsMade,
    }));
  }

  async stopProcessing(): Promise<void> {
    this.closing = true;
    const queues = Object.values(this.queues);
    await Promise.all(queues.map((queue) => queue.pause(true, true).catch(() => undefined)));
    await Promise.all(
      queues.map((queue) => queue.whenCurrentJobsFinished().catch(() => undefined)),
    );
  }

  async close(): Promise<void> {
    this.closing = true;
    const queues = Object.values(this.queues);
    // Pause (locally) first: a worker waiting for its next job then takes the closed connection
    // for the pause it is, instead of failing with it while bull closes.
    await Promise.all(queues.map((queue) => queue.pause(true, true).catch(() => undefined)));
    await Promise.all(queues.map((queue) => queue.close()));
    this.closed = true;
    for (const connection of this.connections) connection.disconnect();
  }

  /**
   * Bull opens its blocking connection lazily, and a queue closed right after `process()` can
   * open it after closing: Bull then never closes it and the process cannot exit. Owning the
   * connections lets `close()` end them all, and ends at once any opened after it.
   */
  private connect(type: 'client' | 'subscriber' | 'bclient', options?: RedisOptions): Redis {
    // Bull refuses retry limits on the blocking and subscriber connections (they wait forever).
    const connection = new Redis({
      ...options,
      ...(type === 'client' ? {} : { maxRetriesPerRequest: null }),
    });
    this.connections.add(connection);
    if (this.closed) connection.disconnect();
    return connection;
  }
}
