import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { discoverMethods } from '../discovery/method-discovery.js';
import {
  declaredJobs,
  jobKey,
  type JobContext,
  type JobDefinition,
  type QueueName,
} from './job-definition.js';
import { JOB_HANDLER_METADATA, SkipJob } from './job-handler.decorator.js';

export type JobHandlerFn = (payload: unknown, context: JobContext) => Promise<unknown>;

/** Finds `@JobHandler` methods at boot and runs the right one for a job, whatever the driver. */
@Injectable()
export class JobHandlerRegistry implements OnModuleInit {
  private readonly logger = new Logger('Jobs');
  private readonly handlers = new Map<string, JobHandlerFn>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  onModuleInit(): void {
    for (const { metadata: job, handler } of discoverMethods<JobDefinition<unknown>>(
      this.discovery,
      this.scanner,
      JOB_HANDLER_METADATA,
    )) {
      this.register(job.queue, job.name, handler);
    }
  }

  register(queue: QueueName, name: string, handler: JobHandlerFn): void {
    const key = jobKey(queue, name);
    if (this.handlers.has(key)) throw new Error(`Two @JobHandler methods handle the job ${key}`);
    this.handlers.set(key, handler);
  }

  /** The worker calls this at boot: a declared job nobody handles would wait forever. */
  assertEveryJobHasAHandler(): void {
    const missing = declaredJobs().filter((job) => !this.handlers.has(jobKey(job.queue, job.name)));
    if (missing.length > 0) {
      const names = missing.map((job) => jobKey(job.queue, job.name)).join(', ');
      throw new Error(
        `No handler for job(s) ${names}: add a method decorated with @JobHandler(<job>)`,
      );
    }
  }

  async run(
    queue: QueueName,
    name: string,
    payload: unknown,
    context: JobContext,
  ): Promise<unknown> {
    const handler = this.handlers.get(jobKey(queue, name));
    if (!handler) throw new Error(`No handler for job ${jobKey(queue, name)}`);
    try {
      return await handler(payload, context);
    } catch (error) {
      if (error instanceof SkipJob) {
        this.logger.warn(`Skipped job ${jobKey(queue, name)} (${context.jobId}): ${error.message}`);
        return undefined;
      }
      throw error;
    }
  }
}
