import type { AddressInfo } from 'node:net';
import {
  Clock,
  ControllableClock,
  PubSub,
  REDIS,
  UnitOfWork,
  type RedisConnection,
} from '@etutors/platform';
import type { Redis } from 'ioredis';
import { UserFeed, type FeedItem } from '../../libs/messaging/src/application/user-feed.js';
import { FeedRepository } from '../../libs/messaging/src/infrastructure/feed.repository.js';
import { given, WITH_ADMIN, type Actor } from '../support/given.js';
import { itWithRedis } from '../support/needs-redis.js';
import { eventually, startTestApp, type TestApp } from '../support/test-app.js';

/** One server-sent event as a browser's EventSource would see it (comments kept apart). */
interface SseEvent {
  id?: string;
  event?: string;
  data?: string;
}

/** A client reading `GET /notifications/stream` over a real connection, as a browser does. */
interface StreamClient {
  status: number;
  headers: Headers;
  /** Events with data, in arrival order. */
  events: SseEvent[];
  /** The last `id:` seen, with or without data (what EventSource sends back as Last-Event-ID). */
  lastEventId?: string;
  comments: string[];
  /** Resolves when the server ended the response. */
  ended: Promise<void>;
  close: () => void;
}

const ENV = { STREAM_HEARTBEAT_SECONDS: '1' };
const STREAM = '/api/v1/notifications/stream';

async function listen(t: TestApp): Promise<string> {
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

async function openStream(
  base: string,
  actor: Actor,
  options: { lastEventId?: string; query?: string } = {},
): Promise<StreamClient> {
  const abort = new AbortController();
  const response = await fetch(`${base}${STREAM}${options.query ?? ''}`, {
    headers: {
      ...actor.auth,
      accept: 'text/event-stream',
      ...(options.lastEventId !== undefined && { 'last-event-id': options.lastEventId }),
    },
    signal: abort.signal,
  });
  const client: StreamClient = {
    status: response.status,
    headers: response.headers,
    events: [],
    comments: [],
    ended: Promise.resolve(),
    close: () => abort.abort(),
  };
  if (response.status !== 200 || !response.body) {
    await response.body?.cancel();
    return client;
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  client.ended = (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event: SseEvent = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) client.comments.push(line.slice(1).trim());
            const colon = line.indexOf(':');
            const field = line.slice(0, colon);
            const text = line.slice(colon + 1).replace(/^ /, '');
            if (field === 'id') event.id = client.lastEventId = text;
            if (field === 'event') event.event = text;
            if (field === 'data') event.data = text;
          }
          if (event.data !== undefined) client.events.push(event);
        }
      }
    } catch {
      // aborted by the test
    }
  })();
  // The stream has started (it is listening and knows its position) once the first id arrives.
  await eventually(() => client.lastEventId !== undefined);
  return client;
}

const ids = (client: StreamClient) => client.events.map((event) => Number(event.id));

function appendThrough(t: TestApp, recipients: string[], item: FeedItem) {
  const feed = t.get(UserFeed, { strict: false });
  return t.get(UnitOfWork, { strict: false }).run(async (tx) => feed.append(tx, recipients, item));
}

const notification = (title: string): FeedItem => ({
  type: 'notification',
  data: { id: crypto.randomUUID(), type: 'new_message', title, readAt: null },
});

