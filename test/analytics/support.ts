import { UnitOfWork, type DomainEvent, type Transaction } from '@etutors/platform';
import { AnalyticsProjections } from '../../libs/analytics/src/application/analytics-projections.js';
import { AnalyticsSubscribers } from '../../libs/analytics/src/application/analytics.subscribers.js';
import { READ_MODEL_TABLES } from '../../libs/analytics/src/application/read-model-rebuild.js';
import { eventually, type TestApp } from '../support/test-app.js';

/** Every analytics table (read models and reports), each row as JSON, rows sorted: comparable with `toEqual`. */
export async function analyticsTables(
  t: TestApp,
  tables: readonly string[] = [...READ_MODEL_TABLES, 'analytics.reports'],
): Promise<Record<string, unknown[]>> {
  const contents: Record<string, unknown[]> = {};
  for (const table of tables) {
    const rows = (await t.dataSource.query(
      `SELECT to_jsonb(r) AS row, (to_jsonb(r))::text AS text FROM ${table} r ORDER BY 2`,
    )) as { row: unknown }[];
    contents[table] = rows.map(({ row }) => row);
  }
  return contents;
}

const projectedTypes = (t: TestApp) => [...t.get(AnalyticsProjections).byType.keys()];

/** The events analytics projects, from the outbox, in the order they happened. */
export async function projectedEvents(t: TestApp): Promise<DomainEvent[]> {
  const rows = (await t.dataSource.query(
    `SELECT id, type, version, aggregate_id AS "aggregateId", actor_id AS "actorId", payload,
            occurred_at AS "occurredAt"
       FROM platform.outbox WHERE type = ANY($1) ORDER BY occurred_at, id`,
    [projectedTypes(t)],
  )) as (DomainEvent & { occurredAt: Date })[];
  return rows.map((row) => ({ ...row, occurredAt: new Date(row.occurredAt).toISOString() }));
}

/** Resolves once every projected event in the outbox has been through its analytics subscriber. */
export const analyticsCaughtUp = (t: TestApp) =>
  eventually(async () => {
    const [{ pending }] = (await t.dataSource.query(
      `SELECT count(*)::int AS pending FROM platform.outbox o
        WHERE o.type = ANY($1)
          AND NOT EXISTS (SELECT 1 FROM platform.inbox i
                           WHERE i.event_id = o.id AND i.subscriber LIKE 'analytics.%')`,
      [projectedTypes(t)],
    )) as { pending: number }[];
    return pending === 0;
  }, 20_000);

type SubscriberMethod = (event: DomainEvent, tx: Transaction) => Promise<void>;

/** Hands each event, one transaction each, to the app's analytics subscriber method for its type. */
export async function deliverToSubscribers(t: TestApp, events: DomainEvent[]): Promise<void> {
  const subscribers = t.get(AnalyticsSubscribers);
  const methods = new Map<string, SubscriberMethod>();
  const prototype = Object.getPrototypeOf(subscribers) as Record<string, unknown>;
  for (const name of Object.getOwnPropertyNames(prototype)) {
    const method = prototype[name];
    if (typeof method !== 'function') continue;
    const subscription = Reflect.getMetadata('etutors:on-event', method) as
      { event: { type: string } } | undefined;
    if (subscription) {
      methods.set(subscription.event.type, (method as SubscriberMethod).bind(subscribers));
    }
  }
  for (const event of events) {
    const method = methods.get(event.type);
    if (!method) throw new Error(`no analytics subscriber for ${event.type}`);
    await t.get(UnitOfWork).run((tx) => method(event, tx));
  }
}

/** Empties the read models (not reports), as a rebuild does first. */
export const truncateReadModels = (t: TestApp) =>
  t.dataSource.query(`TRUNCATE ${READ_MODEL_TABLES.join(', ')}`);
