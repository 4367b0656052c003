import { UnitOfWork, type DomainEvent, type EventDefinition } from '@etutors/platform';
import { v5 as uuidv5 } from 'uuid';
import type { DataSource } from 'typeorm';
import { AnalyticsProjections } from '../application/analytics-projections.js';
import { DailyAggregates } from './daily-aggregates.js';
import { FactStore } from './fact-store.js';
import { FACT_TABLES } from './read-model-tables.js';

const NAMESPACE = '0d7c2e14-8b3f-4a61-9e25-7f4b1c6a3d98';

/**
 * One moment of the demo's history as the event it stands for, at the moment it happened. The
 * id follows from the type, the aggregate and the moment, so a later seed tells the same event.
 */
export function demoEvent<Payload>(
  definition: EventDefinition<Payload>,
  told: { at: Date; aggregateId: string; actorId?: string | null; payload: Payload },
): DomainEvent<Payload> {
  const occurredAt = told.at.toISOString();
  return {
    id: uuidv5(`${definition.type}:${told.aggregateId}:${occurredAt}`, NAMESPACE),
    type: definition.type,
    version: definition.version,
    occurredAt,
    aggregateId: told.aggregateId,
    actorId: told.actorId ?? null,
    payload: told.payload,
  };
}

const factCount = async (db: { query(sql: string): Promise<unknown> }): Promise<number> => {
  const [row] = (await db.query(
    `SELECT (${FACT_TABLES.map((table) => `(SELECT count(*) FROM ${table})`).join(' + ')})::int AS n`,
  )) as { n: number }[];
  return row!.n;
};

/**
 * The demo's history into the read models: the seeders write rows, not events, so their events
 * are told here and run, in the order they happened, through the projections the subscribers
 * use, in one transaction. They go nowhere else (not to the outbox): the other contexts already
 * hold what the events would have made them do. Idempotent, as the projections are: a second run
 * changes no row.
 */
export async function seedAnalytics(
  dataSource: DataSource,
  events: readonly DomainEvent[],
): Promise<string[]> {
  const projections = new AnalyticsProjections(new FactStore(), new DailyAggregates());
  const unfollowed = events.filter((event) => !projections.byType.has(event.type));
  if (unfollowed.length > 0) {
    throw new Error(
      `analytics follows no ${[...new Set(unfollowed.map((event) => event.type))].join(', ')}`,
    );
  }
  const ordered = [...events].sort(
    (a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.id.localeCompare(b.id),
  );
  const created = await new UnitOfWork(dataSource).run(async (tx) => {
    const before = await factCount(tx.manager);
    for (const event of ordered) await projections.project(event, tx.manager);
    return (await factCount(tx.manager)) - before;
  });
  return [
    `Analytics: ${events.length} demo events projected into the read models; ${created} facts created`,
  ];
}
