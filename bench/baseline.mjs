// The bare baseline: plain Fastify + pg (+ ioredis) doing the same work per route as the API,
// without Nest: the same statements (the API's own SQL builders and readers where they are plain
// functions), the same pure rules and JSON writers, the same JWT library and keys. `npm run bench`
// compares the API against it in the same run, with PostgreSQL round trips counted on both sides.
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import pg from 'pg';
import { Redis } from 'ioredis';
import Bull from 'bull';
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
import {
  IDEMPOTENCY_KEY_TTL_MS,
  IDEMPOTENCY_LEASE_MS,
  decideOnExistingKey,
  isReplayableStatus,
  parseIdempotencyKey,
  requestFingerprint,
} from '../dist/libs/platform/src/idempotency/idempotency-key.js';
import { newId } from '../dist/libs/platform/src/ids.js';
import { paymentCaptured, platformFee } from '../dist/libs/billing/src/domain/ledger.js';
import { ConversationRepository } from '../dist/libs/messaging/src/infrastructure/conversation.repository.js';
import { FeedRepository } from '../dist/libs/messaging/src/infrastructure/feed.repository.js';
import { MessageSent } from '../dist/libs/messaging/src/events.js';
import { SEND_RATE_LIMIT, sendRateLimitKey } from '../dist/libs/messaging/src/domain/message.js';

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

// ---------------------------------------------------------------------------------------------
// Payments, as the API's: the Idempotency-Key claimed (one INSERT) before the route runs and
// settled with the answer's exact bytes (one UPDATE) before it is sent; the booking read through
// the scheduling port's statement; for confirm, one transaction holding the payment row, the
// sandbox's outcome and its webhook job (Bull, on Redis, as the API's job queue adds it), the
// payment update, the ledger posting (its deferred balance trigger fires at COMMIT) and the
// outbox row, then the outbox nudge.

const CLAIM_KEY = `
  INSERT INTO platform.idempotency_keys AS k
    (owner_id, route, key, fingerprint, state, locked_until, expires_at, created_at)
  VALUES ($1, $2, $3, $4, 'in_flight', $5, $6, $7)
  ON CONFLICT (owner_id, route, key) DO UPDATE
    SET fingerprint = EXCLUDED.fingerprint, state = 'in_flight',
        response_status = NULL, response_content_type = NULL, response_body = NULL,
        locked_until = EXCLUDED.locked_until, expires_at = EXCLUDED.expires_at,
        created_at = EXCLUDED.created_at
    WHERE k.expires_at <= EXCLUDED.created_at
       OR (k.state = 'in_flight' AND k.locked_until <= EXCLUDED.created_at
           AND k.fingerprint = EXCLUDED.fingerprint)
  RETURNING 1`;
const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * Claims the request's key, as the API's interceptor: null when this request may run, else the
 * answer a repeat gets (the first response, or a refusal).
 */
async function claimKey(request, user) {
  let key;
  try {
    key = parseIdempotencyKey(request.headers['idempotency-key']);
  } catch (error) {
    return { status: 400, body: { status: 400, code: error.code } };
  }
  const scope = [user.id, `${request.method} ${request.routeOptions.url}`, key];
  const fingerprint = requestFingerprint(request.url.split('?')[0], request.body);
  const now = Date.now();
  const { rows } = await pool.query(CLAIM_KEY, [
    ...scope,
    fingerprint,
    new Date(now + IDEMPOTENCY_LEASE_MS),
    new Date(now + IDEMPOTENCY_KEY_TTL_MS),
    new Date(now),
  ]);
  if (rows.length > 0) {
    request.idempotencyScope = scope;
    return null;
  }
  const { rows: stored } = await pool.query(
    `SELECT fingerprint, state, response_status AS "responseStatus",
            response_content_type AS "responseContentType", response_body AS "responseBody"
       FROM platform.idempotency_keys WHERE owner_id = $1 AND route = $2 AND key = $3`,
    scope,
  );
  const decision = stored[0] ? decideOnExistingKey(stored[0], fingerprint) : { kind: 'in_flight' };
  if (decision.kind === 'replay') return { status: decision.status, raw: decision.body };
  return decision.kind === 'reused'
    ? { status: 422, body: { status: 422, code: 'idempotency.key_reused' } }
    : { status: 409, body: { status: 409, code: 'idempotency.in_flight' } };
}

