/** The queues of the platform; a job always belongs to one. */
export const QUEUE_NAMES = ['domain-events', 'notifications', 'billing', 'reports'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/** A job kind: its queue, its name and (at the type level) its payload. */
export interface JobDefinition<Payload> {
  readonly queue: QueueName;
  readonly name: string;
  /** Never set: carries the payload type so `enqueue` is type-checked. */
  readonly payload?: Payload;
}

export interface JobOptions {
  /** Same id, same job: Bull keeps only one while it exists. */
  jobId?: string;
  delayMs?: number;
  attempts?: number;
}

export interface JobContext {
  jobId: string;
  attempt: number;
}

const declared = new Map<string, JobDefinition<unknown>>();

export const jobKey = (queue: QueueName, name: string) => `${queue}:${name}`;

/**
 * Declares a job kind. Every declared kind must have a `@JobHandler` somewhere in the worker,
 * or the worker refuses to start (see `JobHandlerRegistry.assertEveryJobHasAHandler`).
 */
export function defineJob<Payload>(queue: QueueName, name: string): JobDefinition<Payload> {
  const definition: JobDefinition<Payload> = { queue, name };
  declared.set(jobKey(queue, name), definition);
  return definition;
}

export function declaredJobs(): JobDefinition<unknown>[] {
  return [...declared.values()];
}
