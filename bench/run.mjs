// `npm run bench`: starts the built API in production mode and the bare baseline side by side on
// this machine, loads each scenario on both with autocannon (never at the same time), and prints
// requests/s, p50, p99 and the ratio to the baseline measured in the same run.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import autocannon from 'autocannon';
import pg from 'pg';
import { scenarios } from './scenarios.mjs';

const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const API_PORT = 4100;
const BASELINE_PORT = 4200;
const DB = 'etutors_bench';
const SLOTS_TUTOR = '00000000-0000-7000-8000-00000000b001';
const BOOKING_TUTOR = '00000000-0000-7000-8000-00000000b002';
const BASELINE_BOOKING_TUTOR = '00000000-0000-7000-8000-00000000b003';
let benchSubject = '';
const children = [];

const dbUrl = (() => {
  const url = new URL(SERVER_URL);
  url.pathname = `/${DB}`;
  return url.toString();
})();

const env = {
  ...process.env,
  NODE_ENV: 'production',
  LOG_LEVEL: 'warn',
  DATABASE_URL: dbUrl,
  REDIS_URL,
  QUEUE_PREFIX: `bench-${Date.now()}`,
  JWT_SECRET: randomBytes(32).toString('hex'),
  DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  RATE_LIMIT_LOGIN_PER_IP: '100000000',
  RATE_LIMIT_SIGNUP_PER_IP: '100000000',
  DOCS_ENABLED: 'false',
};

function start(script, port) {
  const child = spawn(process.execPath, [script], {
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.push(child);
  return child;
}

async function waitFor(url) {
  for (let i = 0; i < 200; i += 1) {
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not come up`);
}

const run = (command, args, extraEnv) =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...env, ...extraEnv }, stdio: 'inherit' });
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${args.join(' ')} exited ${code}`)),
    );
  });

