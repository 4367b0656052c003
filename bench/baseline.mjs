// The bare baseline: plain Fastify + pg (+ ioredis) doing the same work per route as the API,
// without Nest. `npm run bench` compares the API against it in the same run.
import { createSecretKey } from 'node:crypto';
import Fastify from 'fastify';
import pg from 'pg';
import { Redis } from 'ioredis';
import jwt from 'jsonwebtoken';
import argon2 from 'argon2';
import { buildTutorSearch } from '../dist/libs/tutoring/src/domain/tutor-search.query.js';
import { readTutorCalendar } from '../dist/libs/scheduling/src/application/tutor-calendar.reader.js';
import {
  USER_VIEW_COLUMNS,
  userViewFromRow,
} from '../dist/libs/identity/src/application/user-view.js';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const redis = process.env.REDIS_URL ? new Redis(process.env.REDIS_URL) : null;
const secret = process.env.JWT_SECRET;
// A key object made once, as the API does: a string would be re-parsed on every verification.
const secretKey = createSecretKey(Buffer.from(secret, 'utf8'));
const app = Fastify({ logger: false });

app.get('/health/live', async () => ({ status: 'ok' }));

// The same checks as the API's readiness probe, answered in Terminus' shape.
app.get('/health/ready', async () => {
  await pool.query('SELECT 1');
  if (redis) await redis.ping();
  const info = { database: { status: 'up' }, ...(redis ? { redis: { status: 'up' } } : {}) };
  return { status: 'ok', info, error: {}, details: info };
});

app.get('/users/me', async (request, reply) => {
  const token = (request.headers.authorization ?? '').replace(/^Bearer /, '');
  let claims;
  try {
    claims = jwt.verify(token, secretKey, {
      algorithms: ['HS256'],
      issuer: 'etutors',
      audience: 'etutors-api',
    });
  } catch {
    return reply.code(401).send({ status: 401 });
  }
  const { rows } = await pool.query(
    `SELECT ${USER_VIEW_COLUMNS} FROM identity.users WHERE id = $1`,
    [claims.sub],
  );
  return userViewFromRow(rows[0]);
});

app.post('/auth/login', async (request, reply) => {
  const { email, password } = request.body;
  const { rows } = await pool.query(
    'SELECT id, password_hash, roles FROM identity.users WHERE email = $1',
    [email.trim().toLowerCase()],
  );
  if (!rows[0] || !(await argon2.verify(rows[0].password_hash, password)))
    return reply.code(401).send({ status: 401 });
  return {
    accessToken: jwt.sign({ roles: rows[0].roles }, secretKey, {
      subject: rows[0].id,
      expiresIn: 900,
    }),
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

app.get('/tutors/:id/calendar', async (request) => {
  const { from, to } = request.query;
  const manager = { query: (sql, params) => pool.query(sql, params).then((result) => result.rows) };
  return readTutorCalendar(manager, request.params.id, Date.parse(from), Date.parse(to));
});

app.post('/bookings', async (request, reply) => {
  const { tutorId, subjectId, startsAt, durationMinutes } = request.body;
  const start = new Date(startsAt);
  const end = new Date(start.getTime() + durationMinutes * 60_000);
  try {
    const { rows } = await pool.query(
      `INSERT INTO scheduling.bookings (id, tutor_id, student_id, subject_id, starts_at, ends_at, blocked_until, status, price_amount, currency, hold_expires_at)
       VALUES (gen_random_uuid(), $1, gen_random_uuid(), $2, $3, $4, $4, 'pending_payment', 4000, 'USD', now() + interval '15 minutes')
       RETURNING id, status`,
      [tutorId, subjectId, start, end],
    );
    return reply.code(201).send(rows[0]);
  } catch {
    return reply.code(409).send({ status: 409 });
  }
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