/** Sends an answer, first recording it for the claimed key (or freeing the key), as the API's recorder. */
async function answer(request, reply, status, body) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const scope = request.idempotencyScope;
  if (scope) {
    if (isReplayableStatus(status))
      await pool.query(
        `UPDATE platform.idempotency_keys
            SET state = 'completed', response_status = $4, response_content_type = $5,
                response_body = $6, locked_until = NULL
          WHERE owner_id = $1 AND route = $2 AND key = $3`,
        [...scope, status, JSON_TYPE, text],
      );
    else
      await pool.query(
        `DELETE FROM platform.idempotency_keys WHERE owner_id = $1 AND route = $2 AND key = $3 AND state = 'in_flight'`,
        scope,
      );
  }
  return reply.code(status).type(JSON_TYPE).send(text);
}

/** Scheduling's payable-booking port, the same statement. */
async function payableBooking(bookingId) {
  const { rows } = await pool.query(
    `SELECT student_id, tutor_id, status, price_amount, currency, hold_expires_at
       FROM scheduling.bookings WHERE id = $1`,
    [bookingId],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    bookingId,
    studentId: row.student_id,
    tutorId: row.tutor_id,
    status: row.status,
    price: { amount: row.price_amount, currency: row.currency.trim() },
    holdExpiresAt: row.hold_expires_at,
  };
}

function whyNotPayable(booking, now) {
  if (booking?.status !== 'pending_payment') return 'not_pending_payment';
  if (booking.holdExpiresAt <= now) return 'hold_expired';
  return null;
}

const PAYMENT_COLUMNS = `id, booking_id, student_id, tutor_id, amount, currency, fee_bps, status, provider,
  provider_payment_id, client_secret, confirm_attempts, decline_code, failure_reason, succeeded_at,
  refunded_amount, refunded_fee, created_at, updated_at`;
const paymentFromRow = (row) => ({
  id: row.id,
  bookingId: row.booking_id,
  studentId: row.student_id,
  tutorId: row.tutor_id,
  amount: Number(row.amount),
  currency: row.currency,
  feeBps: row.fee_bps,
  status: row.status,
  provider: row.provider,
  providerPaymentId: row.provider_payment_id,
  clientSecret: row.client_secret,
  confirmAttempts: row.confirm_attempts,
  declineCode: row.decline_code,
  failureReason: row.failure_reason,
  succeededAt: row.succeeded_at,
  refundedAmount: Number(row.refunded_amount),
  refundedFee: Number(row.refunded_fee),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});
const paymentView = (p) => ({
  id: p.id,
  bookingId: p.bookingId,
  studentId: p.studentId,
  tutorId: p.tutorId,
  status: p.status,
  amount: p.amount,
  currency: p.currency,
  platformFee: platformFee(p.amount, p.feeBps),
  provider: p.provider,
  clientSecret: p.status === 'succeeded' ? null : p.clientSecret,
  declineCode: p.declineCode,
  failureReason: p.failureReason,
  succeededAt: p.succeededAt?.toISOString() ?? null,
  refundedAmount: p.refundedAmount,
  createdAt: p.createdAt.toISOString(),
});
const FEE_BPS = Number(process.env.PLATFORM_FEE_BPS ?? 1500);

