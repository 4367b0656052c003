// `npm run bench:mixed` (builds first) or `node bench/mixed.mjs` (uses the existing dist/): the
// mixed load of issue 17. Migrates a database of its own afresh, starts the built worker and the
// built API as child processes on free loopback ports, makes its fixtures through the API, then
// drives a mix of routes from BENCH_MIXED_CONNECTIONS concurrent clients for BENCH_MIXED_SECONDS:
// browse 70 % (tutor search, profiles, subjects), slots 15 %, book and pay 10 % (book, create
// the payment, confirm it with the sandbox's succeeding card, each POST under an Idempotency-Key),
// messages 5 % (a send in the conversation of a confirmed pair). It prints per route the requests,
// the non-2xx answers and errors, p50 and p99, and the event delay: for every event committed
// during the load, the time from its outbox row to each subscriber's inbox row. Then the same with
// two API processes, the generator sending its requests to them in turn. See bench/README.md.
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { benchSubject, openTutor, seedCatalogue } from './fixtures.mjs';
import {
  benchDatabaseUrl,
  benchProcesses,
  clearKeysUnder,
  freePort,
  intFromEnv,
  loopbackUrl,
  sleep,
} from './support.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const API_ENTRY = path.join(ROOT, 'dist/apps/api/src/main.js');
const WORKER_ENTRY = path.join(ROOT, 'dist/apps/worker/src/main.js');
const MIGRATE_ENTRY = path.join(ROOT, 'dist/scripts/migrate.js');
const RESULTS_DIR = path.join(ROOT, 'bench/results');
const QUEUE_PREFIX = 'etutors-bench-mixed';
const PREFIX = '/api/v1';

const settings = {
  seconds: intFromEnv('BENCH_MIXED_SECONDS', 60, 1),
  warmup: intFromEnv('BENCH_MIXED_WARMUP', 5, 0),
  // How long the subscribers may take to catch up after the load before the delays are read.
  drainSeconds: intFromEnv('BENCH_MIXED_DRAIN_SECONDS', 120, 1),
  connections: intFromEnv('BENCH_MIXED_CONNECTIONS', 50, 1),
  // Student/tutor pairs that book, pay and write to each other; each student books its own tutor.
  pairs: intFromEnv('BENCH_MIXED_PAIRS', 60, 1),
  apiCounts: (process.env.BENCH_MIXED_APIS || '1,2').split(',').map((n) => {
    const value = Number(n.trim());
    if (!Number.isInteger(value) || value < 1 || value > 8)
      throw new Error('BENCH_MIXED_APIS must list API process counts from 1 to 8, e.g. 1,2');
    return value;
  }),
  database: process.env.BENCH_MIXED_DATABASE || 'etutors_bench_mixed',
  logLevel: process.env.BENCH_LOG_LEVEL || 'warn',
};
if (!/^[a-z_][a-z0-9_]*$/.test(settings.database))
  throw new Error('BENCH_MIXED_DATABASE must be a plain lower-case identifier');

/** The mix: each operation's share of the operations started (a book-and-pay is three requests). */
const MIX = [
  { operation: 'search', weight: 30 },
  { operation: 'profile', weight: 25 },
  { operation: 'subjects', weight: 15 },
  { operation: 'slots', weight: 15 },
  { operation: 'bookAndPay', weight: 10 },
  { operation: 'message', weight: 5 },
];
const TOTAL_WEIGHT = MIX.reduce((sum, entry) => sum + entry.weight, 0);

const benchDbUrl = benchDatabaseUrl(settings.database);
const redisUrl = loopbackUrl(
  'REDIS_URL',
  process.env.REDIS_URL || 'redis://127.0.0.1:6379',
).toString();

const childEnv = {
  ...process.env,
  NODE_ENV: 'production',
  LOG_LEVEL: settings.logLevel,
  DATABASE_URL: benchDbUrl,
  REDIS_URL: redisUrl,
  QUEUE_PREFIX,
  JWT_SECRET: randomBytes(48).toString('base64url'),
  DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  DOCS_ENABLED: 'false',
  PAYMENT_PROVIDER: 'sandbox',
  // The fixtures register every pair's accounts from one address.
  RATE_LIMIT_SIGNUP_PER_IP: '1000000000',
  RATE_LIMIT_LOGIN_PER_IP: '1000000000',
  // A paid booking stays pending_payment until the worker confirms it on the payment's event, and
  // each pair books again every BENCH_MIXED_PAIRS bookings: far sooner than a person would.
  MAX_UNPAID_BOOKINGS_PER_STUDENT: '1000',
};

