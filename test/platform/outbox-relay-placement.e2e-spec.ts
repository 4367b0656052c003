import { PubSub } from '@etutors/platform';
import { eventually, startTestApp, type TestApp } from '../support/test-app.js';
import { PlatformFixturesModule, RecordingSubscribers } from './support/fixtures.js';
import { describeWithRedis } from '../support/needs-redis.js';

// An API next to a worker needs Bull (the inline driver has no worker and relays in the API).
describeWithRedis('outbox relay placement', () => {
  let api: TestApp;
  let worker: TestApp | undefined;

  beforeAll(async () => {
    api = await startTestApp({
      imports: [PlatformFixturesModule],
      env: { JOBS_PROCESS_IN_API: 'false', OUTBOX_POLL_MS: '50' },
    });
  });
  afterAll(async () => {
    await worker?.close();
    await api.close();
  });

  const publish = async () => {
    const res = await api.http().post('/api/v1/test/widgets').send({ name: 'placed' });
    expect(res.status).toBe(201);
    return (res.body as { eventId: string }).eventId;
  };
  const publishedAt = async (eventId: string) => {
    const [row] = (await api.dataSource.query(
      'SELECT published_at FROM platform.outbox WHERE id = $1',
      [eventId],
    )) as { published_at: Date | null }[];
    return row!.published_at;
  };

  it('leaves relaying to the worker: the API only writes the outbox and nudges', async () => {
    // A relaying process pokes its own relay after a commit; only one that leaves relaying to
    // the worker sends the nudge. Hearing it is the sign that the API handed the event on.
    let nudges = 0;
    api.get(PubSub).subscribe('outbox-committed', () => nudges++);
    await eventually(() => api.get(PubSub).listening);

    const eventId = await publish();

    await eventually(() => nudges > 0);
    expect(await publishedAt(eventId)).toBeNull();
  });

  it('wakes the worker on commit (OutboxSignal), long before its poll', async () => {
    worker = await startTestApp({
      role: 'worker',
      imports: [PlatformFixturesModule],
      env: { OUTBOX_POLL_MS: '600000' },
    });
    const subscribers = worker.get(RecordingSubscribers);
    // What waited while no worker ran is relayed as soon as the worker listens. Then let the
    // flaky subscriber's retries settle: each commits in the worker, which also pokes its relay.
    await eventually(() => subscribers.audit.length === 1 && subscribers.flakySeen.length === 1);

    const eventId = await publish();
    await eventually(() => subscribers.audit.includes(eventId), 5_000);
    expect(await publishedAt(eventId)).not.toBeNull();
  });
});