app.post('/payments', async (request, reply) => {
  const student = await authenticate(request);
  if (!student) return problem(reply, 401, 'auth.unauthorized');
  const refused = await claimKey(request, student);
  if (refused) return reply.code(refused.status).send(refused.raw ?? refused.body);
  const { bookingId } = request.body;
  const booking = await payableBooking(bookingId);
  if (!booking || booking.studentId !== student.id)
    return answer(request, reply, 404, { status: 404, code: 'booking.not_found' });
  const { rows } = await pool.query(
    `SELECT ${PAYMENT_COLUMNS} FROM billing.payments WHERE booking_id = $1 LIMIT 1`,
    [bookingId],
  );
  const existing = rows[0] && paymentFromRow(rows[0]);
  if (existing?.status === 'succeeded')
    return answer(request, reply, 409, { status: 409, code: 'payment.booking_already_paid' });
  if (existing) return answer(request, reply, 200, paymentView(existing));
  const now = new Date();
  const why = whyNotPayable(booking, now);
  if (why) return answer(request, reply, 422, { status: 422, code: `payment.${why}` });
  const id = newId();
  // The sandbox's intent: named after the payment, no network.
  const providerPaymentId = `sbx_pi_${id.replaceAll('-', '')}`;
  const payment = {
    id,
    bookingId,
    studentId: booking.studentId,
    tutorId: booking.tutorId,
    amount: booking.price.amount,
    currency: booking.price.currency,
    feeBps: FEE_BPS,
    status: 'requires_confirmation',
    provider: 'sandbox',
    providerPaymentId,
    clientSecret: `${providerPaymentId}_secret`,
    confirmAttempts: 0,
    declineCode: null,
    failureReason: null,
    succeededAt: null,
    refundedAmount: 0,
    refundedFee: 0,
    createdAt: now,
    updatedAt: now,
  };
  await pool.query(
    `INSERT INTO billing.payments (${PAYMENT_COLUMNS})
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`,
    [
      payment.id,
      payment.bookingId,
      payment.studentId,
      payment.tutorId,
      payment.amount,
      payment.currency,
      payment.feeBps,
      payment.status,
      payment.provider,
      payment.providerPaymentId,
      payment.clientSecret,
      payment.confirmAttempts,
      payment.declineCode,
      payment.failureReason,
      payment.succeededAt,
      payment.refundedAmount,
      payment.refundedFee,
      payment.createdAt,
      payment.updatedAt,
    ],
  );
  return answer(request, reply, 201, paymentView(payment));
});

// The sandbox provider's webhook job, on the API's Bull queue with the API's job defaults.
const billingJobs =
  process.env.REDIS_URL &&
  new Bull('billing', process.env.REDIS_URL, {
    prefix: process.env.QUEUE_PREFIX,
    defaultJobOptions: {
      attempts: Number(process.env.JOBS_ATTEMPTS ?? 5),
      backoff: { type: 'exponential', delay: Number(process.env.JOBS_BACKOFF_MS ?? 1000) },
      removeOnComplete: true,
      removeOnFail: false,
    },
  });
const SANDBOX_SUCCEEDS = new Set(['pm_card_visa', 'pm_card_mastercard']);

/** The ledger's INSERT of one posting, built as the API's ledger repository builds it. */
function postingInsert(posting, paymentId, at) {
  const lineValues = posting.lines.flatMap((line) => [
    newId(),
    line.account,
    line.ownerId,
    line.amount,
  ]);
  const shared = lineValues.length;
  const rows = posting.lines.map((_, i) => {
    const p = i * 4;
    return `($${p + 1}, $${shared + 1}, $${p + 2}, $${p + 3}, $${shared + 2}, $${p + 4}, $${shared + 3}, $${shared + 4}, $${shared + 5})`;
  });
  return [
    `INSERT INTO billing.ledger_entries
       (id, posting_id, account, owner_id, currency, amount, kind, payment_id, created_at)
     VALUES ${rows.join(', ')}`,
    [...lineValues, newId(), posting.currency, posting.kind, paymentId, at],
  ];
}

