import { SetMetadata } from '@nestjs/common';
import type { JobDefinition } from './job-definition.js';

export const JOB_HANDLER_METADATA = 'etutors:job-handler';

/**
 * Marks a provider method as the handler of a job kind. The method receives the payload and a
 * `JobContext`; it must be idempotent (a job may run twice). Throw `SkipJob` when the job's
 * target is gone: the job is then completed, not retried.
 */
export const JobHandler = <Payload>(job: JobDefinition<Payload>): MethodDecorator =>
  SetMetadata(JOB_HANDLER_METADATA, job);

/** Thrown by a handler whose target no longer exists: the job ends without retries. */
export class SkipJob extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'SkipJob';
  }
}
