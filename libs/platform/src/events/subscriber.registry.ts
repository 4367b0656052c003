import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { UnitOfWork } from '../database/unit-of-work.js';
import { discoverMethods } from '../discovery/method-discovery.js';
import type { Transaction } from '../database/transaction.js';
import { JobHandlerRegistry } from '../jobs/job-handler.registry.js';
import type { DomainEvent } from './domain-event.js';
import { EventCatalogue } from './event-catalogue.js';
import { ON_EVENT_METADATA, type Subscription } from './on-event.decorator.js';

export const DOMAIN_EVENTS_QUEUE = 'domain-events' as const;

type SubscriberFn = (event: DomainEvent, tx: Transaction) => Promise<unknown>;

/**
 * Finds `@OnEvent` methods at boot. Each is a subscriber under the name it declares, with its
 * own job on the `domain-events` queue (the job name is the subscriber name), so one
 * subscriber's failures never hold back another. Boot fails on two subscribers with one name and
 * on a subscription to an event no context of this app declares.
 */
@Injectable()
export class SubscriberRegistry implements OnModuleInit {
  private readonly subscribersByType = new Map<string, string[]>();
  private readonly methodBySubscriber = new Map<string, string>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly jobs: JobHandlerRegistry,
    private readonly unitOfWork: UnitOfWork,
    private readonly catalogue: EventCatalogue,
  ) {}

  onModuleInit(): void {
    const problems: string[] = [];
    const found = discoverMethods<Subscription>(this.discovery, this.scanner, ON_EVENT_METADATA);
    for (const { metadata: subscription, className, methodName } of found) {
      const method = `${className}.${methodName}`;
      const other = this.methodBySubscriber.get(subscription.name);
      if (other) problems.push(`${other} and ${method} are both named ${subscription.name}`);
      this.methodBySubscriber.set(subscription.name, method);
      if (!this.catalogue.declares(subscription.event)) {
        const { type, version } = subscription.event;
        problems.push(
          `subscriber ${subscription.name} (${method}) listens to ${type} v${version}, which no context of this app declares`,
        );
      }
    }
    if (problems.length > 0) {
      throw new Error(`Event subscriptions are wrong: ${problems.join('; ')}`);
    }
    for (const { metadata: subscription, handler } of found) {
      this.register(subscription, handler as SubscriberFn);
    }
  }

  private register({ event, name, formerNames = [] }: Subscription, handler: SubscriberFn): void {
    this.subscribersByType.set(event.type, [
      ...(this.subscribersByType.get(event.type) ?? []),
      name,
    ]);
    // A job queued under a former name is this subscriber's too: it runs (and records) as `name`.
    for (const jobName of [name, ...formerNames]) {
      this.jobs.register(DOMAIN_EVENTS_QUEUE, jobName, (payload) =>
        this.deliver(name, payload as DomainEvent, handler),
      );
    }
  }

  subscribersOf(type: string): string[] {
    return this.subscribersByType.get(type) ?? [];
  }

  typesOf(subscriber: string): string[] {
    return [...this.subscribersByType]
      .filter(([, names]) => names.includes(subscriber))
      .map(([type]) => type);
  }

  /** Runs the handler once per (subscriber, event): the inbox row and the handler's writes commit together. */
  private deliver(subscriber: string, event: DomainEvent, handler: SubscriberFn): Promise<void> {
    return this.unitOfWork.run(async (tx) => {
      const claimed = (await tx.manager.query(
        `INSERT INTO platform.inbox (subscriber, event_id, processed_at) VALUES ($1, $2, now())
         ON CONFLICT DO NOTHING RETURNING event_id`,
        [subscriber, event.id],
      )) as unknown[];
      if (claimed.length === 0) return;
      await handler(event, tx);
    });
  }
}