app.post('/payments/:id/confirm', async (request, reply) => {
  const payer = await authenticate(request);
  if (!payer) return problem(reply, 401, 'auth.unauthorized');
  const refused = await claimKey(request, payer);
  if (refused) return reply.code(refused.status).send(refused.raw ?? refused.body);
  const { paymentMethod } = request.body;
  const client = await pool.connect();
  let payment;
  try {
    await client.query('BEGIN');
    const { rows } = await client.query(
      `SELECT ${PAYMENT_COLUMNS} FROM billing.payments WHERE id = $1 FOR UPDATE`,
      [request.params.id],
    );
    payment = rows[0] && paymentFromRow(rows[0]);
    const now = new Date();
    let refusal = null;
    if (!payment || payment.studentId !== payer.id)
      refusal = [404, { status: 404, code: 'payment.not_found' }];
    else if (payment.status !== 'succeeded') {
      // As the API: the booking re-read through the port (a pooled connection, not the transaction's).
      const why = whyNotPayable(await payableBooking(payment.bookingId), now);
      if (why) refusal = [422, { status: 422, code: `payment.${why}` }];
    }
    if (!refusal && (payment.status === 'succeeded' || payment.status === 'requires_action'))
      refusal = [409, { status: 409, code: 'payment.not_confirmable' }];
    if (!refusal && !SANDBOX_SUCCEEDS.has(paymentMethod))
      refusal = [422, { status: 422, code: 'payment.unknown_method' }];
    if (refusal) {
      await client.query('ROLLBACK');
      return answer(request, reply, ...refusal);
    }
    payment.confirmAttempts += 1;
    const callKey = `payment:${payment.id}:confirm:${payment.confirmAttempts}`;
    // The sandbox reports its outcome as a signed webhook, through a job.
    await billingJobs?.add(
      'billing.deliver-sandbox-webhook',
      {
        body: JSON.stringify({
          id: `evt_sbx_${newId().replaceAll('-', '')}`,
          type: 'payment_intent.succeeded',
          created: Math.floor(now.getTime() / 1000),
          data: { object: { id: payment.providerPaymentId } },
        }),
      },
      { jobId: `sandbox-webhook:${callKey}`, delay: undefined },
    );
    Object.assign(payment, {
      status: 'succeeded',
      declineCode: null,
      failureReason: null,
      succeededAt: now,
      updatedAt: now,
    });
    await client.query(
      `UPDATE billing.payments
          SET status = $2, confirm_attempts = $3, decline_code = $4, failure_reason = $5,
              succeeded_at = $6, refunded_amount = $7, refunded_fee = $8, updated_at = $9
        WHERE id = $1`,
      [
        payment.id,
        payment.status,
        payment.confirmAttempts,
        payment.declineCode,
        payment.failureReason,
        payment.succeededAt,
        payment.refundedAmount,
        payment.refundedFee,
        payment.updatedAt,
      ],
    );
    const posting = paymentCaptured({
      tutorId: payment.tutorId,
      amount: payment.amount,
      currency: payment.currency,
      feeBps: payment.feeBps,
    });
    await client.query(...postingInsert(posting, payment.id, now));
    await client.query(
      `INSERT INTO platform.outbox (id, type, version, aggregate_id, actor_id, payload, occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)`,
      [
        newId(),
        'billing.payment.succeeded',
        1,
        payment.id,
        payer.id,
        JSON.stringify({
          paymentId: payment.id,
          bookingId: payment.bookingId,
          studentId: payment.studentId,
          tutorId: payment.tutorId,
          amount: payment.amount,
          currency: payment.currency,
          platformFee: platformFee(payment.amount, payment.feeBps),
        }),
        now.toISOString(),
      ],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  redis?.publish(`${process.env.QUEUE_PREFIX}:outbox-committed`, '').catch(() => undefined);
  return answer(request, reply, 200, paymentView(payment));
});

// ---------------------------------------------------------------------------------------------
// Messaging, as the API's: messaging's own repositories (plain SQL and plain mapping functions)
// on a pooled connection or on a transaction's client, answered as TypeORM's entity manager
// answers (`[rows, affected]` for UPDATE and DELETE, rows otherwise), so every statement is the
// API's own text.

const conversations = new ConversationRepository(reader);
const feed = new FeedRepository(reader);
/** A transaction as the repositories take it: `tx.manager.query` on the transaction's client. */
const transactionOn = (client) => ({
  manager: {
    query: (sql, params) =>
      client
        .query(sql, params)
        .then((result) =>
          result.command === 'UPDATE' || result.command === 'DELETE'
            ? [result.rows, result.rowCount]
            : result.rows,
        ),
  },
});
const mayMessage = (user) => user.roles?.some((role) => role === 'student' || role === 'tutor');

app.get('/conversations', async (request, reply) => {
  const viewer = await authenticate(request);
  if (!viewer) return problem(reply, 401, 'auth.unauthorized');
  if (!mayMessage(viewer)) return problem(reply, 403, 'auth.forbidden');
  return conversations.pageFor(viewer.id, {
    page: Number(request.query.page ?? 1),
    limit: Number(request.query.limit ?? 20),
  });
});

// The feed's pub/sub message to the other API instances (FeedChannel's shape and channel).
const feedOrigin = randomUUID();
app.post('/conversations/:id/messages', async (request, reply) => {
  const sender = await authenticate(request);
  if (!sender) return problem(reply, 401, 'auth.unauthorized');
  if (!mayMessage(sender)) return problem(reply, 403, 'auth.forbidden');
  if (limits) {
    const { limit, windowMs } = SEND_RATE_LIMIT;
    const counted = await limits.increment(
      sendRateLimitKey(sender.id),
      windowMs,
      limit,
      windowMs,
      'limit',
    );
    if (counted.isBlocked) return problem(reply, 429, 'message.rate_limited');
  }
  const conversationId = request.params.id;
  const id = newId();
  const now = new Date();
  const client = await pool.connect();
  let message;
  let recipients;
  let feedAt;
  try {
    await client.query('BEGIN');
    const tx = transactionOn(client);
    const conversation = await conversations.lockForMessage(tx, conversationId, sender.id, id, now);
    if (!conversation) {
      await client.query('ROLLBACK');
      return problem(reply, 404, 'conversation.not_found');
    }
    const masked = !conversation.pairConfirmed;
    if (masked) throw new Error('the bench sends only in conversations of confirmed pairs');
    message = await conversations.insertMessage(tx, {
      id,
      conversationId,
      senderId: sender.id,
      kind: 'user',
      body: request.body.body,
      masked: false,
      createdAt: now,
    });
    const recipientIds = conversation.participantIds.filter((userId) => userId !== sender.id);
    await client.query(
      `INSERT INTO platform.outbox (id, type, version, aggregate_id, actor_id, payload, occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)`,
      [
        newId(),
        MessageSent.type,
        MessageSent.version,
        conversationId,
        sender.id,
        JSON.stringify({
          messageId: id,
          conversationId,
          senderId: sender.id,
          recipientIds,
          body: message.body,
          kind: message.kind,
        }),
        new Date().toISOString(),
      ],
    );
    feedAt = new Date();
    recipients = await feed.append(
      tx,
      [...new Set(recipientIds)],
      {
        type: 'message',
        data: { ...message },
      },
      feedAt,
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  if (redis) {
    const prefix = process.env.QUEUE_PREFIX;
    redis.publish(`${prefix}:outbox-committed`, '').catch(() => undefined);
    redis
      .publish(
        `${prefix}:messaging.feed`,
        JSON.stringify({
          origin: feedOrigin,
          type: 'message',
          data: { ...message },
          createdAt: feedAt.toISOString(),
          recipients: recipients.map(({ userId, sequence }) => [userId, sequence]),
        }),
      )
      .catch(() => undefined);
  }
  return reply.code(201).send(message);
});

const stop = async () => {
  await app.close();
  await Promise.allSettled([pool.end(), redis?.quit(), billingJobs?.close()]);
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);

// Loopback only; run.mjs passes a free port.
await app.listen({ port: Number(process.env.PORT ?? 4200), host: '127.0.0.1' });
