import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { UnitOfWork } from '../database/unit-of-work.js';
import { discoverMethods } from '../discovery/method-discovery.js';
import type { Transaction } from '../database/transaction.js';
import { JobHandlerRegistry } from '../jobs/job-handler.registry.js';
import type { DomainEvent } from './domain-event.js';
import { ON_EVENT_METADATA } from './on-event.decorator.js';

export const DOMAIN_EVENTS_QUEUE = 'domain-events' as const;

type SubscriberFn = (event: DomainEvent, tx: Transaction) => Promise<unknown>;

/**
 * Finds `@OnEvent` methods at boot. Each becomes a named subscriber (`Class.method`) with its
 * own job on the `domain-events` queue, so one subscriber's failures never hold back another.
 */
@Injectable()
export class SubscriberRegistry implements OnModuleInit {
  private readonly subscribersByType = new Map<string, string[]>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly jobs: JobHandlerRegistry,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  onModuleInit(): void {
    for (const { metadata: type, className, methodName, handler } of discoverMethods<string>(
      this.discovery,
      this.scanner,
      ON_EVENT_METADATA,
    )) {
      this.register(type, `${className}.${methodName}`, handler as SubscriberFn);
    }
  }

  register(type: string, subscriber: string, handler: SubscriberFn): void {
    this.subscribersByType.set(type, [...(this.subscribersByType.get(type) ?? []), subscriber]);
    this.jobs.register(DOMAIN_EVENTS_QUEUE, subscriber, (payload) =>
      this.deliver(subscriber, payload as DomainEvent, handler),
    );
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
