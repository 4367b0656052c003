import { Injectable } from '@nestjs/common';
import { Clock } from '../time/clock.js';
import { newId } from '../ids.js';
import { noteEventWritten, type Transaction } from '../database/transaction.js';
import type { DomainEvent, EventDefinition } from './domain-event.js';
import { EventCatalogue } from './event-catalogue.js';

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
  constructor(
    private readonly clock: Clock,
    private readonly catalogue: EventCatalogue,
  ) {}

  /** Writes the event to the outbox in `tx`. An event no context of this app declares is refused. */
  async publish<Payload>(
    tx: Transaction,
    event: EventDefinition<Payload>,
    input: PublishInput<Payload>,
  ): Promise<DomainEvent<Payload>> {
    this.catalogue.assertDeclared(event);
    const published: DomainEvent<Payload> = {
      id: newId(),
      type: event.type,
      version: event.version,
      occurredAt: this.clock.now().toISOString(),
      aggregateId: input.aggregateId,
      actorId: input.actorId ?? null,
      payload: input.payload,
    };
    // One plain INSERT: TypeORM's insert() builds a query builder per event (metadata lookups,
    // parameter rewriting) for what is always the same statement.
    await tx.manager.query(
      `INSERT INTO platform.outbox (id, type, version, aggregate_id, actor_id, payload, occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)`,
      [
        published.id,
        published.type,
        published.version,
        published.aggregateId,
        published.actorId,
        JSON.stringify(published.payload),
        published.occurredAt,
      ],
    );
    noteEventWritten(tx);
    return published;
  }
}
