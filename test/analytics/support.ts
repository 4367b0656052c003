import { UnitOfWork, type DomainEvent, type Transaction } from '@etutors/platform';
import { AnalyticsProjections } from '../../libs/analytics/src/application/analytics-projections.js';
import { AnalyticsSubscribers } from '../../libs/analytics/src/application/analytics.subscribers.js';
import { READ_MODEL_TABLES } from '../../libs/analytics/src/infrastructure/read-model-tables.js';
import type { Actor } from '../support/given.js';
import { eventually, type TestApp } from '../support/test-app.js';
import { DAY, HOUR } from '../scheduling/support.js';

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

/** Tomorrow 09:00 UTC, and `at(days, hours)` after it: every event of a story happens at a moment the test sets. */
export function storyCalendar(now = new Date()) {
  const day0 = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 9));
  const at = (days: number, hours = 9) =>
    new Date(day0.getTime() + days * DAY + (hours - 9) * HOUR);
  return { day0, at };
}

/** The tutor completes the lesson of `bookingId` once it exists, and the student reviews it. */
export async function completeAndReviewLesson(
  t: TestApp,
  student: Actor,
  tutor: Actor,
  bookingId: string,
  rating: number,
): Promise<void> {
  const lesson = await eventually(async () => {
    const res = await t.http().get('/api/v1/lessons').query({ bookingId }).set(student.auth);
    return res.body.data[0] as { id: string } | undefined;
  });
  await t.http().post(`/api/v1/lessons/${lesson.id}/complete`).set(tutor.auth).expect(200);
  await t
    .http()
    .post(`/api/v1/lessons/${lesson.id}/review`)
    .set(student.auth)
    .send({ rating })
    .expect(201);
}
