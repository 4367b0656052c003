import { EventBus, JobQueue, OutboxRelay, UnitOfWork, newId } from '@etutors/platform';
import { eventually, startTestApp, type TestApp } from '../support/test-app.js';
import {
  AUDIT_SUBSCRIBER,
  DuplicateSubscriberNameModule,
  FLAKY_SUBSCRIBER,
  GadgetCreated,
  PlatformFixturesModule,
  RecordingSubscribers,
  UndeclaredEventSubscriberModule,
  WidgetCreated,
} from './support/fixtures.js';
import { watchFinishedJobs } from './support/finished-jobs.js';

describe('event bus (transactional outbox)', () => {
  let t: TestApp;
  let subscribers: RecordingSubscribers;
  let unitOfWork: UnitOfWork;
  let bus: EventBus;
  let finished: ReturnType<typeof watchFinishedJobs>;

  beforeAll(async () => {
    t = await startTestApp({ imports: [PlatformFixturesModule] });
    subscribers = t.get(RecordingSubscribers);
    unitOfWork = t.get(UnitOfWork);
    bus = t.get(EventBus);
    finished = watchFinishedJobs(t);
  });
  afterAll(async () => {
    finished.stop();
    await t.close();
  });

  const inboxRows = (eventId: string) =>
    t.dataSource.query(
      'SELECT subscriber FROM platform.inbox WHERE event_id = $1 ORDER BY subscriber',
      [eventId],
    );

  it('delivers a committed event to each subscriber exactly once, even when one throws twice first', async () => {
    const res = await t.http().post('/api/v1/test/widgets').send({ name: 'gear' });
    expect(res.status).toBe(201);
    const { eventId } = res.body as { eventId: string };

    // A subscriber runs inside the transaction that records its inbox row, so the rows (not the
    // in-memory recordings, which come before the commit) say when both deliveries are done.
    await eventually(async () => (await inboxRows(eventId)).length === 2);
    expect(subscribers.flakyAttempts.get(eventId)).toBe(3);
    expect(subscribers.audit.filter((id) => id === eventId)).toHaveLength(1);
    expect(subscribers.flakySeen.filter((id) => id === eventId)).toHaveLength(1);
    expect(await inboxRows(eventId)).toEqual([
      { subscriber: AUDIT_SUBSCRIBER },
      { subscriber: FLAKY_SUBSCRIBER },
    ]);
    const [row] = await t.dataSource.query(
      'SELECT type, version, payload, published_at FROM platform.outbox WHERE id = $1',
      [eventId],
    );
    expect(row).toMatchObject({
      type: 'test.widget.created',
      version: 1,
      payload: { widgetId: 'widget-1', name: 'gear' },
    });
    expect(row.published_at).not.toBeNull();
  });

  it('publishes nothing for a rolled-back transaction', async () => {
    let eventId = '';
    await expect(
      unitOfWork.run(async (tx) => {
        eventId = (
          await bus.publish(tx, WidgetCreated, {
            aggregateId: 'w-2',
            payload: { widgetId: 'w-2', name: 'x' },
          })
        ).id;
        throw new Error('business rule broken after publishing');
      }),
    ).rejects.toThrow('business rule broken');
    expect(eventId).not.toBe('');
    await t.get(OutboxRelay).drain();
    expect(
      await t.dataSource.query('SELECT id FROM platform.outbox WHERE id = $1', [eventId]),
    ).toEqual([]);
    expect(await inboxRows(eventId)).toEqual([]);
    expect(subscribers.audit).not.toContain(eventId);
  });

  it('makes a redelivered event a no-op for the subscriber', async () => {
    const eventId = await unitOfWork.run(
      async (tx) =>
        (
          await bus.publish(tx, WidgetCreated, {
            aggregateId: 'w-3',
            payload: { widgetId: 'w-3', name: 'y' },
          })
        ).id,
    );
    await eventually(() => subscribers.audit.includes(eventId));
    const [row] = await t.dataSource.query('SELECT * FROM platform.outbox WHERE id = $1', [
      eventId,
    ]);
    const event = {
      id: eventId,
      type: row.type,
      version: 1,
      occurredAt: new Date().toISOString(),
      aggregateId: 'w-3',
      actorId: null,
      payload: row.payload,
    };
    // A second delivery, with a fresh job id so the queue does not de-duplicate it first.
    await t
      .get(JobQueue)
      .add('domain-events', AUDIT_SUBSCRIBER, event, { jobId: `${eventId}:again` });
    await eventually(() => finished.ids.has(`${eventId}:again`));
    expect(subscribers.audit.filter((id) => id === eventId)).toHaveLength(1);
    const audited = (await inboxRows(eventId)).filter(
      (row: { subscriber: string }) => row.subscriber === AUDIT_SUBSCRIBER,
    );
    expect(audited).toHaveLength(1);
  });

  it("runs a job queued under a subscriber's former name as that subscriber, under its name", async () => {
    const event = {
      id: newId(),
      type: WidgetCreated.type,
      version: WidgetCreated.version,
      occurredAt: new Date().toISOString(),
      aggregateId: 'w-4',
      actorId: null,
      payload: { widgetId: 'w-4', name: 'queued before the rename' },
    };
    const jobs = t.get(JobQueue);
    await jobs.add('domain-events', 'RecordingSubscribers.audited', event, {
      jobId: `${event.id}:RecordingSubscribers.audited`,
    });
    await eventually(() => finished.ids.has(`${event.id}:RecordingSubscribers.audited`));
    expect(subscribers.audit.filter((id) => id === event.id)).toHaveLength(1);
    expect(await inboxRows(event.id)).toEqual([{ subscriber: AUDIT_SUBSCRIBER }]);

    // The same event under the new name is then a redelivery like any other.
    await jobs.add('domain-events', AUDIT_SUBSCRIBER, event, { jobId: `${event.id}:renamed` });
    await eventually(() => finished.ids.has(`${event.id}:renamed`));
    expect(subscribers.audit.filter((id) => id === event.id)).toHaveLength(1);
  });

  it('refuses to publish an event no context of the app declares, and writes nothing', async () => {
    await expect(
      unitOfWork.run((tx) =>
        bus.publish(tx, GadgetCreated, { aggregateId: 'g-1', payload: { gadgetId: 'g-1' } }),
      ),
    ).rejects.toThrow(/Event test\.gadget\.created v1 is not declared by any context of this app/);
    expect(
      await t.dataSource.query(`SELECT id FROM platform.outbox WHERE type = 'test.gadget.created'`),
    ).toEqual([]);
  });

  it('never hands an event out twice when several relays run at once', async () => {
    const relay = t.get(OutboxRelay);
    const jobs = t.get(JobQueue);
    await relay.drain();
    // Every hand-out is recorded, whichever relay makes it (ours or the app's own poll).
    const enqueued: string[] = [];
    const original = jobs.add.bind(jobs);
    const spy = jest
      .spyOn(jobs, 'add')
      .mockImplementation(async (queue, name, payload, options) => {
        if (name === AUDIT_SUBSCRIBER) enqueued.push((payload as { id: string }).id);
        return original(queue, name, payload, options);
      });
    try {
      const ids = await t.dataSource.transaction(async (manager) => {
        const rows = await manager.query(
          `INSERT INTO platform.outbox (id, type, version, aggregate_id, payload, occurred_at)
           SELECT gen_random_uuid(), 'test.widget.created', 1, 'bulk', '{"widgetId":"bulk","name":"b"}', now()
             FROM generate_series(1, 300) RETURNING id`,
        );
        return (rows as { id: string }[]).map((r) => r.id);
      });
      // Three passes at once, while the app's own relay keeps polling.
      await Promise.all([relay.relayBatch(120), relay.relayBatch(120), relay.relayBatch(120)]);
      await relay.drain();
      await eventually(async () => {
        const [{ count }] = await t.dataSource.query(
          `SELECT count(*)::int AS count FROM platform.inbox
            WHERE subscriber = $2 AND event_id = ANY($1::uuid[])`,
          [ids, AUDIT_SUBSCRIBER],
        );
        return count === 300;
      }, 20_000);
      const ours = enqueued.filter((id) => ids.includes(id));
      expect(ours).toHaveLength(300);
      expect(new Set(ours).size).toBe(300);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('event subscriptions at boot', () => {
  it('refuses to boot when a subscriber listens to an event no context declares, naming both', async () => {
    await expect(
      startTestApp({ imports: [PlatformFixturesModule, UndeclaredEventSubscriberModule] }),
    ).rejects.toThrow(
      'subscriber test.count-gadget (GadgetSubscriber.counted) listens to test.gadget.created v1, which no context of this app declares',
    );
  });

  it('refuses to boot when two subscribers share a name, in the worker too', async () => {
    await expect(
      startTestApp({
        role: 'worker',
        imports: [PlatformFixturesModule, DuplicateSubscriberNameModule],
      }),
    ).rejects.toThrow(
      /RecordingSubscribers\.audited and SecondAuditSubscriber\.alsoAudited are both named test\.audit-widget|SecondAuditSubscriber\.alsoAudited and RecordingSubscribers\.audited are both named test\.audit-widget/,
    );
  });
});
