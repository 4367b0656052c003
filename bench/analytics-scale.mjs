// The analytics scale check (run by run.mjs after the scenarios; on its own with
// `BENCH_ONLY=analytics-scale node bench/run.mjs`): fills the bench database's analytics facts in
// bulk SQL at each size of ANALYTICS_FACTS (10,000 and 1,000,000 by default) — the same tutors,
// students and date window every time, so only the number of facts changes — derives the daily
// aggregates from them with the projections' attribution, then times the admin overview and the
// tutor leaderboard at each size in this one run and prints the ratio of the largest to the
// smallest, with EXPLAIN of each statement at the largest size.
//
// Timed twice: the statements the overview and the leaderboard answer from (the daily aggregates
// only) through `pg`, the latency of the data access, which is what would grow with the facts if
// anything did; and, when the API serves them, `GET /admin/analytics/overview` and
// `/admin/analytics/tutors` themselves, each size moved into the `analytics` schema in its turn.
import { performance } from 'node:perf_hooks';
import { benchAdmin } from './fixtures.mjs';

/** What `BENCH_ONLY` names to select this check. */
export const ANALYTICS_SCALE_NAME = 'analytics-scale';

/** A fixed marketplace: only the number of facts changes between sizes. */
const TUTORS = 40;
const STUDENTS = 40;
const WINDOW_START = '2030-01-01T00:00:00Z';
const WINDOW_DAYS = 120;
/** The period asked for: the window's last 30 days, and the 30 before for the deltas. */
const PERIOD = { from: '2030-04-01', to: '2030-05-01', previousFrom: '2030-03-02' };
const LEADERBOARD_LIMIT = 20;

const sizesFromEnv = () =>
  (process.env.ANALYTICS_FACTS ?? '10000,1000000').split(',').map((raw) => {
    const value = Number(raw.trim());
    if (!Number.isInteger(value) || value < 100 || value % 100 !== 0)
      throw new Error('ANALYTICS_FACTS must be whole hundreds ≥ 100, comma-separated');
    return value;
  });