async function prepareDatabase() {
  const server = new pg.Client({ connectionString: SERVER_URL });
  await server.connect();
  await server.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await server.query(`CREATE DATABASE ${DB}`);
  await server.end();
  await run(process.execPath, ['dist/scripts/migrate.js', 'run']);
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  // A catalogue of 10,000 approved tutors over 50 subjects.
  await db.query(`INSERT INTO tutoring.subjects (id, slug, name, category)
                  SELECT gen_random_uuid(), 'bench-subject-' || i, 'Bench subject ' || i, 'Bench' FROM generate_series(1, 50) i`);
  await db.query(`
    INSERT INTO tutoring.tutors (user_id, display_name, status, headline, bio, hourly_rate_amount, currency, languages, timezone,
                                 subject_ids, rating_count, rating_sum, rating_average, search, approved_at)
    SELECT gen_random_uuid(), 'Tutor ' || i, 'approved', 'Headline ' || i, 'Bio ' || i, 500 + (i % 900) * 100, 'USD',
           ARRAY['en'], 'UTC', ARRAY[]::uuid[], i % 40, (i % 40) * 4, CASE WHEN i % 40 = 0 THEN NULL ELSE 3 + (i % 200) / 100.0 END,
           to_tsvector('simple', 'Tutor ' || i || ' word' || (i % 500)), now()
      FROM generate_series(1, 10000) i`);
  await db.query(`
    WITH s AS (SELECT id, row_number() OVER (ORDER BY slug) - 1 AS n FROM tutoring.subjects)
    INSERT INTO tutoring.tutor_subjects (tutor_id, subject_id)
    SELECT t.user_id, s.id FROM tutoring.tutors t JOIN s ON s.n = abs(hashtext(t.user_id::text)) % 50`);
  await db.query(
    `UPDATE tutoring.tutors t SET subject_ids = ARRAY(SELECT subject_id FROM tutoring.tutor_subjects WHERE tutor_id = t.user_id)`,
  );
  // Scheduling: a tutor open all week with 200 confirmed bookings over the next 31 days (slots),
  // and two more open tutors that the booking scenario fills (one for the API, one for the baseline).
  const subject = (
    await db.query(`SELECT id FROM tutoring.subjects WHERE slug = 'bench-subject-1'`)
  ).rows[0].id;
  for (const id of [SLOTS_TUTOR, BOOKING_TUTOR, BASELINE_BOOKING_TUTOR]) {
    await db.query(
      `INSERT INTO tutoring.tutors (user_id, display_name, status, headline, bio, hourly_rate_amount, currency, languages, timezone, subject_ids, approved_at)
       VALUES ($1, 'Bench tutor', 'approved', 'Bench', 'Bench', 4000, 'USD', ARRAY['en'], 'UTC', ARRAY[$2::uuid], now())`,
      [id, subject],
    );
    await db.query(`INSERT INTO tutoring.tutor_subjects (tutor_id, subject_id) VALUES ($1, $2)`, [
      id,
      subject,
    ]);
    await db.query(
      `INSERT INTO scheduling.availability (tutor_id, timezone, weekly, buffer_minutes, min_notice_minutes, max_advance_days)
       VALUES ($1, 'UTC', $2, 0, 0, 365)`,
      [
        id,
        JSON.stringify(
          [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' })),
        ),
      ],
    );
  }
  await db.query(
    `INSERT INTO scheduling.bookings (id, tutor_id, student_id, subject_id, starts_at, ends_at, blocked_until, status, price_amount, currency, hold_expires_at)
     SELECT gen_random_uuid(), $1, gen_random_uuid(), $2, t, t + interval '1 hour', t + interval '1 hour', 'confirmed', 4000, 'USD', now()
       FROM (SELECT date_trunc('hour', now()) + interval '1 day' + i * interval '210 minutes' AS t FROM generate_series(0, 199) i) s`,
    [SLOTS_TUTOR, subject],
  );
  benchSubject = subject;
  await db.query('ANALYZE');
  await db.end();
}

function load(url, scenario, ctx, side) {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        method: scenario.method,
        duration: DURATION,
        connections: scenario.connections ?? CONNECTIONS,
        headers: scenario.headers?.(ctx),
        body: scenario.body?.(ctx),
        // Scenarios that must send a different body each time (e.g. a new booking) build it here.
        ...(scenario.request
          ? {
              requests: [
                { setupRequest: (request) => ({ ...request, body: scenario.request(ctx, side) }) },
              ],
            }
          : {}),
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

async function main() {
  await prepareDatabase();
  start('dist/apps/api/src/main.js', API_PORT);
  start('bench/baseline.mjs', BASELINE_PORT);
  await waitFor(`http://127.0.0.1:${API_PORT}/health/live`);
  await waitFor(`http://127.0.0.1:${BASELINE_PORT}/health/live`);

  const ctx = { email: `bench-${Date.now()}@etutors.bench`, password: 'bench-password-plum-42' };
  const registered = await fetch(`http://127.0.0.1:${API_PORT}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: ctx.email,
      password: ctx.password,
      displayName: 'Bench',
      role: 'student',
    }),
  }).then((r) => r.json());
  ctx.token = registered.accessToken;
  ctx.slotsTutor = SLOTS_TUTOR;
  ctx.bookingTutor = BOOKING_TUTOR;
  ctx.baselineBookingTutor = BASELINE_BOOKING_TUTOR;
  ctx.subject = benchSubject;
  const tomorrow = Date.now() + 86_400_000;
  ctx.from = new Date(tomorrow).toISOString();
  ctx.to = new Date(tomorrow + 31 * 86_400_000).toISOString();

  const rows = [];
  for (const scenario of scenarios) {
    // Warm the API up briefly (not for scenarios that change state), then measure each side alone.
    const path = (route) => (typeof route === 'function' ? route(ctx) : route);
    const apiUrl = `http://127.0.0.1:${API_PORT}${path(scenario.api)}`;
    if (!scenario.noWarmup) await load(apiUrl, scenario, ctx, 'api').catch(() => undefined);
    const api = await load(apiUrl, scenario, ctx, 'api');
    const baseline = await load(
      `http://127.0.0.1:${BASELINE_PORT}${path(scenario.baseline)}`,
      scenario,
      ctx,
      'baseline',
    );
    const ratio = api.requests.average / baseline.requests.average;
    rows.push({
      scenario: scenario.name,
      apiRps: Math.round(api.requests.average),
      apiP50: api.latency.p50,
      apiP99: api.latency.p99,
      apiErrors: api.non2xx + api.errors,
      baselineRps: Math.round(baseline.requests.average),
      baselineP99: baseline.latency.p99,
      ratio: Math.round(ratio * 100) / 100,
      target: scenario.target,
      verdict: ratio >= scenario.target ? 'PASS' : 'BELOW',
    });
    console.log(
      `${scenario.name}: api ${rows.at(-1).apiRps} req/s (p99 ${api.latency.p99} ms) vs baseline ${rows.at(-1).baselineRps} → ${rows.at(-1).ratio}`,
    );
  }
  console.table(rows);
  mkdirSync('bench/results', { recursive: true });
  const file = `bench/results/${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  writeFileSync(
    file,
    JSON.stringify(
      { at: new Date().toISOString(), duration: DURATION, connections: CONNECTIONS, rows },
      null,
      2,
    ),
  );
  console.log(`Results written to ${file}`);
}

const stop = () => children.forEach((child) => child.kill('SIGTERM'));
process.on('exit', stop);
process.on('SIGINT', () => process.exit(130));
main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
