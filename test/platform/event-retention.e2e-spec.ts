import { EventBus, EventStore, OutboxRelay, UnitOfWork } from '@etutors/platform';
import { eventually, startTestApp, type TestApp } from '../support/test-app.js';
import {
  AUDIT_SUBSCRIBER,
  PlatformFixturesModule,
  RecordingSubscribers,
  WidgetCreated,
} from './support/fixtures.js';
import { watchFinishedJobs } from './support/finished-jobs.js';

describe('kept events: retention and replay', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ imports: [PlatformFixturesModule] });
  });
  afterAll(() => t.close());

  const publish = (name: string) =>
    t
      .get(UnitOfWork)
      .run(
        async (tx) =>
          (
            await t
              .get(EventBus)
              .publish(tx, WidgetCreated, { aggregateId: name, payload: { widgetId: name, name } })
          ).id,
      );

  it('keeps published events inside the retention and purges older ones', async () => {
    const fresh = await publish('fresh');
    const old = await publish('old');
    await t.get(OutboxRelay).drain();
    await t.dataSource.query(
      `UPDATE platform.outbox SET occurred_at = now() - interval '31 days' WHERE id = $1`,
      [old],
    );

    const purged = await t.get(EventStore).purgeOlderThan(30);

    expect(purged).toBeGreaterThanOrEqual(1);
    const left = await t.dataSource.query(
      'SELECT id FROM platform.outbox WHERE id = ANY($1::uuid[])',
      [[fresh, old]],
    );
    expect(left).toEqual([{ id: fresh }]);
  });

  it('replays kept events to one subscriber, which handles each again exactly once', async () => {
    const subscribers = t.get(RecordingSubscribers);
    const id = await publish('replayed');
    await eventually(() => subscribers.audit.includes(id));

    const finished = watchFinishedJobs(t);
    try {
      const replayed = await t
        .get(EventStore)
        .replay(AUDIT_SUBSCRIBER, new Date(Date.now() - 60_000));

      expect(replayed).toBeGreaterThanOrEqual(1);
      // Every replay job of this event has run (the replay enqueues one per kept event).
      const replayJob = `${id}:${AUDIT_SUBSCRIBER}:replay-`;
      await eventually(() => [...finished.ids].some((jobId) => jobId.startsWith(replayJob)));
      expect(subscribers.audit.filter((seen) => seen === id)).toHaveLength(2);
    } finally {
      finished.stop();
    }
    await expect(t.get(EventStore).replay('Nobody.listens', new Date())).rejects.toThrow(
      'Unknown subscriber',
    );
  });

  it('never purges an event that is still waiting to be relayed', async () => {
    // Last in this file: the app's relay is stopped so the row really stays unpublished.
    await t.get(OutboxRelay).stop();
    await t.dataSource.query(
      `INSERT INTO platform.outbox (id, type, version, aggregate_id, payload, occurred_at)
       VALUES ('00000000-0000-7000-8000-000000000001', 'test.unrouted.happened', 1, 'x', '{}', now() - interval '90 days')`,
    );
    await t.get(EventStore).purgeOlderThan(30);
    const [row] = await t.dataSource.query(
      `SELECT published_at FROM platform.outbox WHERE id = '00000000-0000-7000-8000-000000000001'`,
    );
    expect(row).toEqual({ published_at: null });
  });
});