const intFromEnv = (name, fallback) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be an integer ≥ 1`);
  return value;
};

const ANALYTICS_TABLES = [
  'users',
  'bookings',
  'payments',
  'refunds',
  'reviews',
  'tutor_availability',
  'daily_tutor_stats',
  'daily_tutor_reviews',
  'daily_activity',
];

// Ids: tutor n is …-1000000000nn, student n …-2000000000nn; booking i (and its payment, refund,
// review) carries i in its last twelve hex digits behind a kind digit.
const id = (prefix, expr) =>
  `('0190a0c0-0000-7000-8000-${prefix}' || lpad(to_hex(${expr}), 11, '0'))::uuid`;
const TUTOR = (n) => id('1', n);
const STUDENT = (n) => id('2', n);

/**
 * The facts of `facts` in total: bookings half of them, payments 40 % (every booking that was
 * confirmed), refunds 5 % (confirmed, then cancelled), reviews 5 % (of completed lessons). Of ten
 * bookings in a row: 0–5 are completed, 6 is cancelled after confirmation and refunded, 7 is
 * confirmed and still to come, 8 is cancelled before confirmation, 9 expired unpaid.
 * Pseudo-random times inside the window come from a multiplicative hash of the booking number.
 */
function factsSql(facts) {
  const bookings = facts / 2;
  const minutes = WINDOW_DAYS * 1440;
  return [
    `INSERT INTO analytics.users (user_id, roles, registered_at)
       SELECT ${TUTOR('n')}, '{tutor}'::text[], timestamptz '${WINDOW_START}' - interval '400 days' + n * interval '1 day'
         FROM generate_series(1, ${TUTORS}) n
       UNION ALL
       SELECT ${STUDENT('n')}, '{student}'::text[], timestamptz '${WINDOW_START}' + (n * 3 % ${WINDOW_DAYS}) * interval '1 day'
         FROM generate_series(1, ${STUDENTS}) n`,
    `INSERT INTO analytics.tutor_availability (tutor_id, effective_at, weekly_minutes)
       SELECT ${TUTOR('n')}, timestamptz '${WINDOW_START}' - interval '30 days', 1200 + n * 30
         FROM generate_series(1, ${TUTORS}) n`,
    `INSERT INTO analytics.bookings
       (booking_id, tutor_id, student_id, subject_id, starts_at, ends_at, times_as_of,
        price_amount, currency, requested_at, confirmed_at, cancelled_at, cancelled_by,
        cancelled_was_confirmed, cancelled_hours_before, refund_amount, expired_at, completed_at)
     SELECT ${id('3', 'i')}, ${TUTOR('t')}, ${STUDENT('s')}, NULL,
            requested + lead, requested + lead + interval '60 minutes', requested,
            price, CASE WHEN t % 2 = 0 THEN 'EUR' ELSE 'USD' END,
            requested,
            CASE WHEN k <= 7 THEN requested + interval '10 minutes' END,
            CASE WHEN k IN (6, 8) THEN requested + interval '30 minutes' END,
            CASE WHEN k IN (6, 8) THEN 'student' END,
            CASE WHEN k = 6 THEN true WHEN k = 8 THEN false END,
            CASE WHEN k IN (6, 8) THEN extract(epoch FROM lead - interval '30 minutes') / 3600 END,
            CASE WHEN k = 6 THEN price END,
            CASE WHEN k = 9 THEN requested + interval '15 minutes' END,
            CASE WHEN k <= 5 THEN requested + lead + interval '60 minutes' END
       FROM (SELECT i, k, t, s, requested, lead, 3000 + (t % 5) * 500 AS price
               FROM (SELECT i, i % 10 AS k, (i / 10) % ${TUTORS} + 1 AS t,
                            ((i / 10) * 7 + i) % ${STUDENTS} + 1 AS s,
                            timestamptz '${WINDOW_START}' + ((i::bigint * 2654435761) % ${minutes}) * interval '1 minute' AS requested,
                            (1 + (i * 13) % 96) * interval '1 hour' AS lead
                       FROM generate_series(1, ${bookings}) i) numbered) b`,
    `INSERT INTO analytics.payments
       (payment_id, booking_id, tutor_id, student_id, currency, gross, platform_fee, succeeded_at)
     SELECT ${id('4', "('x' || right(b.booking_id::text, 11))::bit(44)::bigint")}, b.booking_id, b.tutor_id, b.student_id,
            b.currency, b.price_amount, b.price_amount * 15 / 100, b.confirmed_at
       FROM analytics.bookings b WHERE b.confirmed_at IS NOT NULL`,
    `INSERT INTO analytics.refunds
       (refund_id, payment_id, booking_id, tutor_id, student_id, currency, amount, fee_reversed,
        source, refunded_at)
     SELECT ${id('5', "('x' || right(p.booking_id::text, 11))::bit(44)::bigint")}, p.payment_id, p.booking_id, p.tutor_id, p.student_id,
            p.currency, p.gross, p.platform_fee, 'cancellation', b.cancelled_at + interval '1 minute'
       FROM analytics.payments p JOIN analytics.bookings b USING (booking_id)
      WHERE b.cancelled_at IS NOT NULL`,
    // A review of every completed lesson whose booking number ends in 0.
    `INSERT INTO analytics.reviews (review_id, lesson_id, tutor_id, student_id, rating, submitted_at)
     SELECT ${id('6', "('x' || right(b.booking_id::text, 11))::bit(44)::bigint")}, b.booking_id, b.tutor_id, b.student_id,
            1 + (('x' || right(b.booking_id::text, 11))::bit(44)::bigint / 10) % 5,
            b.completed_at + interval '2 hours'
       FROM analytics.bookings b
      WHERE b.completed_at IS NOT NULL
        AND ('x' || right(b.booking_id::text, 11))::bit(44)::bigint % 10 = 0`,
  ];
}

/**
 * The daily aggregates from the facts, each fact counted on the UTC day of its own moment as the
 * projections attribute it: created on requested_at, confirmed on confirmed_at, cancelled (and
 * confirmed_cancelled) on cancelled_at, completed lessons and minutes on completed_at, booked
 * minutes on the lesson's start for bookings confirmed and not cancelled, gross and fees on the
 * payment's success, refunds and fees reversed on the refund; activity for student and tutor on
 * the day of the request and of the lesson's completion; reviews on submission.
 */
const AGGREGATES_SQL = [
  `INSERT INTO analytics.daily_tutor_stats
     (day, tutor_id, currency, bookings_created, bookings_confirmed, bookings_cancelled,
      confirmed_cancelled, lessons_completed, completed_minutes, booked_minutes, gross,
      platform_fees, refunds, fees_reversed)
   SELECT day, tutor_id, currency, sum(created), sum(confirmed), sum(cancelled),
          sum(confirmed_cancelled), sum(completed), sum(completed_minutes), sum(booked_minutes),
          sum(gross), sum(fees), sum(refunds), sum(fees_reversed)
     FROM (
       SELECT (requested_at AT TIME ZONE 'UTC')::date AS day, tutor_id, currency,
              1 AS created, 0 AS confirmed, 0 AS cancelled, 0 AS confirmed_cancelled,
              0 AS completed, 0 AS completed_minutes, 0 AS booked_minutes,
              0 AS gross, 0 AS fees, 0 AS refunds, 0 AS fees_reversed
         FROM analytics.bookings WHERE requested_at IS NOT NULL
       UNION ALL
       SELECT (confirmed_at AT TIME ZONE 'UTC')::date, tutor_id, currency,
              0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0
         FROM analytics.bookings WHERE confirmed_at IS NOT NULL
       UNION ALL
       SELECT (cancelled_at AT TIME ZONE 'UTC')::date, tutor_id, currency,
              0, 0, 1, CASE WHEN cancelled_was_confirmed THEN 1 ELSE 0 END, 0, 0, 0, 0, 0, 0, 0
         FROM analytics.bookings WHERE cancelled_at IS NOT NULL
       UNION ALL
       SELECT (completed_at AT TIME ZONE 'UTC')::date, tutor_id, currency,
              0, 0, 0, 0, 1, extract(epoch FROM ends_at - starts_at)::bigint / 60, 0, 0, 0, 0, 0
         FROM analytics.bookings WHERE completed_at IS NOT NULL
       UNION ALL
       SELECT (starts_at AT TIME ZONE 'UTC')::date, tutor_id, currency,
              0, 0, 0, 0, 0, 0, extract(epoch FROM ends_at - starts_at)::bigint / 60, 0, 0, 0, 0
         FROM analytics.bookings WHERE confirmed_at IS NOT NULL AND cancelled_at IS NULL
       UNION ALL
       SELECT (succeeded_at AT TIME ZONE 'UTC')::date, tutor_id, currency,
              0, 0, 0, 0, 0, 0, 0, gross, platform_fee, 0, 0
         FROM analytics.payments
       UNION ALL
       SELECT (refunded_at AT TIME ZONE 'UTC')::date, tutor_id, currency,
              0, 0, 0, 0, 0, 0, 0, 0, 0, amount, fee_reversed
         FROM analytics.refunds
     ) contributions
    GROUP BY day, tutor_id, currency`,
  `INSERT INTO analytics.daily_tutor_reviews (day, tutor_id, reviews, rating_sum)
   SELECT (submitted_at AT TIME ZONE 'UTC')::date, tutor_id, count(*), sum(rating)
     FROM analytics.reviews GROUP BY 1, 2`,
  `INSERT INTO analytics.daily_activity (day, user_id, role)
   SELECT DISTINCT day, user_id, role FROM (
     SELECT (requested_at AT TIME ZONE 'UTC')::date AS day, student_id AS user_id, 'student' AS role
       FROM analytics.bookings WHERE requested_at IS NOT NULL
     UNION ALL
     SELECT (requested_at AT TIME ZONE 'UTC')::date, tutor_id, 'tutor'
       FROM analytics.bookings WHERE requested_at IS NOT NULL
     UNION ALL
     SELECT (completed_at AT TIME ZONE 'UTC')::date, student_id, 'student'
       FROM analytics.bookings WHERE completed_at IS NOT NULL
     UNION ALL
     SELECT (completed_at AT TIME ZONE 'UTC')::date, tutor_id, 'tutor'
       FROM analytics.bookings WHERE completed_at IS NOT NULL
   ) activity`,
];

/** The overview of one period: bookings, revenue per currency, active users, new users. */
const OVERVIEW_STATEMENTS = [
  `SELECT coalesce(sum(bookings_created), 0)::int AS created,
          coalesce(sum(bookings_confirmed), 0)::int AS confirmed,
          coalesce(sum(bookings_cancelled), 0)::int AS cancelled,
          coalesce(sum(lessons_completed), 0)::int AS completed
     FROM analytics.daily_tutor_stats WHERE day >= $1::date AND day < $2::date`,
  `SELECT currency, sum(gross)::bigint AS gross, sum(platform_fees)::bigint AS "platformFees",
          sum(refunds)::bigint AS refunds
     FROM analytics.daily_tutor_stats WHERE day >= $1::date AND day < $2::date
    GROUP BY currency ORDER BY currency`,
  `SELECT count(DISTINCT user_id) FILTER (WHERE role = 'student')::int AS "activeStudents",
          count(DISTINCT user_id) FILTER (WHERE role = 'tutor')::int AS "activeTutors"
     FROM analytics.daily_activity WHERE day >= $1::date AND day < $2::date`,
  `SELECT count(*)::int AS "newUsers" FROM analytics.users
    WHERE registered_at >= $1::date AND registered_at < $2::date`,
];

/**
 * The leaderboard of one period: per tutor and currency, lessons, revenue, cancellation rate,
 * rating and utilization (booked ÷ available minutes, availability as of the period's start).
 */
const LEADERBOARD_STATEMENT = `
  WITH stats AS (
    SELECT tutor_id, currency, sum(lessons_completed)::int AS lessons, sum(gross)::bigint AS gross,
           sum(bookings_cancelled)::int AS cancelled, sum(bookings_created)::int AS created,
           sum(booked_minutes)::bigint AS booked
      FROM analytics.daily_tutor_stats WHERE day >= $1::date AND day < $2::date
     GROUP BY tutor_id, currency),
  ratings AS (
    SELECT tutor_id, sum(reviews)::int AS reviews, sum(rating_sum)::int AS rating_sum
      FROM analytics.daily_tutor_reviews WHERE day >= $1::date AND day < $2::date
     GROUP BY tutor_id),
  open AS (
    SELECT DISTINCT ON (tutor_id) tutor_id, weekly_minutes
      FROM analytics.tutor_availability WHERE effective_at <= $1::date
     ORDER BY tutor_id, effective_at DESC)
  SELECT s.tutor_id, s.currency, s.lessons, s.gross,
         CASE WHEN s.created > 0 THEN s.cancelled::float8 / s.created END AS cancellation_rate,
         CASE WHEN r.reviews > 0 THEN r.rating_sum::float8 / r.reviews END AS rating,
         CASE WHEN o.weekly_minutes > 0
              THEN s.booked / (o.weekly_minutes * ($2::date - $1::date) / 7.0) END AS utilization
    FROM stats s
    LEFT JOIN ratings r USING (tutor_id)
    LEFT JOIN open o USING (tutor_id)
   ORDER BY s.lessons DESC, s.tutor_id
   LIMIT ${LEADERBOARD_LIMIT}`;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const round = (ms) => Math.round(ms * 1000) / 1000;

/** `sql` on the copy of the analytics tables in `schema`. */
const inSchema = (sql, schema) => sql.replaceAll('analytics.', `${schema}.`);

/**
 * The largest size goes into `analytics` itself (what the API reads); each smaller one into a
 * copy of its tables, indexes and checks (`analytics_scale_<facts>`), so that every size sits in
 * the database at once and the timings can take turns.
 */
const schemaOf = (facts, largest) => (facts === largest ? 'analytics' : `analytics_scale_${facts}`);

async function fill(db, facts, schema) {
  const client = await db.connect();
  const q = (sql) => client.query(inSchema(sql, schema));
  try {
    await client.query('BEGIN');
    if (schema !== 'analytics') {
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.query(`CREATE SCHEMA ${schema}`);
      for (const table of ANALYTICS_TABLES)
        await client.query(
          `CREATE TABLE ${schema}.${table} (LIKE analytics.${table} INCLUDING ALL)`,
        );
    }
    await q(`TRUNCATE ${ANALYTICS_TABLES.map((t) => `analytics.${t}`).join(', ')}`);
    const started = performance.now();
    for (const sql of factsSql(facts)) await q(sql);
    const factsMs = performance.now() - started;
    for (const sql of AGGREGATES_SQL) await q(sql);
    await client.query('COMMIT');
    const aggregatesMs = performance.now() - started - factsMs;
    for (const table of ANALYTICS_TABLES) await q(`VACUUM ANALYZE analytics.${table}`);
    const counts = (
      await q(
        `SELECT ${ANALYTICS_TABLES.map((t) => `(SELECT count(*)::int FROM analytics.${t}) AS ${t}`).join(', ')}`,
      )
    ).rows[0];
    return {
      schema,
      counts,
      factsSeconds: round(factsMs / 1000),
      aggregatesSeconds: round(aggregatesMs / 1000),
    };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Milliseconds per answer, each of its statements after the other on one connection. */
async function sample(count, answer, into) {
  for (let i = 0; i < count; i += 1) {
    const started = performance.now();
    await answer();
    into.push(performance.now() - started);
  }
}

const summary = (samples) => ({
  p50: round(median(samples)),
  mean: round(samples.reduce((a, b) => a + b, 0) / samples.length),
  samples: samples.length,
});

const overview = (client, schema) => async () => {
  for (const [from, to] of [
    [PERIOD.from, PERIOD.to],
    [PERIOD.previousFrom, PERIOD.from],
  ])
    for (const sql of OVERVIEW_STATEMENTS) await client.query(inSchema(sql, schema), [from, to]);
};
const leaderboard = (client, schema) => () =>
  client.query(inSchema(LEADERBOARD_STATEMENT, schema), [PERIOD.from, PERIOD.to]);

async function explain(client, schema) {
  const plans = {};
  const plan = async (label, sql) => {
    const rows = (
      await client.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${inSchema(sql, schema)}`, [
        PERIOD.from,
        PERIOD.to,
      ])
    ).rows;
    plans[label] = rows.map((row) => row['QUERY PLAN']);
  };
  for (const [index, sql] of OVERVIEW_STATEMENTS.entries())
    await plan(`overview ${index + 1}`, sql);
  await plan('leaderboard', LEADERBOARD_STATEMENT);
  return plans;
}

