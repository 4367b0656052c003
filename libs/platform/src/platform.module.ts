import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { DiscoveryModule } from '@nestjs/core';
import { ConfigService } from '@nestjs/config';
import { ScheduleModule } from '@nestjs/schedule';
import { ThrottlerModule } from '@nestjs/throttler';
import { JwtAuthGuard } from './auth/jwt-auth.guard.js';
import { RolesGuard } from './auth/roles.guard.js';
import { appConfigModule } from './config/config.module.js';
import type { Environment } from './config/environment.js';
import type { DatabaseDefinition } from './database/data-source-options.js';
import { DatabaseModule } from './database/database.module.js';
import { EventBus } from './events/event-bus.js';
import { EventCatalogue } from './events/event-catalogue.js';
import { EventStore } from './events/event-store.js';
import { OutboxMaintenance } from './events/outbox-maintenance.js';
import { OutboxRelay } from './events/outbox-relay.js';
import { OutboxSignal } from './events/outbox-signal.js';
import { SubscriberRegistry } from './events/subscriber.registry.js';
import { HealthModule } from './health/health.module.js';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor.js';
import { IdempotencyMaintenance } from './idempotency/idempotency-maintenance.js';
import { IdempotencyRecorder } from './idempotency/idempotency.recorder.js';
import { IdempotencyStore } from './idempotency/idempotency.store.js';
import { RedisThrottlerStorage } from './http/redis-throttler.storage.js';
import { MailModule } from './mail/mail.module.js';
import { RateLimiter } from './http/rate-limiter.js';
import { JobsModule, PROCESS_ROLE, type ProcessRole } from './jobs/jobs.module.js';
import { ShutdownSequence } from './shutdown-sequence.js';
import { MetricsController } from './metrics/metrics.controller.js';
import { MetricsService } from './metrics/metrics.service.js';
import { REDIS, RedisModule, type RedisConnection } from './redis/redis.module.js';
import { Clock } from './time/clock.js';

export interface PlatformOptions {
  role: ProcessRole;
  database: DatabaseDefinition;
}

/**
 * The shared kernel every app imports once: config, database, Redis, jobs, the event bus,
 * health, metrics, auth guards and rate-limit storage.
 */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        appConfigModule(),
        DatabaseModule.forRoot(options.database),
        RedisModule,
        DiscoveryModule,
        JobsModule,
        HealthModule,
        MailModule.forRoot({ mailbox: options.role === 'api' }),
        ThrottlerModule.forRootAsync({
          inject: [ConfigService, REDIS, Clock],
          useFactory: (
            config: ConfigService<Environment, true>,
            redis: RedisConnection,
            clock: Clock,
          ) => ({
            throttlers: [],
            storage: redis
              ? new RedisThrottlerStorage(redis, config.get('QUEUE_PREFIX', { infer: true }), clock)
              : undefined,
          }),
        }),
        // Schedules run in the worker; with no Redis (zero-set-up run) there is no worker, so the API runs them.
        ...(options.role === 'worker' || !process.env.REDIS_URL ? [ScheduleModule.forRoot()] : []),
      ],
      controllers: [MetricsController],
      providers: [
        { provide: PROCESS_ROLE, useValue: options.role },
        Clock,
        EventCatalogue,
        EventBus,
        SubscriberRegistry,
        OutboxSignal,
        OutboxRelay,
        ShutdownSequence,
        EventStore,
        OutboxMaintenance,
        MetricsService,
        RateLimiter,
        IdempotencyStore,
        IdempotencyInterceptor,
        IdempotencyRecorder,
        IdempotencyMaintenance,
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
      ],
      exports: [
        RateLimiter,
        IdempotencyInterceptor,
        IdempotencyStore,
        PROCESS_ROLE,
        Clock,
        EventCatalogue,
        EventBus,
        EventStore,
        OutboxRelay,
        SubscriberRegistry,
        MetricsService,
        ThrottlerModule,
      ],
    };
  }
}
