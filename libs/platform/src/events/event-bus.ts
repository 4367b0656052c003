import { Injectable } from '@nestjs/common';
import { Clock } from '../time/clock.js';
import { newId } from '../ids.js';
import { noteEventWritten, type Transaction } from '../database/transaction.js';
import type { DomainEvent, EventDefinition } from './domain-event.js';
import { OutboxEventEntity } from './outbox-event.entity.js';

export interface PublishInput<Payload> {
  aggregateId: string;
  actorId?: string | null;
  payload: Payload;
}

/**
 * Publishes domain events through the transactional outbox: the event row is written with the
 * caller's transaction, so it exists exactly when the change it describes was committed.
 */
@Injectable()
export class EventBus {
  constructor(private readonly clock: Clock) {}

  async publish<Payload>(
    tx: Transaction,
    event: EventDefinition<Payload>,
    input: PublishInput<Payload>,
  ): Promise<DomainEvent<Payload>> {
    const published: DomainEvent<Payload> = {
      id: newId(),
      type: event.type,
      version: event.version,
      occurredAt: this.clock.now().toISOString(),
      aggregateId: input.aggregateId,
      actorId: input.actorId ?? null,
      payload: input.payload,
    };
    await tx.manager.insert(OutboxEventEntity, {
      ...published,
      payload: published.payload as object,
      occurredAt: new Date(published.occurredAt),
      publishedAt: null,
    });
    noteEventWritten(tx);
    return published;
  }
}