const ROUTES = {
  overview: `/api/v1/admin/analytics/overview?from=${PERIOD.from}&to=${PERIOD.to}`,
  leaderboard: `/api/v1/admin/analytics/tutors?from=${PERIOD.from}&to=${PERIOD.to}&limit=${LEADERBOARD_LIMIT}`,
};

/** One GET, its body read; anything but 200 ends the check. */
async function get(ctx, route, token) {
  const response = await ctx.api.fetch(route, { headers: { authorization: `Bearer ${token}` } });
  const body = await response.text();
  if (response.status !== 200)
    throw Object.assign(
      new Error(`GET ${route} answered ${response.status}: ${body.slice(0, 200)}`),
      {
        status: response.status,
      },
    );
  return body;
}

/**
 * Puts the tables of `facts` into the `analytics` schema (the one the API reads), the size that
 * was there back into its own: schemas are renamed, which takes a moment and no copying.
 */
async function moveIntoAnalytics(db, facts, state) {
  if (state.inAnalytics === facts) return;
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    await client.query(`ALTER SCHEMA analytics RENAME TO analytics_scale_${state.inAnalytics}`);
    await client.query(`ALTER SCHEMA analytics_scale_${facts} RENAME TO analytics`);
    await client.query('COMMIT');
    state.inAnalytics = facts;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * The API's answers at each size, in turns. The other tables of `analytics` (reports) go with
 * the schema they are in; only the largest size's has them, and neither route reads them.
 * Null when this build has no such routes.
 */
async function timeRoutes(ctx, sizes, largest, iterations, rounds) {
  const { token } = await benchAdmin(ctx);
  try {
    await get(ctx, ROUTES.overview, token);
  } catch (error) {
    if (error.status === 404) return null;
    throw error;
  }
  const state = { inAnalytics: largest };
  const samples = new Map(sizes.map((facts) => [facts, { overview: [], leaderboard: [] }]));
  const bodies = new Map();
  try {
    for (const facts of sizes) {
      await moveIntoAnalytics(ctx.db, facts, state);
      bodies.set(facts, await get(ctx, ROUTES.leaderboard, token));
      await sample(Math.ceil(iterations / 10), () => get(ctx, ROUTES.overview, token), []);
      await sample(Math.ceil(iterations / 10), () => get(ctx, ROUTES.leaderboard, token), []);
    }
    const perRound = Math.max(1, Math.round(iterations / rounds));
    for (let round = 0; round < rounds; round += 1)
      for (const facts of sizes) {
        await moveIntoAnalytics(ctx.db, facts, state);
        const into = samples.get(facts);
        await sample(perRound, () => get(ctx, ROUTES.overview, token), into.overview);
        await sample(perRound, () => get(ctx, ROUTES.leaderboard, token), into.leaderboard);
      }
  } finally {
    await moveIntoAnalytics(ctx.db, largest, state);
  }
  return Object.fromEntries(
    sizes.map((facts) => [
      facts,
      {
        overview: summary(samples.get(facts).overview),
        leaderboard: summary(samples.get(facts).leaderboard),
        leaderboardBytes: bodies.get(facts).length,
      },
    ]),
  );
}

/**
 * Fills every size, then times them in turns (`ANALYTICS_ROUNDS`), as the API and the baseline
 * take turns, so that a slow spell of this shared machine falls on every size rather than on one.
 * The plans are those of the largest size.
 */
export async function measureAnalyticsScale(ctx) {
  const sizes = sizesFromEnv();
  const iterations = intFromEnv('ANALYTICS_ITERATIONS', 300);
  const rounds = intFromEnv('ANALYTICS_ROUNDS', 5);
  const largest = Math.max(...sizes);
  const smallest = Math.min(...sizes);
  const filled = new Map();
  for (const facts of sizes) {
    const result = await fill(ctx.db, facts, schemaOf(facts, largest));
    const { bookings, payments, refunds, reviews } = result.counts;
    if (bookings + payments + refunds + reviews !== facts)
      throw new Error(`generated ${bookings + payments + refunds + reviews} facts, not ${facts}`);
    filled.set(facts, result);
    console.log(
      `${ANALYTICS_SCALE_NAME}: ${facts} facts in ${result.schema} (${bookings} bookings, ${payments} payments, ${refunds} refunds, ${reviews} reviews; made in ${result.factsSeconds} s, aggregates in ${result.aggregatesSeconds} s): ${result.counts.daily_tutor_stats} tutor-day rows, ${result.counts.daily_activity} activity rows`,
    );
  }
  await ctx.db.query('CHECKPOINT').catch(() => undefined);

  const client = await ctx.db.connect();
  const samples = new Map(sizes.map((facts) => [facts, { overview: [], leaderboard: [] }]));
  let plans;
  try {
    for (const facts of sizes) {
      const schema = schemaOf(facts, largest);
      await sample(Math.ceil(iterations / 10), overview(client, schema), []);
      await sample(Math.ceil(iterations / 10), leaderboard(client, schema), []);
    }
    const perRound = Math.max(1, Math.round(iterations / rounds));
    for (let round = 0; round < rounds; round += 1)
      for (const facts of sizes) {
        const schema = schemaOf(facts, largest);
        await sample(perRound, overview(client, schema), samples.get(facts).overview);
        await sample(perRound, leaderboard(client, schema), samples.get(facts).leaderboard);
      }
    plans = await explain(client, schemaOf(largest, largest));
  } finally {
    client.release();
  }

  const routes = await timeRoutes(ctx, sizes, largest, iterations, rounds);
  const results = sizes.map((facts) => ({
    facts,
    ...filled.get(facts),
    overview: summary(samples.get(facts).overview),
    leaderboard: summary(samples.get(facts).leaderboard),
    ...(routes && { api: routes[facts] }),
  }));
  const at = (facts) => results.find((result) => result.facts === facts);
  return {
    tutors: TUTORS,
    students: STUDENTS,
    window: { start: WINDOW_START, days: WINDOW_DAYS },
    period: PERIOD,
    iterations,
    rounds,
    results,
    ratio: {
      overview: round(at(largest).overview.p50 / at(smallest).overview.p50),
      leaderboard: round(at(largest).leaderboard.p50 / at(smallest).leaderboard.p50),
    },
    apiRatio: routes && {
      overview: round(routes[largest].overview.p50 / routes[smallest].overview.p50),
      leaderboard: round(routes[largest].leaderboard.p50 / routes[smallest].leaderboard.p50),
    },
    plans,
  };
}
