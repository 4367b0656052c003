// `npm run bench` (builds first) or `node bench/run.mjs` (uses the existing dist/):
// migrates a bench database, starts the built API in production mode and the bare baseline
// (baseline.mjs) as child processes on free loopback ports, loads every scenario of scenarios.mjs
// on each with autocannon — one after the other, never both at once — and prints requests/s,
// p50, p99, CPU and PostgreSQL round trips per request, and the ratio API ÷ baseline measured in
// this run. Results also go to bench/results/<timestamp>.json. See bench/README.md.
/* global AbortSignal */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { scenarios } from './scenarios.mjs';
import { FANOUT_NAME, measureFanout } from './stream-fanout.mjs';
import { ANALYTICS_SCALE_NAME, measureAnalyticsScale } from './analytics-scale.mjs';
import {
  benchDatabaseUrl,
  benchProcesses,
  clearKeysUnder,
  freePort,
  intFromEnv,
  loopbackUrl,
} from './support.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const API_ENTRY = path.join(ROOT, 'dist/apps/api/src/main.js');
const MIGRATE_ENTRY = path.join(ROOT, 'dist/scripts/migrate.js');
const BASELINE_ENTRY = path.join(ROOT, 'bench/baseline.mjs');
/** Preloaded into both servers: counts their PostgreSQL statements (see count-queries.mjs). */
const STATEMENT_COUNTER = ['--import', path.join(ROOT, 'bench/count-queries.mjs')];
const RESULTS_DIR = path.join(ROOT, 'bench/results');
const QUEUE_PREFIX = 'etutors-bench';
/** Responses that are not 2xx (or errors, timeouts) beyond this share make a scenario INVALID. */
const MAX_BAD_SHARE = 0.001;

const settings = {
  duration: intFromEnv('BENCH_DURATION', 10, 1),
  connections: intFromEnv('BENCH_CONNECTIONS', 50, 1),
  warmup: intFromEnv('BENCH_WARMUP', 2, 0),
  // API and baseline take turns this many times per scenario, so that a slow spell of this
  // shared machine falls on both sides rather than on one.
  rounds: intFromEnv('BENCH_ROUNDS', 3, 1),
  database: process.env.BENCH_DATABASE || 'etutors_bench',
  fresh: process.env.BENCH_FRESH_DB === '1',
  strict: process.env.BENCH_STRICT === '1',
  only: (process.env.BENCH_ONLY ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean),
  logLevel: process.env.BENCH_LOG_LEVEL || 'warn',
  nodeFlags: (process.env.BENCH_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean),
};
if (!/^[a-z_][a-z0-9_]*$/.test(settings.database))
  throw new Error('BENCH_DATABASE must be a plain lower-case identifier');

const benchDbUrl = benchDatabaseUrl(settings.database);
// REDIS_URL='' runs without Redis (the API then uses inline jobs and in-memory limits).
const redisUrl =
  process.env.REDIS_URL === undefined
    ? 'redis://127.0.0.1:6379'
    : process.env.REDIS_URL && loopbackUrl('REDIS_URL', process.env.REDIS_URL).toString();

const childEnv = {
  ...process.env,
  NODE_ENV: 'production',
  LOG_LEVEL: settings.logLevel,
  DATABASE_URL: benchDbUrl,
  REDIS_URL: redisUrl || '',
  QUEUE_PREFIX,
  JWT_SECRET: randomBytes(48).toString('base64url'),
  DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  DOCS_ENABLED: 'false',
  // The sandbox: deterministic, no network (the payment scenario's baseline does what it does).
  PAYMENT_PROVIDER: 'sandbox',
  // The bench signs up and logs in from one address far more often than a person would.
  RATE_LIMIT_LOGIN_PER_IP: '1000000000',
  RATE_LIMIT_SIGNUP_PER_IP: '1000000000',
};

// ---------------------------------------------------------------------------------------------
// Child processes: every one is stopped on the way out, whatever the way out is.

