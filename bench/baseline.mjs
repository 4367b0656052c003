// The bare baseline: plain Fastify + pg (+ ioredis) doing the same work per route as the API,
// without Nest: the same statements (the API's own SQL builders and readers where they are plain
// functions), the same pure rules and JSON writers, the same JWT library and keys. `npm run bench`
// compares the API against it in the same run, with PostgreSQL round trips counted on both sides.
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import pg from 'pg';
import { Redis } from 'ioredis';
import jwt from 'jsonwebtoken';
import argon2 from 'argon2';
import { buildTutorSearch } from '../dist/libs/tutoring/src/infrastructure/tutor-search.query.js';
import {
  readBookingRules,
  readSlotCalendar,
} from '../dist/libs/scheduling/src/infrastructure/tutor-calendar.reader.js';
import { computeSlots } from '../dist/libs/scheduling/src/domain/slots.js';
import {
  bookingProblem,
  holdExpiry,
  lessonPrice,
} from '../dist/libs/scheduling/src/domain/booking.policy.js';
import { slotListJson } from '../dist/libs/scheduling/src/http/slot-list-json.js';
import { RedisThrottlerStorage } from '../dist/libs/platform/src/http/redis-throttler.storage.js';
import { hashToken, randomToken, signingKeys } from '../dist/libs/identity/src/domain/tokens.js';
import {
  USER_VIEW_COLUMNS,
  userViewFromRow,
} from '../dist/libs/identity/src/application/user-view.js';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const redis = process.env.REDIS_URL ? new Redis(process.env.REDIS_URL) : null;
// The API's signing key: a key object made once, named by its `kid`.
const [signingKey] = signingKeys(process.env.JWT_SECRET, undefined);
const secretKey = signingKey.key;
const app = Fastify({ logger: false });

app.get('/health/live', async () => ({ status: 'ok' }));

// The same checks as the API's readiness probe, both at once, answered in Terminus' shape.
app.get('/health/ready', async () => {
  await Promise.all([pool.query('SELECT 1'), redis?.ping()]);
  const info = { database: { status: 'up' }, ...(redis ? { redis: { status: 'up' } } : {}) };
  return { status: 'ok', info, error: {}, details: info };
});

/**
 * As the API's token strategy: the bearer token verified in full (signature, issuer, audience,
 * `exp` required), then the account's state read on every request. The caller, or null.
 */
async function authenticate(request) {
  const token = (request.headers.authorization ?? '').replace(/^Bearer /, '');
  let claims;
  try {
    claims = jwt.verify(token, secretKey, {
      algorithms: ['HS256'],
      issuer: 'etutors',
      audience: 'etutors-api',
    });
  } catch {
    return null;
  }
  if (typeof claims.exp !== 'number' || !Number.isInteger(claims.ver)) return null;
  const { rows } = await pool.query(
    'SELECT status, token_version FROM identity.users WHERE id = $1',
    [claims.sub],
  );
  if (rows[0]?.status !== 'active' || rows[0].token_version !== claims.ver) return null;
  return { id: claims.sub, roles: claims.roles };
}

app.get('/users/me', async (request, reply) => {
  const user = await authenticate(request);
  if (!user) return reply.code(401).send({ status: 401 });
  const { rows } = await pool.query(
    `SELECT ${USER_VIEW_COLUMNS} FROM identity.users WHERE id = $1`,
    [user.id],
  );
  return userViewFromRow(rows[0]);
});

// As the API's login: the per-IP and per-account limits in Redis (the platform's own storage),
// the account read, argon2, then the audit entry and the refresh token in one transaction.
const limits =
  redis && new RedisThrottlerStorage(redis, process.env.QUEUE_PREFIX, { now: () => new Date() });
