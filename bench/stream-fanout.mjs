// The live stream's fan-out (run by run.mjs after the scenarios; on its own with
// `BENCH_ONLY=stream-fanout node bench/run.mjs`): opens STREAM_USERS × STREAMS_PER_USER
// `GET /api/v1/notifications/stream` responses on the running API, then appends one feed item
// for each of those users at once, from this process, through messaging's own UserFeed (the
// built modules, in a transaction each), and measures on every stream the delay from that
// item's commit to its arrival. This process is therefore a second instance: the items reach
// the API over Redis pub/sub, as an item produced on any other instance does. Commit and
// arrival are read from the same clock (this process's `performance.now()`).
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { seedStreamUsers } from './fixtures.mjs';

const intFromEnv = (name, fallback) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be an integer ≥ 1`);
  return value;
};

/** What `BENCH_ONLY` names to select the fan-out. */
export const FANOUT_NAME = 'stream-fanout';

const percentile = (sorted, p) =>
  sorted.length === 0
    ? undefined
    : sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
const round = (ms) => (ms === undefined ? undefined : Math.round(ms * 10) / 10);

/**
 * One open stream: calls `onEvent(event)` for each `event:`/`data:` block and resolves `ready`
 * once the stream's first block (the `id:` of its start position) has arrived.
 */
function openStream(base, token, onEvent) {
  let markReady;
  let fail;
  const ready = new Promise((resolve, reject) => {
    markReady = resolve;
    fail = reject;
  });
  let started = false;
  let buffer = '';
  const request = http.get(
    `${base}/api/v1/notifications/stream`,
    { agent: false, headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } },
    (response) => {
      if (response.statusCode !== 200) {
        fail(new Error(`stream answered ${response.statusCode}`));
        response.resume();
        return;
      }
      response.setEncoding('utf8');
      response.on('data', (chunk) => {
        const at = performance.now();
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (!started && /^id: /m.test(block)) {
            started = true;
            markReady();
          }
          const data = /^data: (.*)$/m.exec(block);
          if (data) onEvent(JSON.parse(data[1]), at);
        }
      });
      response.on('error', () => undefined);
    },
  );
  request.on('error', (error) => fail(error));
  return { ready, close: () => request.destroy() };
}

/** Messaging's UserFeed and the platform's unit of work, built by hand in this process. */
async function feedAppender(ctx) {
  await import('reflect-metadata');
  const [{ DataSource }, { Redis }, platform, { UserFeed }, { FeedRepository }, { FeedChannel }] =
    await Promise.all([
      import('typeorm'),
      import('ioredis'),
      import('../dist/libs/platform/src/index.js'),
      import('../dist/libs/messaging/src/application/user-feed.js'),
      import('../dist/libs/messaging/src/infrastructure/feed.repository.js'),
      import('../dist/libs/messaging/src/infrastructure/feed-channel.js'),
    ]);
  const dataSource = new DataSource({
    type: 'postgres',
    url: ctx.env.DATABASE_URL,
    extra: { max: 10 },
  });
  await dataSource.initialize();
  const redis = new Redis(ctx.env.REDIS_URL);
  const config = { get: (key) => ctx.env[key] };
  const pubSub = new platform.PubSub(redis, config);
  const unitOfWork = new platform.UnitOfWork(dataSource);
  // Registered before UserFeed's own listener, so the stamp is taken just before the items are
  // handed to pub/sub.
  const committedAt = new Map();
  const userOf = new WeakMap();
  unitOfWork.onCommit(({ transaction }) => {
    const userId = userOf.get(transaction);
    if (userId) committedAt.set(userId, performance.now());
  });
  const feed = new UserFeed(
    new FeedRepository(new platform.SqlReader(dataSource)),
    new FeedChannel(pubSub),
    new platform.Clock(),
    unitOfWork,
  );
  return {
    committedAt,
    append: (userId, data) =>
      unitOfWork.run(async (tx) => {
        userOf.set(tx, userId);
        await feed.append(tx, [userId], { type: 'notification', data });
      }),
    close: async () => {
      await dataSource.destroy();
      redis.disconnect();
    },
  };
}

/** Resolves once `count()` reaches `wanted`, or rejects after `ms`. */
async function until(count, wanted, ms, what) {
  const deadline = Date.now() + ms;
  while (count() < wanted) {
    if (Date.now() > deadline) throw new Error(`${what}: ${count()} of ${wanted} within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Opens the streams, appends one item per user, and returns the delays from commit to arrival
 * over every stream (ms): p50, p99, max, with how many arrived.
 */
export async function measureFanout(ctx) {
  const userCount = intFromEnv('BENCH_STREAM_USERS', 200);
  const perUser = intFromEnv('BENCH_STREAMS_PER_USER', 5);
  if (!ctx.env.REDIS_URL)
    throw new Error('the fan-out needs Redis (its items travel over pub/sub)');
  const users = await seedStreamUsers(ctx, userCount);
  const run = randomUUID();
  const arrivals = new Map(); // userId → arrival times of this run's item
  let warmArrivals = 0;
  const streams = [];
  try {
    const opening = performance.now();
    for (let i = 0; i < users.length; i += 20) {
      const batch = [];
      for (const user of users.slice(i, i + 20))
        for (let n = 0; n < perUser; n += 1) {
          const stream = openStream(ctx.api.url, user.token, (data, at) => {
            if (data.run !== run) return;
            if (data.warmUp) warmArrivals += 1;
            else arrivals.set(user.id, [...(arrivals.get(user.id) ?? []), at]);
          });
          streams.push(stream);
          batch.push(stream.ready);
        }
      await Promise.all(batch);
    }
    const openMs = performance.now() - opening;
    const appender = await feedAppender(ctx);
    try {
      // Pub/sub is live on the API once one item has gone all the way through.
      await appender.append(users[0].id, { run, warmUp: true });
      await until(() => warmArrivals, perUser, 10_000, 'warm-up item');
      const data = (user) => ({
        id: randomUUID(),
        type: 'bench_fanout',
        title: 'Bench fan-out',
        body: `One item for ${user.id}`,
        run,
        readAt: null,
        createdAt: new Date().toISOString(),
      });
      const burstStart = performance.now();
      await Promise.all(users.map((user) => appender.append(user.id, data(user))));
      const committedMs = performance.now() - burstStart;
      const expected = users.length * perUser;
      const arrived = () => [...arrivals.values()].reduce((n, times) => n + times.length, 0);
      await until(arrived, expected, 30_000, 'items on the streams').catch((error) =>
        console.warn(`stream-fanout: ${error.message}`),
      );
      const delays = [];
      for (const user of users) {
        const commit = appender.committedAt.get(user.id);
        for (const at of arrivals.get(user.id) ?? []) delays.push(at - commit);
      }
      delays.sort((a, b) => a - b);
      return {
        streams: streams.length,
        users: users.length,
        expected,
        arrived: delays.length,
        openSeconds: Math.round(openMs / 100) / 10,
        commitsMs: Math.round(committedMs),
        p50: round(percentile(delays, 0.5)),
        p99: round(percentile(delays, 0.99)),
        max: round(delays[delays.length - 1]),
      };
    } finally {
      await appender.close();
    }
  } finally {
    for (const stream of streams) stream.close();
  }
}