describe('GET /notifications/stream across API instances', () => {
  let a: TestApp;
  let b: TestApp;
  let baseA: string;
  let baseB: string;
  const open: StreamClient[] = [];
  const track = async (client: Promise<StreamClient>) => {
    const opened = await client;
    open.push(opened);
    return opened;
  };

  beforeAll(async () => {
    [a, b] = await Promise.all([startTestApp({ env: ENV }), startTestApp({ env: ENV })]);
    [baseA, baseB] = await Promise.all([listen(a), listen(b)]);
  });
  afterEach(() => {
    for (const client of open.splice(0)) client.close();
  });
  afterAll(() => Promise.all([a?.close(), b?.close()]));

  it('pushes an item appended through instance A to a stream opened on instance B', async () => {
    const [student, tutor] = await Promise.all([given(a).student(), given(a).tutor()]);
    const onB = await track(openStream(baseB, student));
    expect(onB.status).toBe(200);
    expect(onB.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(onB.headers.get('x-request-id')).toBeTruthy();
    expect(onB.lastEventId).toBe('0');
    const tutorOnA = await track(openStream(baseA, tutor));
    // B hears Redis now, so only a message over pub/sub can bring the item there.
    if (process.env.REDIS_URL) await eventually(() => b.get(PubSub, { strict: false }).listening);

    const message: FeedItem = {
      type: 'message',
      data: { id: crypto.randomUUID(), senderId: tutor.id, body: 'Hello\nthere', createdAt: 'x' },
    };
    await appendThrough(a, [student.id, tutor.id, student.id], message);

    await eventually(() => onB.events.length === 1);
    expect(onB.events).toEqual([{ id: '1', event: 'message', data: JSON.stringify(message.data) }]);
    // One row per recipient, each at the recipient's own position; the local stream gets it too.
    await eventually(() => tutorOnA.events.length === 1);
    expect(tutorOnA.events[0]).toEqual({ id: '1', event: 'message', data: onB.events[0]!.data });
    const rows = await a.dataSource.query(
      `SELECT user_id, sequence::int FROM messaging.feed_items WHERE user_id = ANY($1) ORDER BY user_id`,
      [[student.id, tutor.id]],
    );
    expect(rows).toHaveLength(2);
  });

  it('resumes with Last-Event-ID: exactly what was missed, then live, whichever instance', async () => {
    const student = await given(a).student();
    const first = await track(openStream(baseA, student));
    await appendThrough(a, [student.id], notification('one'));
    await appendThrough(b, [student.id], notification('two'));
    await eventually(() => first.events.length === 2);
    expect(ids(first)).toEqual([1, 2]);
    first.close();

    for (const title of ['three', 'four', 'five'])
      await appendThrough(title === 'four' ? b : a, [student.id], notification(title));

    const resumed = await track(openStream(baseB, student, { lastEventId: first.lastEventId }));
    await eventually(() => resumed.events.length === 3);
    await appendThrough(a, [student.id], notification('six'));
    await eventually(() => resumed.events.length === 4);
    expect(ids(resumed)).toEqual([3, 4, 5, 6]);
    expect(resumed.events.map((event) => JSON.parse(event.data!).title)).toEqual([
      'three',
      'four',
      'five',
      'six',
    ]);

    // `?lastEventId=` for clients that cannot set the header; the header wins over it.
    const byQuery = await track(openStream(baseA, student, { query: '?lastEventId=4' }));
    await eventually(() => byQuery.events.length === 2);
    expect(ids(byQuery)).toEqual([5, 6]);
    const both = await track(
      openStream(baseA, student, { query: '?lastEventId=1', lastEventId: '5' }),
    );
    await eventually(() => both.events.length === 1);
    expect(ids(both)).toEqual([6]);
  });

  it('hands over from the stored backlog to live items with no gap and no repeat', async () => {
    const student = await given(a).student();
    // Appends keep committing on both instances while the stream resumes from the start.
    let appended = 0;
    let streamOpen = false;
    let afterOpen = 0;
    const appending = (async () => {
      while (!streamOpen || afterOpen < 15) {
        await appendThrough(appended % 2 ? a : b, [student.id], notification(`item ${appended}`));
        appended += 1;
        if (streamOpen) afterOpen += 1;
      }
    })();
    await eventually(() => appended >= 10);
    const stream = await track(openStream(baseB, student, { lastEventId: '0' }));
    streamOpen = true;
    await appending;
    await eventually(() => stream.events.length >= appended);
    await appendThrough(a, [student.id], notification('last'));
    await eventually(() => stream.events.length >= appended + 1);
    expect(ids(stream)).toEqual(Array.from({ length: appended + 1 }, (_, n) => n + 1));
  });

  it('reads from the store an item whose publication was lost, at the next one', async () => {
    const student = await given(a).student();
    const stream = await track(openStream(baseB, student));
    // Stored and committed, never published: as if the instance died right after its commit.
    await a
      .get(UnitOfWork, { strict: false })
      .run((tx) =>
        a
          .get(FeedRepository, { strict: false })
          .appendAll(tx, [
            { recipients: [student.id], item: notification('lost'), createdAt: new Date() },
          ]),
      );
    await appendThrough(a, [student.id], notification('next'));
    await eventually(() => stream.events.length === 2);
    expect(stream.events.map((event) => [event.id, JSON.parse(event.data!).title])).toEqual([
      ['1', 'lost'],
      ['2', 'next'],
    ]);
  });

  it('publishes nothing for a rolled-back append and leaves no gap after it', async () => {
    const student = await given(a).student();
    const stream = await track(openStream(baseB, student));
    const feed = a.get(UserFeed, { strict: false });
    await expect(
      a.get(UnitOfWork, { strict: false }).run(async (tx) => {
        feed.append(tx, [student.id], notification('rolled back'));
        throw new Error('the producer failed');
      }),
    ).rejects.toThrow('the producer failed');
    await appendThrough(a, [student.id], notification('kept'));
    await eventually(() => stream.events.length === 1);
    expect(stream.events.map((event) => [event.id, JSON.parse(event.data!).title])).toEqual([
      ['1', 'kept'],
    ]);
  });

  it('commits two transactions appending for the same two users in opposite orders, without a deadlock', async () => {
    const [ann, bob] = await Promise.all([given(a).student(), given(a).student()]);
    const feed = a.get(UserFeed, { strict: false });
    const unitOfWork = a.get(UnitOfWork, { strict: false });
    // Each appends for one user, waits until the other has too, then appends for the other.
    let arrived = 0;
    let bothArrived!: () => void;
    const meeting = new Promise<void>((resolve) => (bothArrived = resolve));
    const write = (first: Actor, second: Actor) =>
      unitOfWork.run(async (tx) => {
        feed.append(tx, [first.id], notification(`to ${first.id} first`));
        await tx.manager.query('SELECT 1');
        if (++arrived === 2) bothArrived();
        await meeting;
        feed.append(tx, [second.id], notification(`to ${second.id} second`));
      });
    await Promise.all([write(ann, bob), write(bob, ann)]);
    const rows = (await a.dataSource.query(
      `SELECT user_id AS "userId", sequence::int AS sequence FROM messaging.feed_items
        WHERE user_id = ANY($1::uuid[]) ORDER BY user_id, sequence`,
      [[ann.id, bob.id]],
    )) as { userId: string; sequence: number }[];
    expect(rows.filter((row) => row.userId === ann.id).map((row) => row.sequence)).toEqual([1, 2]);
    expect(rows.filter((row) => row.userId === bob.id).map((row) => row.sequence)).toEqual([1, 2]);
  });

  it('sends a heartbeat comment on an idle stream', async () => {
    const student = await given(a).student();
    const stream = await track(openStream(baseA, student));
    await eventually(() => stream.comments.filter((c) => c === 'heartbeat').length >= 2, 5_000);
    expect(stream.events).toEqual([]);
  });

  it('refuses a sixth stream of one user with 429 problem+json, and frees a closed one', async () => {
    const student = await given(a).student();
    const streams = await Promise.all(
      Array.from({ length: 5 }, () => track(openStream(baseA, student))),
    );
    expect(streams.map((stream) => stream.status)).toEqual([200, 200, 200, 200, 200]);
    const sixth = await a.http().get(STREAM).set(student.auth);
    expect(sixth.status).toBe(429);
    expect(sixth.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(sixth.body).toMatchObject({ status: 429, code: 'stream.too_many', limit: 5 });

    streams[0]!.close();
    const again = await eventually(async () => {
      const next = await openStream(baseA, student).catch(() => undefined);
      return next?.status === 200 ? next : undefined;
    });
    open.push(again);
    // Another user is not held back by this one's streams.
    const other = await given(a).student();
    expect((await track(openStream(baseA, other))).status).toBe(200);
  });

  it('refuses a request without a token, and a Last-Event-ID that is not one of ours', async () => {
    expect((await a.http().get(STREAM)).status).toBe(401);
    const student = await given(a).student();
    const badHeader = await a.http().get(STREAM).set(student.auth).set('last-event-id', 'abc');
    expect(badHeader.status).toBe(400);
    expect(badHeader.body.errors).toEqual([expect.objectContaining({ field: 'Last-Event-ID' })]);
    const badQuery = await a.http().get(`${STREAM}?lastEventId=-1`).set(student.auth);
    expect(badQuery.status).toBe(400);
  });

  it('ignores an id from the future and shows what comes next', async () => {
    const student = await given(a).student();
    await appendThrough(a, [student.id], notification('one'));
    const stream = await track(openStream(baseA, student, { lastEventId: '999' }));
    expect(stream.lastEventId).toBe('1');
    await appendThrough(b, [student.id], notification('two'));
    await eventually(() => stream.events.length === 1);
    expect(ids(stream)).toEqual([2]);
  });

  itWithRedis(
    'catches up from the store when B’s pub/sub connection was lost meanwhile',
    async () => {
      const student = await given(a).student();
      const stream = await track(openStream(baseB, student));
      const pubSub = b.get(PubSub, { strict: false });
      const subscriber = await eventually(() =>
        pubSub.listening ? (pubSub as unknown as { subscriber: Redis }).subscriber : undefined,
      );
      const address = `${subscriber.stream.localAddress}:${subscriber.stream.localPort}`;
      const redis = a.get<RedisConnection>(REDIS, { strict: false })!;
      expect(await redis.call('CLIENT', 'KILL', 'TYPE', 'pubsub', 'ADDR', address)).toBe(1);
      await appendThrough(a, [student.id], notification('while away'));
      await eventually(() => stream.events.length === 1);
      expect(ids(stream)).toEqual([1]);
    },
  );

  it('streams in process on one instance without Redis (the zero-set-up run)', async () => {
    const solo = await startTestApp({ env: { ...ENV, REDIS_URL: undefined } });
    try {
      const base = await listen(solo);
      const student = await given(solo).student();
      const stream = await openStream(base, student);
      await appendThrough(solo, [student.id], notification('no redis'));
      await eventually(() => stream.events.length === 1);
      expect(stream.events[0]).toMatchObject({ id: '1', event: 'notification' });
      stream.close();
    } finally {
      await solo.close();
    }
  });

  it('ends open streams when the application shuts down', async () => {
    const c = await startTestApp({ env: ENV });
    const base = await listen(c);
    const student = await given(c).student();
    const stream = await openStream(base, student);
    expect(stream.status).toBe(200);
    // Closing waits for open connections, so it resolves only if the stream was ended.
    await c.close();
    await stream.ended;
  });
});

describe('GET /notifications/stream when the access that opened it ends', () => {
  const clock = new ControllableClock(new Date());
  let t: TestApp;
  let base: string;
  let admin: Actor;
  const open: StreamClient[] = [];

  beforeAll(async () => {
    t = await startTestApp({
      env: { ...ENV, ...WITH_ADMIN },
      override: (builder) => builder.overrideProvider(Clock).useValue(clock),
    });
    base = await listen(t);
    admin = await given(t).admin();
  });
  afterEach(() => {
    for (const client of open.splice(0)) client.close();
  });
  afterAll(() => t.close());

  const track = async (client: Promise<StreamClient>) => {
    const opened = await client;
    open.push(opened);
    return opened;
  };
  /** The heartbeats a stream has had so far: one more means a later session check passed it. */
  const heartbeats = (client: StreamClient) =>
    client.comments.filter((comment) => comment === 'heartbeat').length;

  it("ends a suspended user's stream after saying why, and leaves other users' streams open", async () => {
    const [suspended, other] = await Promise.all([given(t).student(), given(t).student()]);
    const stream = await track(openStream(base, suspended));
    const untouched = await track(openStream(base, other));

    const res = await t
      .http()
      .patch(`/api/v1/admin/users/${suspended.id}`)
      .set(admin.auth)
      .send({ status: 'suspended' });
    expect(res.status).toBe(200);
    await stream.ended;
    expect(stream.events.at(-1)).toEqual({
      event: 'session_ended',
      data: JSON.stringify({ reason: 'revoked' }),
    });
    // The other stream was checked in the same heartbeat and kept: it gets the next one.
    const seen = heartbeats(untouched);
    await eventually(() => heartbeats(untouched) > seen);
    await appendThrough(t, [other.id], notification('still here'));
    await eventually(() => untouched.events.length === 1);
    // Reconnecting with the old token is refused like any other request.
    expect((await openStream(base, suspended)).status).toBe(401);
  });

  it('ends a stream whose token has expired, by the platform clock', async () => {
    const student = await given(t).student();
    const stream = await track(openStream(base, student));
    clock.advance(15 * 60_000);
    await stream.ended;
    expect(stream.events.at(-1)).toEqual({
      event: 'session_ended',
      data: JSON.stringify({ reason: 'expired' }),
    });
  });
});
