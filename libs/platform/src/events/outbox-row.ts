import type { DomainEvent } from './domain-event.js';

/** The outbox columns as raw SQL returns them. */
export interface OutboxRow {
  id: string;
  type: string;
  version: number;
  aggregate_id: string;
  actor_id: string | null;
  payload: unknown;
  occurred_at: Date;
}

export const OUTBOX_COLUMNS = 'id, type, version, aggregate_id, actor_id, payload, occurred_at';

export const toDomainEvent = (row: OutboxRow): DomainEvent => ({
  id: row.id,
  type: row.type,
  version: row.version,
  occurredAt: row.occurred_at.toISOString(),
  aggregateId: row.aggregate_id,
  actorId: row.actor_id,
  payload: row.payload,
});
