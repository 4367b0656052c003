// The platform's public API: the shared kernel every context and app builds on.
export { PlatformModule, type PlatformOptions } from './platform.module.js';
export { Environment } from './config/environment.js';
export {
  ConfigValidationError,
  defineSettings,
  validateAllSettings,
  type CrossFieldRules,
  type PlatformFacts,
} from './config/settings.js';
export { booleanSetting, emptyMeansUnset, integerSetting } from './config/setting-transforms.js';
export { loadEnvironmentOrExit } from './config/load-environment.js';
export { buildDataSourceOptions, type DatabaseDefinition } from './database/data-source-options.js';
export { SnakeNamingStrategy } from './database/snake-naming.strategy.js';
export { UnitOfWork } from './database/unit-of-work.js';
export { SqlReader, type SqlQueryable } from './database/sql-reader.js';
export type { Transaction } from './database/transaction.js';
export {
  pgError,
  PG_DEADLOCK_DETECTED,
  PG_EXCLUSION_VIOLATION,
  PG_FOREIGN_KEY_VIOLATION,
  PG_UNIQUE_VIOLATION,
} from './database/pg-errors.js';
export {
  defineEvent,
  type DomainEvent,
  type EventDefinition,
  type PayloadOf,
} from './events/domain-event.js';
export { EventCatalogue, publishesEvents } from './events/event-catalogue.js';
export { EventBus, type PublishInput } from './events/event-bus.js';
export { EventStore } from './events/event-store.js';
export { OnEvent, type EventHandler, type SubscriberOptions } from './events/on-event.decorator.js';
export { OutboxRelay } from './events/outbox-relay.js';
export { OutboxEventEntity } from './events/outbox-event.entity.js';
export { InboxEntryEntity } from './events/inbox-entry.entity.js';
export { SubscriberRegistry } from './events/subscriber.registry.js';
export { PurgeOldEvents } from './events/outbox-maintenance.js';
export {
  defineJob,
  QUEUE_NAMES,
  type QueueName,
  type JobDefinition,
  type JobOptions,
  type JobContext,
} from './jobs/job-definition.js';
export { JobHandler, SkipJob } from './jobs/job-handler.decorator.js';
export { JobHandlerRegistry } from './jobs/job-handler.registry.js';
export { JobQueue, type QueueCounts, type FailedJob } from './jobs/job-queue.js';
export { PROCESS_ROLE, type ProcessRole } from './jobs/jobs.module.js';
export {
  DomainError,
  ResourceNotFoundError,
  STATUS_BY_KIND,
  type ErrorKind,
} from './http/domain-error.js';
export { ProblemDto, FieldErrorDto, PROBLEM_CONTENT_TYPE, type Problem } from './http/problem.js';
export { ApiProblems } from './http/api-problems.decorator.js';
export { DependencyUnavailableError, type Dependency } from './http/dependency-errors.js';
export {
  PageQueryDto,
  PageMetaDto,
  ApiPageResponse,
  toPage,
  pageOffset,
  type Page,
  readPage,
} from './http/pagination.js';
export { createHttpApp, configureHttpApp, createFastifyAdapter } from './http/create-http-app.js';
export { closeOnSignals } from './http/graceful-shutdown.js';
export { RequestValidationError, createValidationPipe } from './http/validation.js';
export { IsInstant, IsInstantOrDate } from './http/instant.js';
export { MultiLine } from './http/careless-input.js';
export {
  csvCell,
  csvDocument,
  csvField,
  csvLine,
  CSV_CONTENT_TYPE,
  type CsvValue,
} from './http/csv.js';
export { negotiateMediaType } from './http/media-type.js';
export { ParseIdPipe } from './http/parse-id.pipe.js';
export { ROLES, type Role, type AuthUser } from './auth/auth-user.js';
export { Public, Roles, CurrentUser } from './auth/auth.decorators.js';
export { JwtAuthGuard } from './auth/jwt-auth.guard.js';
export { ACCESS_TOKEN_STRATEGY } from './auth/strategy-attempt.js';
export { RolesGuard } from './auth/roles.guard.js';
export { isAdmin, mayView, scopeToParticipant } from './auth/participants.js';
export { REDIS, type RedisConnection } from './redis/redis.module.js';
export { PubSub } from './redis/pub-sub.js';
export { MetricsService } from './metrics/metrics.service.js';
export { createLogger, PinoNestLogger } from './logging/logger.js';
export { Clock, ControllableClock } from './time/clock.js';
export { SECOND_MS, MINUTE_MS, HOUR_MS, DAY_MS } from './time/durations.js';
export { CURRENCY_CODE, money, type Money } from './money/money.js';
export { MoneyDto } from './money/money.dto.js';
export { newId } from './ids.js';
export {
  Mailer,
  CapturingMailer,
  MailRejectedError,
  SendMail,
  type CapturedMail,
  type MailMessage,
} from './mail/mailer.js';
export { RateLimiter, type RateLimitResult } from './http/rate-limiter.js';
export { Idempotent } from './idempotency/idempotent.decorator.js';
export {
  IdempotencyKeyMissingError,
  IdempotencyKeyReusedError,
  IdempotencyRequestInFlightError,
} from './idempotency/idempotency-key.js';
