import type { JobDefinition, JobOptions, QueueName } from './job-definition.js';

export interface QueueCounts {
  waiting: number;
  active: number;
  completed: number;
  failed: number;
  delayed: number;
}

export interface FailedJob {
  id: string;
  queue: QueueName;
  name: string;
  failedReason: string;
  attemptsMade: number;
}

/**
 * The port contexts enqueue through. Two drivers: `bull` (Redis) and `inline` (in-process,
 * for the zero-set-up run). Contexts never see which one runs.
 */
export abstract class JobQueue {
  abstract readonly driver: 'bull' | 'inline';

  /** Enqueues a declared job kind; the payload is type-checked against the definition. */
  enqueue<Payload>(
    job: JobDefinition<Payload>,
    payload: Payload,
    options?: JobOptions,
  ): Promise<void> {
    return this.add(job.queue, job.name, payload, options);
  }

  abstract add(
    queue: QueueName,
    name: string,
    payload: unknown,
    options?: JobOptions,
  ): Promise<void>;

  /** Starts running handlers in this process. */
  abstract startProcessing(): Promise<void>;

  abstract counts(): Promise<Record<QueueName, QueueCounts>>;

  abstract failedJobs(queue: QueueName): Promise<FailedJob[]>;

  /**
   * Stops taking jobs in this process and waits for the running ones; enqueuing still works
   * (requests still in flight may add jobs for another process to run).
   */
  abstract stopProcessing(): Promise<void>;

  /** Stops taking jobs, lets running ones finish and releases connections. */
  abstract close(): Promise<void>;
}