const {
  alive,
  start: startChild,
  tail,
  shutdown,
  waitForLive: waitForLiveWithin,
  onShutdown,
} = benchProcesses({ root: ROOT, logPrefix: 'etutors-bench', stopGraceMs: 5000 });
const waitForLive = (child, base) => waitForLiveWithin(child, base, 60_000);

function runToEnd(label, args, env) {
  const child = startChild(label, args, env);
  return new Promise((resolve, reject) =>
    child.once('exit', (code, signal) =>
      code === 0
        ? resolve()
        : reject(new Error(`${label} exited with ${code ?? signal}\n${tail(child)}`)),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// Database and Redis

async function prepareDatabase() {
  const admin = new pg.Client({ connectionString: benchDatabaseUrl('postgres') });
  await admin.connect();
  try {
    if (settings.fresh)
      await admin.query(`DROP DATABASE IF EXISTS ${settings.database} WITH (FORCE)`);
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      settings.database,
    ]);
    if (rowCount === 0) {
      await admin.query(`CREATE DATABASE ${settings.database}`).catch((error) => {
        if (error.code !== '42P04') throw error; // created meanwhile
      });
      console.log(`Created database ${settings.database}`);
    }
  } finally {
    await admin.end();
  }
  await runToEnd('migrate', [MIGRATE_ENTRY, 'run'], childEnv);
  console.log(
    `${settings.database}: ${readFileSync(path.join(os.tmpdir(), 'etutors-bench-migrate.log'), 'utf8').trim()}`,
  );
}

/** Drops what earlier bench runs left under the bench's queue prefix (jobs nobody processes, limits). */
async function clearBenchKeys() {
  if (!redisUrl) return;
  await clearKeysUnder(redisUrl, QUEUE_PREFIX);
}

// ---------------------------------------------------------------------------------------------
// Load

const evaluate = (value, ctx) => (typeof value === 'function' ? value(ctx) : value);

/** The concrete request of one side: the baseline inherits what it does not override. */
function requestFor(scenario, side, ctx) {
  const spec = side === 'api' ? scenario : { ...scenario, ...scenario.baseline };
  if (spec.sequence) return { sequence: spec.sequence(ctx, side) };
  const nextRequest = spec.nextRequest;
  return {
    method: spec.method ?? 'GET',
    path: evaluate(spec.path, ctx),
    headers: evaluate(spec.headers, ctx) ?? {},
    body: evaluate(spec.body, ctx),
    nextRequest: nextRequest && (() => nextRequest(ctx, side)),
  };
}

/** One request outside the load: the route must answer 2xx before it is worth measuring. */
async function probe(base, request) {
  if (request.sequence) return probeSequence(base, request.sequence);
  const next = request.nextRequest?.() ?? {};
  const response = await fetch(base + request.path, {
    method: request.method,
    headers: { ...request.headers, ...next.headers },
    body: next.body ?? request.body,
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  if (response.status < 200 || response.status > 299)
    throw new Error(
      `${request.method} ${base}${request.path} answered ${response.status}: ${text.slice(0, 300)}`,
    );
}

/** One pass of a sequence outside the load, each answer handed to its step as in the load. */
async function probeSequence(base, steps) {
  const state = {};
  for (const step of steps) {
    const next = step.request?.(state) ?? {};
    const target = next.path ?? step.path;
    const response = await fetch(base + target, {
      method: step.method,
      headers: next.headers,
      body: next.body,
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    if (response.status < 200 || response.status > 299)
      throw new Error(
        `${step.method} ${base}${target} answered ${response.status}: ${text.slice(0, 300)}`,
      );
    step.onResponse?.(state, response.status, text);
  }
}

/** autocannon's `requests` for a sequence: each connection runs the steps in order, with its own state. */
const sequenceRequests = (steps) =>
  steps.map((step) => ({
    method: step.method,
    path: step.path,
    setupRequest: (req, state) => {
      const next = step.request?.(state) ?? {};
      return {
        ...req,
        ...(next.path === undefined ? {} : { path: next.path }),
        ...(next.body === undefined ? {} : { body: next.body }),
        headers: { ...req.headers, ...next.headers },
      };
    },
    ...(step.onResponse && {
      onResponse: (status, body, state) => step.onResponse(state, status, body),
    }),
  }));

let current;
function load(base, request, duration, connections) {
  return new Promise((done, fail) => {
    const options = {
      url: base + (request.path ?? request.sequence[0].path),
      method: request.method,
      headers: request.headers,
      body: request.body,
      duration,
      connections,
      timeout: 10,
    };
    if (request.sequence) options.requests = sequenceRequests(request.sequence);
    else if (request.nextRequest)
      options.requests = [
        {
          setupRequest: (req) => {
            const next = request.nextRequest();
            return {
              ...req,
              ...(next.body === undefined ? {} : { body: next.body }),
              headers: { ...req.headers, ...next.headers },
            };
          },
        },
      ];
    current = autocannon(options, (error, result) => {
      current = undefined;
      if (error) fail(error);
      else done(result);
    });
  });
}

const summarize = (result) => ({
  rps: Math.round(result.requests.average * 10) / 10,
  seconds: result.duration,
  p50: result.latency.p50,
  p99: result.latency.p99,
  latencyAverage: result.latency.average,
  requests: result.requests.total,
  bad: result.non2xx + result.errors,
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
  bytesPerResponse: result.requests.total
    ? Math.round(result.throughput.total / result.requests.total)
    : 0,
});

/**
 * CPU seconds a server process has used so far (user + system, from /proc). Divided by the
 * requests served, it is far steadier than requests/s on a shared machine: it does not move with
 * whatever else competes for the cores. Undefined where /proc is not there.
 */
function cpuSecondsOf(child) {
  try {
    const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** The PostgreSQL statements a server has sent and the requests it has received (count-queries.mjs). */
function countsOf(child) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off('message', onMessage);
      reject(new Error(`${child.label} did not report its counts`));
    }, 5000);
    const onMessage = (message) => {
      if (typeof message?.statements !== 'number') return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(message);
    };
    child.on('message', onMessage);
    child.send('bench:counts');
  });
}

/** Several rounds of one side as one measurement: requests over time, median latencies. */
function combine(rounds) {
  const sum = (pick) => rounds.reduce((total, round) => total + pick(round), 0);
  const median = (pick) => {
    const values = rounds.map(pick).sort((a, b) => a - b);
    return values[Math.floor(values.length / 2)];
  };
  const requests = sum((r) => r.requests);
  const seconds = sum((r) => r.seconds);
  return {
    rps: Math.round((requests / seconds) * 10) / 10,
    p50: median((r) => r.p50),
    p99: median((r) => r.p99),
    latencyAverage: Math.round(median((r) => r.latencyAverage) * 100) / 100,
    requests,
    bad: sum((r) => r.bad),
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    bytesPerResponse: median((r) => r.bytesPerResponse),
    cpuMicrosPerRequest: rounds.every((r) => r.cpuSeconds !== undefined)
      ? Math.round((sum((r) => r.cpuSeconds) * 1e6) / Math.max(requests, 1))
      : undefined,
    roundTripsPerRequest:
      Math.round(
        (sum((r) => r.statements) /
          Math.max(
            sum((r) => r.received),
            1,
          )) *
          100,
      ) / 100,
    rounds: rounds.map((r) => r.rps),
  };
}

/** Warms both sides, then loads them in turns (`BENCH_ROUNDS`), never both at once. */
async function measurePair(scenario, bases, servers, requests, connections) {
  const roundSeconds = Math.max(1, Math.round(settings.duration / settings.rounds));
  const rounds = { api: [], baseline: [] };
  for (const side of ['api', 'baseline'])
    if (settings.warmup > 0 && scenario.warmup !== false)
      await load(bases[side], requests[side], settings.warmup, connections);
  for (let round = 0; round < settings.rounds; round += 1) {
    for (const side of ['api', 'baseline']) {
      const countsBefore = await countsOf(servers[side]);
      const cpuBefore = cpuSecondsOf(servers[side]);
      const result = summarize(await load(bases[side], requests[side], roundSeconds, connections));
      const cpuAfter = cpuSecondsOf(servers[side]);
      const countsAfter = await countsOf(servers[side]);
      result.statements = countsAfter.statements - countsBefore.statements;
      result.received = countsAfter.requests - countsBefore.requests;
      if (cpuBefore !== undefined && cpuAfter !== undefined)
        result.cpuSeconds = cpuAfter - cpuBefore;
      rounds[side].push(result);
      // The servers, not the live children: a server that died has left that set.
      for (const child of Object.values(servers))
        if (!alive(child))
          throw new Error(`${child.label} died during ${scenario.name} (${side})\n${tail(child)}`);
    }
  }
  return { api: combine(rounds.api), baseline: combine(rounds.baseline) };
}

async function runScenario(scenario, ctx, bases, servers) {
  const connections = scenario.connections ?? settings.connections;
  const row = { scenario: scenario.name, target: scenario.target, connections };
  try {
    await scenario.setup?.(ctx);
    const api = requestFor(scenario, 'api', ctx);
    const baseline = requestFor(scenario, 'baseline', ctx);
    await probe(bases.api, api);
    await probe(bases.baseline, baseline);
    Object.assign(row, await measurePair(scenario, bases, servers, { api, baseline }, connections));
    row.ratio = Math.round((row.api.rps / row.baseline.rps) * 100) / 100;
    const badShare = Math.max(
      row.api.bad / Math.max(row.api.requests, 1),
      row.baseline.bad / Math.max(row.baseline.requests, 1),
    );
    row.verdict =
      badShare > MAX_BAD_SHARE
        ? 'INVALID'
        : scenario.target === null
          ? 'reported'
          : row.ratio >= scenario.target
            ? 'PASS'
            : 'BELOW';
  } catch (error) {
    row.verdict = 'ERROR';
    row.error = error.message;
    console.error(`${scenario.name}: ${error.message}`);
  }
  if (row.api && row.baseline)
    console.log(
      `${scenario.name}: api ${row.api.rps} req/s (${row.api.cpuMicrosPerRequest ?? '?'} µs CPU, ${row.api.roundTripsPerRequest} round trips each), baseline ${row.baseline.rps} req/s (${row.baseline.cpuMicrosPerRequest ?? '?'} µs, ${row.baseline.roundTripsPerRequest}) → ${row.ratio} (target ${scenario.target ?? 'none'}) ${row.verdict}`,
    );
  return row;
}

// ---------------------------------------------------------------------------------------------
// Report

const targetText = (target) => (target === null ? 'none' : target.toFixed(2));

function table(rows) {
  const header = [
    'scenario',
    'target',
    'req/s',
    'p50 ms',
    'p99 ms',
    'non-2xx/err',
    'CPU µs/req',
    'DB trips/req',
    'ratio',
    'target ratio',
    'verdict',
  ];
  const lines = [header];
  for (const row of rows) {
    if (!row.api || !row.baseline) {
      lines.push([
        row.scenario,
        '—',
        '—',
        '—',
        '—',
        '—',
        '—',
        '—',
        '—',
        targetText(row.target),
        row.verdict,
      ]);
      continue;
    }
    const side = (name, m) => [
      name,
      m.rps.toFixed(0),
      String(m.p50),
      String(m.p99),
      String(m.bad),
      String(m.cpuMicrosPerRequest ?? '—'),
      m.roundTripsPerRequest.toFixed(2),
    ];
    lines.push([
      row.scenario,
      ...side('api', row.api),
      row.ratio.toFixed(2),
      targetText(row.target),
      row.verdict,
    ]);
    lines.push(['', ...side('baseline', row.baseline), '', '', '']);
  }
  const widths = header.map((_, i) => Math.max(...lines.map((line) => line[i].length)));
  const numeric = new Set([2, 3, 4, 5, 6, 7, 8, 9]);
  const format = (line) =>
    `| ${line.map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (numeric.has(i) ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  return [format(lines[0]), rule, ...lines.slice(1).map(format)].join('\n');
}

function gitCommit() {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------

async function main() {
  for (const entry of [API_ENTRY, MIGRATE_ENTRY])
    if (!existsSync(entry))
      throw new Error(`${entry} is missing: build first (npm run bench does)`);
  const names = new Set();
  for (const s of scenarios) {
    const problem =
      (typeof s.name !== 'string' || names.has(s.name) ? 'a unique name' : '') ||
      (!s.path && !s.sequence ? 'a path or a sequence' : '') ||
      (!s.sequence && !s.baseline?.path ? 'baseline.path' : '') ||
      (typeof s.target !== 'number' && s.target !== null ? 'a numeric target or null' : '');
    if (problem) throw new Error(`scenarios.mjs: scenario ${s.name ?? '?'} needs ${problem}`);
    names.add(s.name);
  }
  const selected = settings.only.length
    ? scenarios.filter((s) => settings.only.some((name) => s.name.includes(name)))
    : scenarios;
  // The live stream's fan-out (stream-fanout.mjs) runs after the scenarios, on the same API.
  const fanoutSelected =
    settings.only.length === 0 || settings.only.some((name) => FANOUT_NAME.includes(name));
  // The analytics scale check (analytics-scale.mjs) runs last, on the bench database.
  const analyticsSelected =
    settings.only.length === 0 || settings.only.some((name) => ANALYTICS_SCALE_NAME.includes(name));
  if (selected.length === 0 && !fanoutSelected && !analyticsSelected)
    throw new Error(`BENCH_ONLY matched no scenario`);

  const loadBefore = os.loadavg()[0];
  if (loadBefore > os.cpus().length / 2)
    console.warn(
      `Warning: load average ${loadBefore.toFixed(2)} on ${os.cpus().length} cores; something else is running, figures will be noisy`,
    );

  await prepareDatabase();
  await clearBenchKeys();

  const apiPort = await freePort();
  let baselinePort = await freePort();
  while (baselinePort === apiPort) baselinePort = await freePort();
  const bases = {
    api: `http://127.0.0.1:${apiPort}`,
    baseline: `http://127.0.0.1:${baselinePort}`,
  };
  const api = startChild(
    'api',
    [...STATEMENT_COUNTER, ...settings.nodeFlags, API_ENTRY],
    { ...childEnv, PORT: String(apiPort) },
    { ipc: true },
  );
  const baseline = startChild(
    'baseline',
    [...STATEMENT_COUNTER, ...settings.nodeFlags, BASELINE_ENTRY],
    { ...childEnv, PORT: String(baselinePort) },
    { ipc: true },
  );
  await Promise.all([waitForLive(api, bases.api), waitForLive(baseline, bases.baseline)]);
  console.log(
    `API on ${bases.api}, baseline on ${bases.baseline}; ${settings.warmup} s warm-up, then ${settings.rounds} turns each of ${Math.max(1, Math.round(settings.duration / settings.rounds))} s per side, ${settings.connections} connections unless a scenario says otherwise`,
  );

  const db = new pg.Pool({ connectionString: benchDbUrl, max: 2 });
  onShutdown(() => db.end());
  const memo = new Map();
  const ctx = {
    db,
    env: childEnv,
    settings,
    api: { url: bases.api, fetch: (route, init) => fetch(bases.api + route, init) },
    baseline: { url: bases.baseline, fetch: (route, init) => fetch(bases.baseline + route, init) },
    /** Runs `make` once per run under `key`; later calls get the same promise. */
    once: (key, make) => {
      if (!memo.has(key)) memo.set(key, make());
      return memo.get(key);
    },
  };

  const rows = [];
  for (const scenario of selected)
    rows.push(await runScenario(scenario, ctx, bases, { api, baseline }));

  if (rows.length > 0) {
    console.log(`\n${table(rows)}\n`);
    console.log(
      'ratio = API req/s ÷ baseline req/s in this run, on this machine; compare ratios, never absolute figures across runs. DB trips/req = PostgreSQL statements sent per request received.',
    );
  }

  let fanout;
  if (fanoutSelected) {
    try {
      fanout = await measureFanout(ctx);
      console.log(
        `\n${FANOUT_NAME}: ${fanout.arrived} of ${fanout.expected} items on ${fanout.streams} streams (${fanout.users} users; opened in ${fanout.openSeconds} s, ${fanout.users} commits in ${fanout.commitsMs} ms); commit to arrival p50 ${fanout.p50} ms, p99 ${fanout.p99} ms, max ${fanout.max} ms`,
      );
    } catch (error) {
      fanout = { error: error.message };
      console.error(`${FANOUT_NAME}: ${error.message}`);
    }
  }

  let analyticsScale;
  if (analyticsSelected) {
    try {
      analyticsScale = await measureAnalyticsScale(ctx);
      const bySize = [...analyticsScale.results].sort((a, b) => a.facts - b.facts);
      const [smallest, largest] = [bySize[0], bySize.at(-1)];
      console.log(
        `\n${ANALYTICS_SCALE_NAME}: ${largest.facts} ÷ ${smallest.facts} facts, ${analyticsScale.rounds} turns each: overview ${analyticsScale.ratio.overview}× (p50 ${largest.overview.p50} / ${smallest.overview.p50} ms), leaderboard ${analyticsScale.ratio.leaderboard}× (p50 ${largest.leaderboard.p50} / ${smallest.leaderboard.p50} ms)`,
      );
      console.log(
        analyticsScale.apiRatio
          ? `${ANALYTICS_SCALE_NAME}: through the API: overview ${analyticsScale.apiRatio.overview}× (p50 ${largest.api.overview.p50} / ${smallest.api.overview.p50} ms), leaderboard ${analyticsScale.apiRatio.leaderboard}× (p50 ${largest.api.leaderboard.p50} / ${smallest.api.leaderboard.p50} ms)`
          : `${ANALYTICS_SCALE_NAME}: this build has no GET /admin/analytics/overview; the statements alone were timed`,
      );
      for (const [label, lines] of Object.entries(analyticsScale.plans))
        console.log(`\nEXPLAIN ${label} (${largest.facts} facts):\n${lines.join('\n')}`);
    } catch (error) {
      analyticsScale = { error: error.message };
      console.error(`${ANALYTICS_SCALE_NAME}: ${error.message}`);
    }
  }

  mkdirSync(RESULTS_DIR, { recursive: true });
  const at = new Date().toISOString();
  const file = path.join(RESULTS_DIR, `${at.replace(/[:.]/g, '-')}.json`);
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
    settings: {
      duration: settings.duration,
      rounds: settings.rounds,
      warmup: settings.warmup,
      connections: settings.connections,
      logLevel: settings.logLevel,
      nodeFlags: settings.nodeFlags,
      redis: Boolean(redisUrl),
    },
    results: rows,
    ...(fanout && { streamFanout: fanout }),
    ...(analyticsScale && { analyticsScale }),
  };
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`Results written to ${path.relative(ROOT, file)}`);
  for (const child of [api, baseline]) {
    const size = statSync(child.logFile).size;
    if (size > 0) console.log(`${child.label} wrote ${size} bytes of log: ${child.logFile}`);
  }

  const failed = rows.filter((row) => row.verdict === 'ERROR' || row.verdict === 'INVALID');
  const below = rows.filter((row) => row.verdict === 'BELOW');
  const fanoutFailed = fanout && (fanout.error || fanout.arrived < fanout.expected);
  const analyticsFailed = analyticsScale?.error !== undefined;
  return failed.length > 0 ||
    fanoutFailed ||
    analyticsFailed ||
    (settings.strict && below.length > 0)
    ? 1
    : 0;
}

main().then(
  (code) => shutdown(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    current?.stop();
    void shutdown(1);
  },
);