// ---------------------------------------------------------------------------------------------
// Child processes: every one is stopped on the way out, whatever the way out is.

const {
  alive,
  start: startChild,
  logOf,
  tail,
  stop: stopChild,
  shutdown,
  waitForLive: waitForLiveWithin,
} = benchProcesses({ root: ROOT, logPrefix: 'etutors-bench-mixed', stopGraceMs: 10_000 });
const waitForLive = (child, base) => waitForLiveWithin(child, base, 90_000);

/** Lines a process logged at error level or above (pino: level ≥ 50). */
const errorLines = (child) =>
  logOf(child)
    .split('\n')
    .filter((line) => /"level":(5|6)\d/.test(line));

async function freePorts(count) {
  const ports = new Set();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

// ---------------------------------------------------------------------------------------------
// Database and Redis: a database of its own, made afresh on every run.

async function prepareDatabase() {
  const admin = new pg.Client({ connectionString: benchDatabaseUrl('postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${settings.database} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${settings.database}`);
  } finally {
    await admin.end();
  }
  const migrate = startChild('migrate', [MIGRATE_ENTRY, 'run'], childEnv);
  const [code] = await once(migrate, 'exit');
  if (code !== 0) throw new Error(`migrate exited with ${code}\n${tail(migrate)}`);
}

async function clearQueueKeys() {
  await clearKeysUnder(redisUrl, QUEUE_PREFIX);
}

// ---------------------------------------------------------------------------------------------
// HTTP: keep-alive connections, at most BENCH_MIXED_CONNECTIONS in flight over all APIs.

function client(bases) {
  const agents = bases.map(
    () => new http.Agent({ keepAlive: true, maxSockets: settings.connections }),
  );
  let turn = 0;
  /** One request to the next API in turn: `{ status, body, ms }`, or `{ error, ms }`. */
  const send = (method, route, { token, body, idempotent } = {}) =>
    new Promise((resolve) => {
      const index = turn++ % bases.length;
      const headers = {};
      if (token) headers.authorization = `Bearer ${token}`;
      if (idempotent) headers['idempotency-key'] = randomUUID();
      const payload = body === undefined ? undefined : JSON.stringify(body);
      if (payload !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = Buffer.byteLength(payload);
      }
      const started = performance.now();
      const request = http.request(
        bases[index] + PREFIX + route,
        { method, headers, agent: agents[index], timeout: 30_000 },
        (response) => {
          const chunks = [];
          response.on('data', (chunk) => chunks.push(chunk));
          response.on('end', () =>
            resolve({
              status: response.statusCode,
              body: Buffer.concat(chunks).toString('utf8'),
              ms: performance.now() - started,
            }),
          );
          response.on('error', (error) => resolve({ error, ms: performance.now() - started }));
        },
      );
      request.on('timeout', () => request.destroy(new Error('timed out after 30 s')));
      request.on('error', (error) => resolve({ error, ms: performance.now() - started }));
      request.end(payload);
    });
  return { send, close: () => agents.forEach((agent) => agent.destroy()) };
}

const ok = (answer) => !answer.error && answer.status >= 200 && answer.status < 300;
const describe = (answer) =>
  answer.error ? answer.error.message : `${answer.status} ${answer.body.slice(0, 300)}`;

/** A request outside the load: anything but 2xx stops the bench. */
async function must(http, method, route, options) {
  const answer = await http.send(method, route, options);
  if (!ok(answer)) throw new Error(`${method} ${route} answered ${describe(answer)}`);
  return answer.body ? JSON.parse(answer.body) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Fixtures

/** Runs `make` over `items`, `width` at a time. */
async function inBatches(items, width, make) {
  const results = [];
  for (let i = 0; i < items.length; i += width)
    results.push(...(await Promise.all(items.slice(i, i + width).map(make))));
  return results;
}

async function register(http, role, n) {
  const email = `mixed-${role}-${n}-${randomBytes(4).toString('hex')}@etutors.bench`;
  const answer = await must(http, 'POST', '/auth/register', {
    body: { email, password: 'bench-password-plum-42', displayName: `Bench ${role} ${n}`, role },
  });
  return { id: answer.user.id, token: answer.accessToken };
}

/**
 * The catalogue of fixtures.mjs (10,000 approved tutors over 50 subjects) for browsing, and
 * `settings.pairs` student/tutor pairs registered through the API (so every context knows them
 * from identity's events), each tutor approved in SQL, open around the clock (UTC) and teaching
 * `bench-subject-1`. Each pair books, pays and opens its conversation once before the load.
 */
async function makeFixtures(db, http) {
  const ctx = { db, once: (_key, make) => make() };
  await seedCatalogue(ctx);
  const subject = await benchSubject(ctx);
  const { rows: catalogue } = await db.query(
    `SELECT user_id AS id FROM tutoring.tutors WHERE display_name LIKE 'Tutor %' ORDER BY user_id LIMIT 2000`,
  );
  const numbers = [...Array(settings.pairs).keys()];
  const students = await inBatches(numbers, 4, (n) => register(http, 'student', n));
  const tutors = await inBatches(numbers, 4, (n) => register(http, 'tutor', n));
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    for (const tutor of tutors) {
      await openTutor(client, tutor.id, subject);
      await client.query(
        `UPDATE tutoring.tutors SET status = 'approved', approved_at = now(), subject_ids = ARRAY[$2::uuid],
                hourly_rate_amount = 4000, currency = 'USD'
          WHERE user_id = $1`,
        [tutor.id, subject],
      );
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  const pairs = students.map((student, i) => ({ student, tutor: tutors[i] }));
  return {
    subject,
    catalogue: catalogue.map((row) => row.id),
    pairs,
    // Bookings start on whole hours from two days ahead, each pair's next hour in turn.
    firstHour: Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 48 * 3_600_000,
    booked: 0,
    sent: 0,
  };
}

/** Before the load: each pair books and pays once, then the student opens their conversation. */
async function primePairs(fixtures, http) {
  await inBatches(fixtures.pairs, 4, async (pair) => {
    const failure = await bookAndPay(fixtures, http, () => undefined, pair);
    if (failure) throw new Error(`priming a pair: ${failure}`);
  });
  const deadline = Date.now() + 60_000;
  for (const pair of fixtures.pairs) {
    // The conversation opens on the confirmed booking's event (the worker); opening it here
    // returns that one, or makes it first if the event is still on its way.
    for (;;) {
      const answer = await http.send('POST', '/conversations', {
        token: pair.student.token,
        body: { participantId: pair.tutor.id },
      });
      if (ok(answer)) {
        pair.conversationId = JSON.parse(answer.body).id;
        break;
      }
      if (Date.now() > deadline) throw new Error(`opening a conversation: ${describe(answer)}`);
      await sleep(200);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Operations. Each reports every request it sends as (route, answer); a failed step ends it.

const pick = (list) => list[Math.floor(Math.random() * list.length)];

async function bookAndPay(fixtures, http, record, pair) {
  const n = fixtures.booked++;
  pair ??= fixtures.pairs[n % fixtures.pairs.length];
  const startsAt = new Date(
    fixtures.firstHour + Math.floor(n / fixtures.pairs.length) * 3_600_000,
  ).toISOString();
  const token = pair.student.token;
  const booking = await http.send('POST', '/bookings', {
    token,
    body: { tutorId: pair.tutor.id, subjectId: fixtures.subject, startsAt, durationMinutes: 60 },
  });
  record('POST /bookings', booking);
  if (!ok(booking)) return `POST /bookings ${describe(booking)}`;
  const payment = await http.send('POST', '/payments', {
    token,
    idempotent: true,
    body: { bookingId: JSON.parse(booking.body).id },
  });
  record('POST /payments', payment);
  if (!ok(payment)) return `POST /payments ${describe(payment)}`;
  const confirm = await http.send('POST', `/payments/${JSON.parse(payment.body).id}/confirm`, {
    token,
    idempotent: true,
    body: { paymentMethod: 'pm_card_visa' },
  });
  record('POST /payments/:id/confirm', confirm);
  if (!ok(confirm)) return `POST /payments/:id/confirm ${describe(confirm)}`;
  if (JSON.parse(confirm.body).status !== 'succeeded')
    return `confirm answered status ${JSON.parse(confirm.body).status}`;
  return undefined;
}

const operations = {
  search: async (fixtures, http, record) => {
    const route =
      Math.random() < 0.5
        ? `/tutors?subject=bench-subject-${1 + Math.floor(Math.random() * 50)}&sort=-rating`
        : `/tutors?q=word${Math.floor(Math.random() * 500)}`;
    record('GET /tutors?…', await http.send('GET', route));
  },
  profile: async (fixtures, http, record) =>
    record('GET /tutors/:id', await http.send('GET', `/tutors/${pick(fixtures.catalogue)}`)),
  subjects: async (fixtures, http, record) =>
    record('GET /subjects', await http.send('GET', '/subjects')),
  slots: async (fixtures, http, record) => {
    // A week of one-hour slots of a pair's tutor, from tomorrow.
    const from = Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 24 * 3_600_000;
    const to = from + 7 * 86_400_000;
    const tutor = pick(fixtures.pairs).tutor.id;
    const route = `/tutors/${tutor}/slots?from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}&duration=60`;
    record('GET /tutors/:id/slots', await http.send('GET', route));
  },
  bookAndPay: (fixtures, http, record) => bookAndPay(fixtures, http, record),
  message: async (fixtures, http, record) => {
    // Senders in turn, student then tutor of each pair, so none nears the 30 a minute allowed.
    const n = fixtures.sent++;
    const pair = fixtures.pairs[Math.floor(n / 2) % fixtures.pairs.length];
    const sender = n % 2 === 0 ? pair.student : pair.tutor;
    record(
      'POST /conversations/:id/messages',
      await http.send('POST', `/conversations/${pair.conversationId}/messages`, {
        token: sender.token,
        body: { body: `Could we go through chapter ${n % 12} on Tuesday at five?` },
      }),
    );
  },
};

function chooseOperation() {
  let roll = Math.random() * TOTAL_WEIGHT;
  for (const entry of MIX) {
    roll -= entry.weight;
    if (roll < 0) return entry.operation;
  }
  return MIX.at(-1).operation;
}

/** `connections` clients, each starting one operation after the other until `seconds` pass. */
async function drive(fixtures, http, seconds, recorder) {
  const deadline = performance.now() + seconds * 1000;
  const operationsStarted = Object.fromEntries(MIX.map((entry) => [entry.operation, 0]));
  const loop = async () => {
    while (performance.now() < deadline) {
      const operation = chooseOperation();
      operationsStarted[operation] += 1;
      await operations[operation](fixtures, http, recorder);
    }
  };
  await Promise.all(Array.from({ length: settings.connections }, loop));
  return operationsStarted;
}

function recorder() {
  const routes = new Map();
  const record = (route, answer) => {
    let entry = routes.get(route);
    if (!entry) routes.set(route, (entry = { latencies: [], bad: 0, samples: [] }));
    entry.latencies.push(answer.ms);
    if (!ok(answer)) {
      entry.bad += 1;
      if (entry.samples.length < 3) entry.samples.push(describe(answer));
    }
  };
  return { record, routes };
}

const percentile = (sorted, p) =>
  sorted.length === 0
    ? 0
    : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const round1 = (ms) => Math.round(ms * 10) / 10;

function summarizeRoutes(routes, seconds) {
  return [...routes]
    .map(([route, { latencies, bad, samples }]) => {
      const sorted = latencies.sort((a, b) => a - b);
      return {
        route,
        requests: sorted.length,
        perSecond: round1(sorted.length / seconds),
        bad,
        p50: round1(percentile(sorted, 50)),
        p99: round1(percentile(sorted, 99)),
        ...(samples.length && { samples }),
      };
    })
    .sort((a, b) => b.requests - a.requests);
}

// ---------------------------------------------------------------------------------------------
// Events: commit to subscriber done, for every event committed during the load.

/**
 * Waits until every event is relayed and the subscribers have stopped writing inbox rows (the
 * count stays put for 3 s), at most BENCH_MIXED_DRAIN_SECONDS.
 */
async function waitForEventsDrained(db) {
  const deadline = Date.now() + settings.drainSeconds * 1000;
  let last = -1;
  let steadySince = Date.now();
  while (Date.now() < deadline) {
    const { rows } = await db.query(
      `SELECT (SELECT count(*)::int FROM platform.outbox WHERE published_at IS NULL) AS unpublished,
              (SELECT count(*)::int FROM platform.inbox) AS handled`,
    );
    const { unpublished, handled } = rows[0];
    if (handled !== last) {
      last = handled;
      steadySince = Date.now();
    } else if (unpublished === 0 && Date.now() - steadySince >= 3000) return true;
    await sleep(500);
  }
  return false;
}

/**
 * The outbox row's `occurred_at` (stamped in the publishing transaction, just before its commit)
 * to the inbox row's `processed_at` (stamped in the subscriber's transaction, which commits with
 * the handler's writes), over every (event, subscriber) of events that occurred in the window.
 */
async function eventDelays(db, from, to) {
  const { rows } = await db.query(
    `SELECT count(DISTINCT o.id)::int AS events,
            count(i.event_id)::int AS deliveries,
            round(percentile_cont(0.5) WITHIN GROUP (ORDER BY d)::numeric, 1)::float AS p50,
            round(percentile_cont(0.99) WITHIN GROUP (ORDER BY d)::numeric, 1)::float AS p99,
            round(max(d)::numeric, 1)::float AS max
       FROM platform.outbox o
       LEFT JOIN platform.inbox i ON i.event_id = o.id
       CROSS JOIN LATERAL (SELECT extract(epoch FROM i.processed_at - o.occurred_at) * 1000 AS d) x
      WHERE o.occurred_at >= $1 AND o.occurred_at < $2`,
    [from, to],
  );
  const { rows: byType } = await db.query(
    `SELECT o.type, count(DISTINCT o.id)::int AS events, count(i.event_id)::int AS deliveries,
            round(percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM i.processed_at - o.occurred_at) * 1000)::numeric, 1)::float AS p99
       FROM platform.outbox o
       LEFT JOIN platform.inbox i ON i.event_id = o.id
      WHERE o.occurred_at >= $1 AND o.occurred_at < $2
      GROUP BY o.type ORDER BY events DESC`,
    [from, to],
  );
  // What the subscribers got through while the load ran, against what was committed meanwhile.
  const { rows: handled } = await db.query(
    `SELECT count(*)::int AS n FROM platform.inbox WHERE processed_at >= $1 AND processed_at < $2`,
    [from, to],
  );
  return { ...rows[0], handledDuringLoad: handled[0].n, byType };
}

// ---------------------------------------------------------------------------------------------

function cpuSecondsOf(child) {
  try {
    const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

async function runWith(apiCount, db, fixturesRef) {
  const [workerPort, ...apiPorts] = await freePorts(apiCount + 1);
  const worker = startChild(`worker-${apiCount}`, [WORKER_ENTRY], {
    ...childEnv,
    WORKER_PORT: String(workerPort),
  });
  const apis = apiPorts.map((port, i) =>
    startChild(`api-${apiCount}-${i + 1}`, [API_ENTRY], { ...childEnv, PORT: String(port) }),
  );
  const bases = apiPorts.map((port) => `http://127.0.0.1:${port}`);
  await Promise.all([
    waitForLive(worker, `http://127.0.0.1:${workerPort}`),
    ...apis.map((api, i) => waitForLive(api, bases[i])),
  ]);
  const http = client(bases);
  try {
    if (!fixturesRef.value) {
      fixturesRef.value = await makeFixtures(db, http);
      await primePairs(fixturesRef.value, http);
      console.log(
        `Fixtures: 10,000 catalogue tutors, ${settings.pairs} pairs (booked, paid, conversation open)`,
      );
    }
    const fixtures = fixturesRef.value;
    if (settings.warmup > 0) await drive(fixtures, http, settings.warmup, () => undefined);
    const { record, routes } = recorder();
    const servers = [...apis, worker];
    const cpuBefore = servers.map(cpuSecondsOf);
    const loadBefore = os.loadavg()[0];
    const { rows } = await db.query('SELECT now() AS at');
    const from = rows[0].at;
    const started = performance.now();
    const operationsStarted = await drive(fixtures, http, settings.seconds, record);
    const seconds = (performance.now() - started) / 1000;
    const to = (await db.query('SELECT now() AS at')).rows[0].at;
    const cpu = servers.map((child, i) => ({
      process: child.label,
      cpuSeconds: round1(cpuSecondsOf(child) - cpuBefore[i]),
    }));
    const loadAfter = os.loadavg()[0];
    const drained = await waitForEventsDrained(db);
    const events = await eventDelays(db, from, to);
    // The servers, not the live children: a server that died has left that set.
    for (const child of servers)
      if (!alive(child)) throw new Error(`${child.label} died under load\n${tail(child)}`);
    const routeRows = summarizeRoutes(routes, seconds);
    const requests = routeRows.reduce((sum, row) => sum + row.requests, 0);
    return {
      apis: apiCount,
      seconds: round1(seconds),
      connections: settings.connections,
      requests,
      perSecond: round1(requests / seconds),
      bad: routeRows.reduce((sum, row) => sum + row.bad, 0),
      operationsStarted,
      routes: routeRows,
      events: { ...events, drained },
      cpu,
      loadAverage: { before: loadBefore, after: loadAfter },
    };
  } finally {
    http.close();
    await Promise.all([...apis, worker].map(stopChild));
    const logged = [...apis, worker].flatMap((child) =>
      errorLines(child).map((line) => `${child.label}: ${line.slice(0, 400)}`),
    );
    if (logged.length) {
      console.warn(`${logged.length} lines logged at error level; the first ones:`);
      for (const line of logged.slice(0, 5)) console.warn(line);
    }
    fixturesRef.errorLines = (fixturesRef.errorLines ?? 0) + logged.length;
  }
}

function table(run) {
  const lines = [
    ['route', 'requests', 'req/s', 'non-2xx/err', 'p50 ms', 'p99 ms'],
    ...run.routes.map((row) => [
      row.route,
      String(row.requests),
      row.perSecond.toFixed(1),
      String(row.bad),
      row.p50.toFixed(1),
      row.p99.toFixed(1),
    ]),
    ['all', String(run.requests), run.perSecond.toFixed(1), String(run.bad), '', ''],
  ];
  const widths = lines[0].map((_, i) => Math.max(...lines.map((line) => line[i].length)));
  const format = (line) =>
    `| ${line.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (i === 0 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`;
  return [format(lines[0]), rule, ...lines.slice(1).map(format)].join('\n');
}

function gitCommit() {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: ROOT,
      encoding: 'utf8',
    }).trim();
  } catch {
    return undefined;
  }
}

async function main() {
  for (const entry of [API_ENTRY, WORKER_ENTRY, MIGRATE_ENTRY])
    if (!existsSync(entry))
      throw new Error(`${entry} is missing: build first (npm run bench:mixed does)`);
  const loadBefore = os.loadavg()[0];
  let errorLines = 0;
  const runs = [];
  for (const apiCount of settings.apiCounts) {
    console.log(
      `\n${apiCount} API process${apiCount > 1 ? 'es' : ''} + 1 worker: ${settings.warmup} s warm-up, then ${settings.seconds} s at ${settings.connections} connections`,
    );
    // Each configuration starts afresh: no events or jobs left over from the one before.
    await prepareDatabase();
    await clearQueueKeys();
    const db = new pg.Pool({ connectionString: benchDbUrl, max: 2 });
    const fixturesRef = {};
    const run = await runWith(apiCount, db, fixturesRef).finally(() => db.end());
    errorLines += fixturesRef.errorLines ?? 0;
    runs.push(run);
    console.log(table(run));
    const e = run.events;
    console.log(
      `events: ${e.events} committed during the load, ${e.deliveries} subscriber deliveries of them (${e.handledDuringLoad} deliveries done while the load ran); outbox → inbox p50 ${e.p50} ms, p99 ${e.p99} ms, max ${e.max} ms${e.drained ? '' : ` (NOT DRAINED within ${settings.drainSeconds} s: the delays leave out what was still queued)`}`,
    );
    console.log(
      `CPU s: ${run.cpu.map((c) => `${c.process} ${c.cpuSeconds}`).join(', ')}; load average ${run.loadAverage.before.toFixed(2)} → ${run.loadAverage.after.toFixed(2)}`,
    );
    for (const row of run.routes)
      if (row.samples) console.log(`${row.route}: ${row.samples.join(' | ')}`);
  }
  mkdirSync(RESULTS_DIR, { recursive: true });
  const at = new Date().toISOString();
  const file = path.join(RESULTS_DIR, `mixed-${at.replace(/[:.]/g, '-')}.json`);
  const report = {
    at,
    commit: gitCommit(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      node: process.version,
      loadAverageBefore: loadBefore,
      loadAverageAfter: os.loadavg()[0],
    },
    settings,
    mix: MIX,
    runs,
    errorLines,
  };
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nResults written to ${path.relative(ROOT, file)}`);
  const failed = runs.some((run) => run.bad > 0 || !run.events.drained) || errorLines > 0;
  return failed ? 1 : 0;
}

main().then(
  (code) => shutdown(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    void shutdown(1);
  },
);
