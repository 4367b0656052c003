// Test-only routes, events, subscribers and jobs that exercise the platform.
import { Body, Controller, Get, Injectable, Module, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { IsEmail, IsInt, IsString, Max, Min } from 'class-validator';
import {
  DomainError,
  EventBus,
  JobHandler,
  OnEvent,
  Public,
  UnitOfWork,
  defineEvent,
  defineJob,
  publishesEvents,
  type DomainEvent,
  type JobContext,
  type Transaction,
} from '@etutors/platform';

export class EchoDto {
  @IsEmail() email: string;
  @IsString() name: string;
  @IsInt() @Min(1) @Max(5) rating: number;
}

class WidgetTakenError extends DomainError {
  readonly code = 'widget.taken';
  readonly kind = 'conflict' as const;
}

export interface WidgetCreatedPayload {
  widgetId: string;
  name: string;
}

export const WidgetCreated = defineEvent<WidgetCreatedPayload>('test.widget.created');

/** Subscriber names the tests look for in `platform.inbox`. */
export const AUDIT_SUBSCRIBER = 'test.audit-widget';
export const FLAKY_SUBSCRIBER = 'test.flaky-widget';

@ApiTags('platform')
@Controller('test')
export class FixturesController {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly events: EventBus,
  ) {}

  @Public()
  @Post('echo')
  echo(@Body() body: EchoDto) {
    return { ...body, kind: body.constructor.name };
  }

  @Get('private')
  private() {
    return { secret: true };
  }

  @Public()
  @Get('conflict')
  conflict() {
    throw new WidgetTakenError('That widget is taken', { widgetId: 'w-1' });
  }

  @Public()
  @Get('crash')
  async crash() {
    await this.unitOfWork.run((tx) => tx.manager.query('SELECT * FROM table_that_does_not_exist'));
  }

  @Public()
  @Post('widgets')
  async createWidget(@Body() body: { name?: string }) {
    return this.unitOfWork.run(async (tx) => {
      const event = await this.events.publish(tx, WidgetCreated, {
        aggregateId: 'widget-1',
        payload: { widgetId: 'widget-1', name: String(body?.name ?? 'w') },
      });
      return { eventId: event.id };
    });
  }
}

/** Records what subscribers saw; the "flaky" one throws on its first two deliveries. */
@Injectable()
export class RecordingSubscribers {
  readonly audit: string[] = [];
  readonly flakyAttempts = new Map<string, number>();
  readonly flakySeen: string[] = [];

  // Its name before subscribers named themselves: a job queued under it still runs here.
  @OnEvent(WidgetCreated, { name: AUDIT_SUBSCRIBER, formerNames: ['RecordingSubscribers.audited'] })
  async audited(event: DomainEvent<WidgetCreatedPayload>, tx: Transaction): Promise<void> {
    await tx.manager.query('SELECT 1');
    this.audit.push(event.id);
  }

  @OnEvent(WidgetCreated, { name: FLAKY_SUBSCRIBER })
  async flaky(event: DomainEvent<WidgetCreatedPayload>): Promise<void> {
    const attempts = (this.flakyAttempts.get(event.id) ?? 0) + 1;
    this.flakyAttempts.set(event.id, attempts);
    if (attempts <= 2) throw new Error(`flaky failure ${attempts}`);
    this.flakySeen.push(event.id);
  }
}

/** An event no context of the app declares: subscribing to it, or publishing it, is refused. */
export const GadgetCreated = defineEvent<{ gadgetId: string }>('test.gadget.created');

@Injectable()
class GadgetSubscriber {
  @OnEvent(GadgetCreated, { name: 'test.count-gadget' })
  async counted(_event: DomainEvent<{ gadgetId: string }>): Promise<void> {}
}

/** Subscribes to an event nobody declares: the app must refuse to boot with it. */
@Module({ providers: [GadgetSubscriber] })
export class UndeclaredEventSubscriberModule {}

@Injectable()
class SecondAuditSubscriber {
  @OnEvent(WidgetCreated, { name: AUDIT_SUBSCRIBER })
  async alsoAudited(_event: DomainEvent<WidgetCreatedPayload>): Promise<void> {}
}

/** Takes a name `RecordingSubscribers` already uses: the app must refuse to boot with it. */
@Module({ providers: [SecondAuditSubscriber] })
export class DuplicateSubscriberNameModule {}

export const FlakyJob = defineJob<{ key: string; failTimes: number }>('reports', 'test.flaky-job');
export const SlowJob = defineJob<{ key: string; ms: number }>('reports', 'test.slow-job');

@Injectable()
export class RecordingJobs {
  readonly runs: { key: string; attempt: number; driver?: string }[] = [];
  readonly done: string[] = [];

  @JobHandler(FlakyJob)
  async run(payload: { key: string; failTimes: number }, context: JobContext): Promise<void> {
    this.runs.push({ key: payload.key, attempt: context.attempt });
    if (context.attempt <= payload.failTimes) throw new Error(`attempt ${context.attempt} fails`);
    this.done.push(payload.key);
  }

  @JobHandler(SlowJob)
  async slow(payload: { key: string; ms: number }, context: JobContext): Promise<void> {
    this.runs.push({ key: payload.key, attempt: context.attempt });
    await new Promise((resolve) => setTimeout(resolve, payload.ms));
    this.done.push(payload.key);
  }
}

@Module({
  controllers: [FixturesController],
  providers: [publishesEvents('test', { WidgetCreated }), RecordingSubscribers, RecordingJobs],
})
export class PlatformFixturesModule {}
