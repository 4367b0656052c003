import type { DomainEvent, SqlQueryable } from '@etutors/platform';

interface OutboxRow {
  id: string;
  type: string;
  version: number;
  aggregate_id: string;
  actor_id: string | null;
  payload: unknown;
  occurred_at: Date;
}

/** Where a replay stands: the last event it read, in (occurred_at, id) order. */
export interface ReplayCursor {
  occurredAt: string;
  id: string;
}

/**
 * The next events of `types` after `cursor` from the platform's outbox, in the order they
 * happened (ties by id). The outbox keeps published events for the retention; older ones are gone.
 */
export async function readEventsAfter(
  db: SqlQueryable,
  types: readonly string[],
  cursor: ReplayCursor | null,
  limit: number,
): Promise<DomainEvent[]> {
  const rows = (await db.query(
    `SELECT id, type, version, aggregate_id, actor_id, payload, occurred_at
       FROM platform.outbox
      WHERE type = ANY($1::text[])
        AND ($2::timestamptz IS NULL OR occurred_at > $2 OR (occurred_at = $2 AND id > $3::uuid))
      ORDER BY occurred_at, id
      LIMIT $4`,
    [types, cursor?.occurredAt ?? null, cursor?.id ?? null, limit],
  )) as OutboxRow[];
  return rows.map((row) => ({
    id: row.id,
    type: row.type,
    version: row.version,
    occurredAt: row.occurred_at.toISOString(),
    aggregateId: row.aggregate_id,
    actorId: row.actor_id,
    payload: row.payload,
  }));
}