const LOGIN_PER_IP = Number(process.env.RATE_LIMIT_LOGIN_PER_IP ?? 20);
const REFRESH_TTL_MS = 30 * 86_400_000;
app.post('/auth/login', async (request, reply) => {
  const email = request.body.email.trim().toLowerCase();
  if (limits) {
    const ip = await limits.increment(
      `login-ip:${request.ip}`,
      60_000,
      LOGIN_PER_IP,
      60_000,
      'limit',
    );
    if (ip.isBlocked) return reply.code(429).send({ status: 429 });
    if ((await limits.blockedFor(`login-failures:${email}`, 'limit')) > 0)
      return reply.code(429).send({ status: 429 });
  }
  const { rows } = await pool.query('SELECT * FROM identity.users WHERE email = $1 LIMIT 1', [
    email,
  ]);
  const user = rows[0];
  if (!user || !(await argon2.verify(user.password_hash, request.body.password)))
    return reply.code(401).send({ status: 401 });
  if (user.status === 'suspended') return reply.code(403).send({ status: 403 });
  await limits?.reset(`login-failures:${email}`, 'limit');
  const refreshToken = randomToken();
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO identity.audit_events (id, user_id, actor_id, type, ip, user_agent, data, at)
       VALUES (gen_random_uuid(), $1, $1, 'login.succeeded', $2, $3, '{}', now())`,
      [user.id, request.ip, request.headers['user-agent']?.slice(0, 500) ?? null],
    );
    await client.query(
      `INSERT INTO identity.refresh_tokens (id, user_id, family_id, token_hash, expires_at, used_at, revoked_at, created_at)
       VALUES (gen_random_uuid(), $1, gen_random_uuid(), $2, $3, NULL, NULL, now())`,
      [user.id, hashToken(refreshToken), new Date(Date.now() + REFRESH_TTL_MS)],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
  return {
    user: userViewFromRow(user),
    accessToken: jwt.sign({ roles: user.roles, ver: user.token_version }, signingKey.key, {
      algorithm: 'HS256',
      subject: user.id,
      issuer: 'etutors',
      audience: 'etutors-api',
      keyid: signingKey.kid,
      expiresIn: 900,
    }),
    refreshToken,
    expiresIn: 900,
  };
});

app.get('/tutors', async (request) => {
  const q = request.query;
  const filters = { ...q, page: Number(q.page ?? 1), limit: Number(q.limit ?? 20) };
  const { sql, params } = buildTutorSearch(filters);
  const { rows } = await pool.query(sql, params);
  const tutors = rows.filter((row) => row.user_id !== null);
  return {
    data: tutors.map((row) => ({
      id: row.user_id,
      displayName: row.display_name,
      headline: row.headline,
      subjects: row.subjects,
      hourlyRate: { amount: row.hourly_rate_amount, currency: row.currency.trim() },
      languages: row.languages,
      rating: {
        average: row.rating_average === null ? null : Number(row.rating_average),
        count: row.rating_count,
      },
    })),
    meta: { page: filters.page, limit: filters.limit, total: Number(rows[0]?.total ?? 0) },
  };
});

// As the API's slots route: approval and calendar read at once, the same slot maths and writer.
const reader = { query: (sql, params) => pool.query(sql, params).then((result) => result.rows) };
app.get('/tutors/:id/slots', async (request, reply) => {
  const from = Date.parse(request.query.from);
  const to = Date.parse(request.query.to);
  const durationMinutes = Number(request.query.duration);
  const [approved, calendar] = await Promise.all([
    reader.query(`SELECT 1 FROM tutoring.tutors WHERE user_id = $1 AND status = 'approved'`, [
      request.params.id,
    ]),
    readSlotCalendar(reader, request.params.id, from, to),
  ]);
  if (approved.length === 0) return reply.code(404).send({ status: 404 });
  const slots = calendar.availability
    ? computeSlots(calendar.availability, calendar.timeOff, calendar.bookings, {
        from,
        to,
        durationMinutes,
        now: Date.now(),
      })
    : [];
  return reply.type('application/json; charset=utf-8').send(slotListJson(slots));
});

// As the API's booking: the caller's token and account state, the tutor and the tutor's rules
// read at once, the same policy checks, then the booking with its history row (one statement)
// and the BookingRequested outbox row in one transaction, and the outbox nudge after the commit.
const HOLD_MS = Number(process.env.BOOKING_HOLD_MINUTES ?? 15) * 60_000;
const INSERT_BOOKING = `
  WITH booking AS (
    INSERT INTO scheduling.bookings (id, tutor_id, student_id, subject_id, starts_at, ends_at,
                                     blocked_until, status, price_amount, currency,
                                     hold_expires_at, created_at, updated_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending_payment', $8, $9, $10, $11, $11)
    RETURNING id
  )
  INSERT INTO scheduling.booking_history (id, booking_id, from_status, to_status, actor_id, reason, at)
  SELECT $12, booking.id, NULL, 'pending_payment', $3, NULL, $11 FROM booking`;
const problem = (reply, status, code) => reply.code(status).send({ status, code });
app.post('/bookings', async (request, reply) => {
  const student = await authenticate(request);
  if (!student) return problem(reply, 401, 'auth.unauthorized');
  const { tutorId, subjectId, startsAt, durationMinutes } = request.body;
  const start = Date.parse(startsAt);
  const end = start + durationMinutes * 60_000;
  const [tutors, rules] = await Promise.all([
    reader.query(
      `SELECT status, hourly_rate_amount, currency, timezone, $2::uuid = ANY(subject_ids) AS teaches
         FROM tutoring.tutors WHERE user_id = $1`,
      [tutorId, subjectId],
    ),
    readBookingRules(reader, tutorId, start, end),
  ]);
  const tutor = tutors[0];
  if (tutorId === student.id || tutor?.status !== 'approved' || !tutor.teaches)
    return problem(reply, 422, 'booking.not_bookable');
  const now = Date.now();
  if (bookingProblem(rules, { start, durationMinutes, now }))
    return problem(reply, 422, 'booking.not_bookable');
  const currency = tutor.currency.trim();
  const booking = {
    id: randomUUID(),
    status: 'pending_payment',
    tutorId,
    studentId: student.id,
    subjectId,
    startsAt: new Date(start).toISOString(),
    endsAt: new Date(end).toISOString(),
    price: { amount: lessonPrice(tutor.hourly_rate_amount, durationMinutes), currency },
    holdExpiresAt: new Date(holdExpiry(now, start, HOLD_MS)).toISOString(),
    refund: null,
    cancelledBy: null,
  };
  const blockedUntil = new Date(end + rules.availability.bufferMinutes * 60_000);
  const at = new Date(now);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(INSERT_BOOKING, [
      booking.id,
      tutorId,
      student.id,
      subjectId,
      booking.startsAt,
      booking.endsAt,
      blockedUntil,
      booking.price.amount,
      currency,
      booking.holdExpiresAt,
      at,
      randomUUID(),
    ]);
    const { refund: _, cancelledBy: __, status: ___, id: bookingId, ...facts } = booking;
    await client.query(
      `INSERT INTO platform.outbox (id, type, version, aggregate_id, actor_id, payload, occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)`,
      [
        randomUUID(),
        'scheduling.booking.requested',
        1,
        bookingId,
        student.id,
        JSON.stringify({ bookingId, ...facts }),
        at.toISOString(),
      ],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    // Exclusion constraints: the slot or the student is taken.
    if (error.code === '23P01') return problem(reply, 409, 'booking.slot_taken');
    throw error;
  } finally {
    client.release();
  }
  redis?.publish(`${process.env.QUEUE_PREFIX}:outbox-committed`, '').catch(() => undefined);
  const history = [
    { from: null, to: 'pending_payment', actorId: student.id, reason: null, at: at.toISOString() },
  ];
  return reply.code(201).send({ ...booking, history });
});

const stop = async () => {
  await app.close();
  await Promise.allSettled([pool.end(), redis?.quit()]);
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);

// Loopback only; run.mjs passes a free port.
await app.listen({ port: Number(process.env.PORT ?? 4200), host: '127.0.0.1' });
