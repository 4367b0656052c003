import {
  Global,
  Inject,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DiscoveryModule } from '@nestjs/core';
import type { Environment } from '../config/environment.js';
import { BullJobQueue } from './drivers/bull-job-queue.js';
import { InlineJobQueue } from './drivers/inline-job-queue.js';
import { JobHandlerRegistry } from './job-handler.registry.js';
import { PROCESS_ROLE, processesJobsHere, type ProcessRole } from './process-role.js';
import { JobQueue } from './job-queue.js';

export { PROCESS_ROLE, type ProcessRole } from './process-role.js';

/**
 * Chooses the job driver at boot (`REDIS_URL` set → bull, unset → inline) and starts processing
 * where this process should: always in the worker, in the API only for the inline driver or
 * when `JOBS_PROCESS_IN_API` is on.
 */
@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [
    JobHandlerRegistry,
    {
      provide: JobQueue,
      inject: [ConfigService, JobHandlerRegistry],
      useFactory: (
        config: ConfigService<Environment, true>,
        registry: JobHandlerRegistry,
      ): JobQueue => {
        const redisUrl = config.get('REDIS_URL', { infer: true });
        const attempts = config.get('JOBS_ATTEMPTS', { infer: true });
        const backoffMs = config.get('JOBS_BACKOFF_MS', { infer: true });
        if (!redisUrl) return new InlineJobQueue({ attempts, backoffMs }, registry);
        return new BullJobQueue(
          {
            redisUrl,
            prefix: config.get('QUEUE_PREFIX', { infer: true }),
            attempts,
            backoffMs,
            concurrency: config.get('JOBS_CONCURRENCY', { infer: true }),
          },
          registry,
        );
      },
    },
  ],
  exports: [JobQueue, JobHandlerRegistry],
})
export class JobsModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Jobs');

  constructor(
    private readonly jobs: JobQueue,
    private readonly registry: JobHandlerRegistry,
    private readonly config: ConfigService<Environment, true>,
    @Inject(PROCESS_ROLE) private readonly role: ProcessRole,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.jobs.driver === 'inline') {
      this.logger.warn(
        'REDIS_URL is not set: jobs run in-process (inline driver) and are lost on restart',
      );
    } else {
      this.logger.log('Job driver: bull (Redis)');
    }
    const processHere = processesJobsHere(
      this.role,
      this.jobs.driver,
      this.config.get('JOBS_PROCESS_IN_API', { infer: true }),
    );
    if (this.role === 'worker') this.registry.assertEveryJobHasAHandler();
    if (processHere) await this.jobs.startProcessing();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.jobs.close();
  }
}
