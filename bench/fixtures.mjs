// Data the scenarios need, created from their `setup` steps. Every helper is idempotent and
// memoised on the run's `ctx` (`ctx.once`), so several scenarios can ask for the same fixture and
// a bench database that already holds it (it is kept between runs) is not filled twice.
import { randomBytes } from 'node:crypto';

/** Fixed ids of the scheduling fixtures: re-created on each run, never left half-made. */
export const SLOTS_TUTOR = '00000000-0000-7000-8000-00000000b001';
/** How many tutors each side of the booking scenario fills (one student per API tutor). */
export const BOOKING_PAIRS = 8;
const bookingTutorId = (side, i) =>
  `00000000-0000-7000-8000-00000000${side === 'api' ? 'b2' : 'b3'}${String(i).padStart(2, '0')}`;

/** Runs `work` in one transaction on the bench database. */
async function transaction(ctx, work) {
  const client = await ctx.db.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

async function register(ctx) {
  const email = `bench-${Date.now()}-${randomBytes(4).toString('hex')}@etutors.bench`;
  const password = 'bench-password-plum-42';
  const response = await ctx.api.fetch('/api/v1/auth/register', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, displayName: 'Bench student', role: 'student' }),
  });
  const body = await response.text();
  if (!response.ok) throw new Error(`register answered ${response.status}: ${body.slice(0, 300)}`);
  const token = JSON.parse(body).accessToken;
  if (!token) throw new Error(`register gave no accessToken: ${body.slice(0, 300)}`);
  return { email, password, token };
}

/**
 * A student registered through the API (so its password hash, roles and tokens are the API's own):
 * sets `ctx.student = { email, password, token }`. One per run.
 */
export const registerStudent = (ctx) =>
  ctx.once('student', async () => {
    ctx.student = await register(ctx);
    return ctx.student;
  });

/**
 * A catalogue of 10,000 approved tutors over 50 subjects (`bench-subject-1` … `-50`), searchable
 * by `word0` … `word499`. Made once per bench database, in one transaction.
 */
export const seedCatalogue = (ctx) =>
  ctx.once('catalogue', async () => {
    const { rows } = await ctx.db.query(
      `SELECT count(*)::int AS n FROM tutoring.subjects WHERE slug LIKE 'bench-subject-%'`,
    );
    if (rows[0].n > 0) return;
    await transaction(ctx, async (db) => {
      await db.query(`
        INSERT INTO tutoring.subjects (id, slug, name, category)
        SELECT gen_random_uuid(), 'bench-subject-' || i, 'Bench subject ' || i, 'Bench'
          FROM generate_series(1, 50) i`);
      await db.query(`
        INSERT INTO tutoring.tutors (user_id, display_name, status, headline, bio, hourly_rate_amount, currency,
                                     languages, timezone, subject_ids, rating_count, rating_sum, rating_average,
                                     search, approved_at)
        SELECT gen_random_uuid(), 'Tutor ' || i, 'approved', 'Headline ' || i, 'Bio ' || i, 500 + (i % 900) * 100,
               'USD', ARRAY['en'], 'UTC', ARRAY[]::uuid[], i % 40, (i % 40) * 4,
               CASE WHEN i % 40 = 0 THEN NULL ELSE 3 + (i % 200) / 100.0 END,
               to_tsvector('simple', 'Tutor ' || i || ' word' || (i % 500)), now()
          FROM generate_series(1, 10000) i`);
      await db.query(`
        WITH s AS (SELECT id, row_number() OVER (ORDER BY slug) - 1 AS n
                     FROM tutoring.subjects WHERE slug LIKE 'bench-subject-%')
        INSERT INTO tutoring.tutor_subjects (tutor_id, subject_id)
        SELECT t.user_id, s.id
          FROM tutoring.tutors t JOIN s ON s.n = abs(hashtext(t.user_id::text)) % 50
         WHERE t.display_name LIKE 'Tutor %'`);
      await db.query(`
        UPDATE tutoring.tutors t
           SET subject_ids = ARRAY(SELECT subject_id FROM tutoring.tutor_subjects WHERE tutor_id = t.user_id)
         WHERE t.display_name LIKE 'Tutor %'`);
    });
    await ctx.db.query('ANALYZE');
  });

/** The id of `bench-subject-1` (seeds the catalogue first). */
export const benchSubject = (ctx) =>
  ctx.once('bench-subject', async () => {
    await seedCatalogue(ctx);
    const { rows } = await ctx.db.query(
      `SELECT id FROM tutoring.subjects WHERE slug = 'bench-subject-1'`,
    );
    ctx.subject = rows[0].id;
    return ctx.subject;
  });

/**
 * An approved tutor teaching `subject`, open around the clock every day (UTC, no buffer, no notice),
 * with every booking of a previous run removed.
 */
export async function openTutor(db, id, subject) {
  await db.query(
    `INSERT INTO tutoring.tutors (user_id, display_name, status, headline, bio, hourly_rate_amount, currency,
                                  languages, timezone, subject_ids, approved_at)
     VALUES ($1, 'Bench tutor', 'approved', 'Bench', 'Bench', 4000, 'USD', ARRAY['en'], 'UTC', ARRAY[$2::uuid], now())
     ON CONFLICT (user_id) DO NOTHING`,
    [id, subject],
  );
  await db.query(
    `INSERT INTO tutoring.tutor_subjects (tutor_id, subject_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
    [id, subject],
  );
  const weekly = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
    weekday,
    start: '00:00',
    end: '24:00',
  }));
  await db.query(
    `INSERT INTO scheduling.availability (tutor_id, timezone, weekly, buffer_minutes, min_notice_minutes, max_advance_days)
     VALUES ($1, 'UTC', $2, 0, 0, 365)
     ON CONFLICT (tutor_id) DO UPDATE SET timezone = 'UTC', weekly = EXCLUDED.weekly, buffer_minutes = 0,
                                          min_notice_minutes = 0, max_advance_days = 365`,
    [id, JSON.stringify(weekly)],
  );
  await db.query(
    `DELETE FROM scheduling.booking_history
      WHERE booking_id IN (SELECT id FROM scheduling.bookings WHERE tutor_id = $1)`,
    [id],
  );
  await db.query(`DELETE FROM scheduling.bookings WHERE tutor_id = $1`, [id]);
}

/**
 * `ctx.slotsTutor`: an open tutor with 200 confirmed one-hour bookings spread over the next 31 days,
 * and `ctx.from` / `ctx.to`, a 31-day range starting tomorrow.
 */
export const seedSlotsTutor = (ctx) =>
  ctx.once('slots-tutor', async () => {
    const subject = await benchSubject(ctx);
    await transaction(ctx, async (db) => {
      await openTutor(db, SLOTS_TUTOR, subject);
      await db.query(
        `INSERT INTO scheduling.bookings (id, tutor_id, student_id, subject_id, starts_at, ends_at, blocked_until,
                                          status, price_amount, currency, hold_expires_at)
         SELECT gen_random_uuid(), $1, gen_random_uuid(), $2, t, t + interval '1 hour', t + interval '1 hour',
                'confirmed', 4000, 'USD', now()
           FROM (SELECT date_trunc('hour', now()) + interval '1 day' + i * interval '210 minutes' AS t
                   FROM generate_series(0, 199) i) s`,
        [SLOTS_TUTOR, subject],
      );
    });
    await ctx.db.query('ANALYZE scheduling.bookings');
    const tomorrow = Date.now() + 86_400_000;
    ctx.slotsTutor = SLOTS_TUTOR;
    ctx.from = new Date(tomorrow).toISOString();
    ctx.to = new Date(tomorrow + 31 * 86_400_000).toISOString();
  });

/**
 * For the booking scenario: `ctx.bookingPairs`, BOOKING_PAIRS pairs `{ student, tutor }` for the
 * API (a student may not hold two overlapping bookings, so each student books its own tutor) and
 * `ctx.baselineBookingPairs`, as many for the baseline, all tutors open and empty. Several pairs
 * keep the hours booked within the tutors' 365-day horizon even at thousands of bookings a second.
 */
export const seedBookingTutors = (ctx) =>
  ctx.once('booking-tutors', async () => {
    const subject = await benchSubject(ctx);
    const api = [];
    const baseline = [];
    for (let i = 0; i < BOOKING_PAIRS; i += 1) {
      api.push(bookingTutorId('api', i));
      baseline.push(bookingTutorId('baseline', i));
    }
    await transaction(ctx, async (db) => {
      for (const id of [...api, ...baseline]) await openTutor(db, id, subject);
    });
    // Students of their own on each side: one may not hold two overlapping bookings, and both
    // sides book the same hours.
    const students = [];
    for (let i = 0; i < 2 * BOOKING_PAIRS; i += 1) students.push(await register(ctx));
    ctx.bookingPairs = api.map((tutor, i) => ({ tutor, student: students[i] }));
    ctx.baselineBookingPairs = baseline.map((tutor, i) => ({
      tutor,
      student: students[BOOKING_PAIRS + i],
    }));
  });

/** How many students on each side of the payment scenario pay for bookings (each with its own tutor). */
export const PAYING_STUDENTS = 4;
const payingTutorId = (side, i) =>
  `00000000-0000-7000-8000-00000000${side === 'api' ? 'b4' : 'b5'}${String(i).padStart(2, '0')}`;
/** The account id of a token the API issued (its subject). */
const subjectOf = (token) =>
  JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')).sub;

/**
 * More payable bookings than either side can use up: the warm-up and every round, at a rate
 * (pairs per second) no server reaches on this machine, plus the probe.
 */
const payableBookingsPerSide = (settings) => (settings.warmup + settings.duration) * 400 + 100;

/**
 * For the payment scenario: `ctx.payableBookings.api` and `.baseline`, lists of distinct
 * `pending_payment` bookings `{ id, student }` whose hold runs for a day, interleaved over
 * PAYING_STUDENTS students registered through the API on each side (one tutor each, so no two
 * of a student's or tutor's bookings overlap). Made afresh on each run: a paid booking cannot be
 * paid again, and the tutors' bookings of earlier runs are removed first (payments and ledger
 * entries stay: the ledger is append-only). `ctx.nextPayableBooking(side)` hands them out in order.
 */
export const seedPayableBookings = (ctx) =>
  ctx.once('payable-bookings', async () => {
    const subject = await benchSubject(ctx);
    const perStudent = Math.ceil(payableBookingsPerSide(ctx.settings) / PAYING_STUDENTS);
    const sides = {};
    for (const side of ['api', 'baseline']) {
      sides[side] = [];
      for (let i = 0; i < PAYING_STUDENTS; i += 1) {
        const student = await register(ctx);
        student.id = subjectOf(student.token);
        sides[side].push({ student, tutor: payingTutorId(side, i) });
      }
    }
    ctx.payableBookings = {};
    await transaction(ctx, async (db) => {
      for (const side of ['api', 'baseline']) {
        const bookings = [];
        for (const [i, { student, tutor }] of sides[side].entries()) {
          await openTutor(db, tutor, subject);
          const { rows } = await db.query(
            `INSERT INTO scheduling.bookings (id, tutor_id, student_id, subject_id, starts_at, ends_at, blocked_until,
                                              status, price_amount, currency, hold_expires_at)
             SELECT gen_random_uuid(), $1, $2, $3, t, t + interval '1 hour', t + interval '1 hour',
                    'pending_payment', 4000, 'USD', now() + interval '1 day'
               FROM (SELECT date_trunc('hour', now()) + interval '2 days' + h * interval '1 hour' AS t
                       FROM generate_series(0, $4::int - 1) h) s
             RETURNING id`,
            [tutor, student.id, subject, perStudent],
          );
          rows.forEach((row, n) => (bookings[n * PAYING_STUDENTS + i] = { id: row.id, student }));
        }
        ctx.payableBookings[side] = bookings;
      }
    });
    await ctx.db.query('ANALYZE scheduling.bookings');
    const used = { api: 0, baseline: 0 };
    ctx.nextPayableBooking = (side) => {
      const list = ctx.payableBookings[side];
      if (used[side] === list.length)
        console.warn(
          `pay-and-confirm: the ${side} side used all ${list.length} bookings; repeats answer 409`,
        );
      return list[used[side]++ % list.length];
    };
  });

// ---------------------------------------------------------------------------------------------
// Messaging. Accounts made directly in SQL (a password no one logs in with) and access tokens
// signed as the API signs them (same key, claims and lifetime), because the send scenario needs
// hundreds of senders: the API lets one user send 30 messages a minute, and registering that
// many through the API would spend minutes on argon2.

/** A fixed id in a messaging fixture's range (`kind`: two hex digits naming the range). */
const fixtureId = (kind, i) => `00000000-0000-7000-8000-${kind}${String(i).padStart(10, '0')}`;
/** The same id, as SQL, for row `i` of a generate_series. */
const fixtureIdSql = (kind, i) =>
  `('00000000-0000-7000-8000-${kind}' || lpad(${i}::text, 10, '0'))::uuid`;

/** The conversations-list reader: a student with CONVERSATIONS_PER_READER conversations. */
export const READER_ID = fixtureId('c0', 0);
export const CONVERSATIONS_PER_READER = 30;
const MESSAGES_PER_CONVERSATION = 20;

let signer;
/** An access token for `userId` as the API issues them (identity's module and auth service). */
async function accessToken(ctx, userId, roles) {
  signer ??= Promise.all([
    import('jsonwebtoken'),
    import('../dist/libs/identity/src/domain/tokens.js'),
    import('../dist/libs/identity/src/application/jwt.strategy.js'),
  ]).then(([{ default: jwt }, { signingKeys }, { JWT_ISSUER, JWT_AUDIENCE }]) => {
    const [key] = signingKeys(ctx.env.JWT_SECRET, undefined);
    return (sub, claims) =>
      jwt.sign(claims, key.key, {
        algorithm: 'HS256',
        subject: sub,
        issuer: JWT_ISSUER,
        audience: JWT_AUDIENCE,
        keyid: key.kid,
        expiresIn: 900,
      });
  });
  return (await signer)(userId, { roles, ver: 0 });
}

/** Active accounts `fixtureId(kind, 1..count)` with `role`, added where missing. */
async function ensureAccounts(db, kind, count, role, from = 1) {
  await db.query(
    `INSERT INTO identity.users (id, email, display_name, password_hash, roles, status, timezone)
     SELECT id, 'bench-' || id || '@etutors.bench', 'Bench ' || $2, '!not-a-password-hash', ARRAY[$2],
            'active', 'UTC'
       FROM (SELECT ${fixtureIdSql(kind, 'i')} AS id FROM generate_series($3::int, $1::int) i) s
     ON CONFLICT (id) DO NOTHING`,
    [from + count - 1, role, from],
  );
}

/**
 * `ctx.conversationReader = { id, token }`: a student with CONVERSATIONS_PER_READER
 * conversations (one per tutor), each of MESSAGES_PER_CONVERSATION messages from both sides,
 * the newest activity an hour apart, the reader's cursor half-way (so unread counts are not
 * zero). Made once per bench database.
 */
export const seedConversationReader = (ctx) =>
  ctx.once('conversation-reader', async () => {
    await transaction(ctx, async (db) => {
      await ensureAccounts(db, 'c0', 1, 'student', 0);
      const { rows } = await db.query(
        `SELECT count(*)::int AS n FROM messaging.conversations WHERE participant_a = $1`,
        [READER_ID],
      );
      if (rows[0].n === CONVERSATIONS_PER_READER) return;
      const conversation = fixtureIdSql('c2', 'i');
      const tutor = fixtureIdSql('c1', 'i');
      // READER_ID (c0…) sorts before every tutor (c1…): it is participant_a of each pair.
      await db.query(
        `INSERT INTO messaging.conversations (id, participant_a, participant_b, created_at, last_activity_at)
         SELECT ${conversation}, $1, ${tutor}, now() - interval '60 days', now() - i * interval '1 hour'
           FROM generate_series(1, $2::int) i`,
        [READER_ID, CONVERSATIONS_PER_READER],
      );
      await db.query(
        `INSERT INTO messaging.conversation_participants (conversation_id, user_id)
         SELECT ${conversation}, who
           FROM generate_series(1, $2::int) i, LATERAL (VALUES ($1::uuid), (${tutor})) p (who)`,
        [READER_ID, CONVERSATIONS_PER_READER],
      );
      await db.query(
        `INSERT INTO messaging.messages (id, conversation_id, sender_id, kind, body, masked, created_at)
         SELECT gen_random_uuid(), ${conversation}, CASE WHEN j % 2 = 0 THEN $1 ELSE ${tutor} END, 'user',
                'Bench message ' || j || ': could we go through chapter ' || i || ' on Tuesday at five?',
                false, now() - i * interval '1 hour' - ($3::int - j) * interval '1 minute'
           FROM generate_series(1, $2::int) i, generate_series(1, $3::int) j
          ORDER BY i, j`,
        [READER_ID, CONVERSATIONS_PER_READER, MESSAGES_PER_CONVERSATION],
      );
      await db.query(
        `UPDATE messaging.conversations c
            SET last_message_id = (SELECT id FROM messaging.messages m
                                    WHERE m.conversation_id = c.id ORDER BY seq DESC LIMIT 1)
          WHERE c.participant_a = $1`,
        [READER_ID],
      );
      await db.query(
        `UPDATE messaging.conversation_participants p
            SET last_read_seq = (SELECT seq FROM messaging.messages m
                                  WHERE m.conversation_id = p.conversation_id
                                  ORDER BY seq OFFSET $2 LIMIT 1)
          WHERE p.user_id = $1`,
        [READER_ID, MESSAGES_PER_CONVERSATION / 2 - 1],
      );
    });
    await ctx.db.query(
      'ANALYZE messaging.conversations, messaging.conversation_participants, messaging.messages',
    );
    ctx.conversationReader = {
      id: READER_ID,
      token: await accessToken(ctx, READER_ID, ['student']),
    };
  });

/**
 * How many senders each side of the send scenario needs: every request of the warm-up and the
 * rounds at a rate (sends per second) no server reaches on this machine, plus the probe, spread
 * round-robin so that no sender passes the API's 30 messages a minute.
 */
const sendersPerSide = (settings) =>
  Math.ceil(((settings.warmup + settings.duration) * 600 + 10) / 30);

/**
 * For the send scenario: `ctx.messagePairs.api` and `.baseline`, lists of `{ conversationId,
 * sender: { id, token } }`: students (`d1…` for the API, `d2…` for the baseline), each in a
 * conversation with a tutor of its own (`e1…`, `e2…`) with whom the pair has a confirmed booking
 * (messaging's copy, `booking_pairs`), so bodies pass unmasked. Pairs are added where missing and
 * kept between runs; `ctx.nextMessagePair(side)` hands them out round-robin.
 */
export const seedMessagePairs = (ctx) =>
  ctx.once('message-pairs', async () => {
    const count = sendersPerSide(ctx.settings);
    const kinds = { api: ['d1', 'e1', 'd3'], baseline: ['d2', 'e2', 'd4'] };
    await transaction(ctx, async (db) => {
      for (const [student, tutor, conversation] of Object.values(kinds)) {
        await ensureAccounts(db, student, count, 'student');
        const pair = [
          fixtureIdSql(student, 'i'),
          fixtureIdSql(tutor, 'i'),
          fixtureIdSql(conversation, 'i'),
        ];
        // Students (d…) sort before their tutors (e…): participant_a is the student.
        await db.query(
          `INSERT INTO messaging.booking_pairs (tutor_id, student_id, first_booked_at, confirmed_at)
           SELECT ${pair[1]}, ${pair[0]}, now(), now() FROM generate_series(1, $1::int) i
           ON CONFLICT DO NOTHING`,
          [count],
        );
        const { rowCount } = await db.query(
          `INSERT INTO messaging.conversations (id, participant_a, participant_b, created_at, last_activity_at)
           SELECT ${pair[2]}, ${pair[0]}, ${pair[1]}, now(), now() FROM generate_series(1, $1::int) i
           ON CONFLICT DO NOTHING`,
          [count],
        );
        if (rowCount > 0)
          await db.query(
            `INSERT INTO messaging.conversation_participants (conversation_id, user_id)
             SELECT ${pair[2]}, who FROM generate_series(1, $1::int) i,
                    LATERAL (VALUES (${pair[0]}), (${pair[1]})) p (who)
             ON CONFLICT DO NOTHING`,
            [count],
          );
      }
    });
    await ctx.db.query('ANALYZE messaging.conversations, messaging.booking_pairs');
    ctx.messagePairs = {};
    for (const [side, [student, , conversation]] of Object.entries(kinds)) {
      const pairs = [];
      for (let i = 1; i <= count; i += 1) {
        const id = fixtureId(student, i);
        pairs.push({
          conversationId: fixtureId(conversation, i),
          sender: { id, token: await accessToken(ctx, id, ['student']) },
        });
      }
      ctx.messagePairs[side] = pairs;
    }
    const used = { api: 0, baseline: 0 };
    ctx.nextMessagePair = (side) => {
      const list = ctx.messagePairs[side];
      if (used[side] === 30 * list.length)
        console.warn(
          `send-message: the ${side} side passed 30 sends per sender; repeats answer 429`,
        );
      return list[used[side]++ % list.length];
    };
  });

/**
 * `count` active students (`f1…`) for the stream fan-out, each `{ id, token }`. Kept between runs;
 * their feeds grow by one item per run.
 */
export const seedStreamUsers = async (ctx, count) => {
  await transaction(ctx, (db) => ensureAccounts(db, 'f1', count, 'student'));
  const users = [];
  for (let i = 1; i <= count; i += 1) {
    const id = fixtureId('f1', i);
    users.push({ id, token: await accessToken(ctx, id, ['student']) });
  }
  return users;
};

/** `{ id, token }` of an admin account (inserted in SQL, once), for the admin routes. */
export const benchAdmin = (ctx) =>
  ctx.once('bench-admin', async () => {
    await ensureAccounts(ctx.db, 'ad', 1, 'admin');
    const id = fixtureId('ad', 1);
    return { id, token: await accessToken(ctx, id, ['admin']) };
  });
