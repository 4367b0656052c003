import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Test } from 'supertest';
import { randomUUID } from 'node:crypto';
import { Clock, ControllableClock } from '@etutors/platform';
import { BookingSchedules } from '../../libs/scheduling/src/application/booking-schedules.js';
import { signSandboxWebhook } from '../../libs/billing/src/infrastructure/sandbox-webhook-signature.js';
import { marketplace, type Marketplace } from '../billing/support/marketplace.js';
import { given, WITH_ADMIN, type Actor } from '../support/given.js';
import { eventually, startTestApp, type TestApp } from '../support/test-app.js';
import { book, DAY, startAt } from '../scheduling/support.js';

/**
 * The OWASP API Security Top 10 (2023), item by item, against the whole API. Deeper suites own
 * the details (named per item); these are the sharp cases an attacker tries first.
 */

const WEBHOOK_SECRET = 'whsec_owasp_top10_suite';
const ALLOWED_ORIGIN = 'https://app.example.com';
const LOGIN_PER_IP = 10;

/** A loopback HTTP listener that counts every request it receives (the SSRF canary). */
async function canary() {
  const received: IncomingMessage[] = [];
  const server: Server = createServer((req, res) => {
    received.push(req);
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/canary`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Every key anywhere in a JSON value, lower-cased. */
function keysOf(value: unknown, into: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) keysOf(item, into);
  else if (value && typeof value === 'object')
    for (const [key, inner] of Object.entries(value)) {
      into.push(key.toLowerCase());
      keysOf(inner, into);
    }
  return into;
}

const SECRET_KEYS = /password|hash|tokenversion|^ver$|^iban$|ciphertext|nonce|^secret$/;

let ipCounter = 0;
const newIp = () => `203.0.113.${(ipCounter += 1)}`;

describe('OWASP API Security Top 10 (2023)', () => {
  let t: TestApp;
  let market: Marketplace;
  let admin: Actor;
  const clock = new ControllableClock(new Date());

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        ...WITH_ADMIN,
        // The clock moves hours ahead here, and access tokens expire by that same clock.
        ACCESS_TOKEN_TTL: String((2 * DAY) / 1000),
        TRUST_PROXY: 'true',
        RATE_LIMIT_LOGIN_PER_IP: String(LOGIN_PER_IP),
        CORS_ORIGINS: ALLOWED_ORIGIN,
        SANDBOX_WEBHOOK_SECRET: WEBHOOK_SECRET,
      },
      override: (builder) => builder.overrideProvider(Clock).useValue(clock),
    });
    market = await marketplace(t);
    admin = market.admin;
  });
  afterAll(() => t.close());

  const http = () => t.http();
  /** A request by method name, as the tables below list them. */
  const call = (method: string, path: string): Test =>
    (http() as unknown as Record<string, (url: string) => Test>)[method]!(path);
  const bookingRow = async (id: string) =>
    (
      (await t.dataSource.query(
        `SELECT status, student_id AS "studentId" FROM scheduling.bookings WHERE id = $1`,
        [id],
      )) as { status: string; studentId: string }[]
    )[0];

  /** A student, their booking with the market's tutor, an open payment and a conversation. */
  async function victim() {
    const { student, bookingId } = await market.bookedStudent({ minutes: 60 });
    const payment = await market.pay(student, bookingId);
    expect(payment.status).toBe(201);
    const conversation = await http()
      .post('/api/v1/conversations')
      .set(student.auth)
      .send({ participantId: market.tutor.id });
    expect(conversation.status).toBe(201);
    const message = await http()
      .post(`/api/v1/conversations/${conversation.body.id}/messages`)
      .set(student.auth)
      .send({ body: 'Can we cover integrals?' });
    expect(message.status).toBe(201);
    return {
      student,
      bookingId,
      paymentId: payment.body.id as string,
      conversationId: conversation.body.id as string,
    };
  }

  describe('API1 broken object-level authorization', () => {
    it("answers another user's booking, payment and conversation with 404, reading or writing, and changes nothing", async () => {
      const mine = await victim();
      const intruder = await given(t).student();
      const otherTutor = await given(t).tutor();
      const probes = [
        http().get(`/api/v1/bookings/${mine.bookingId}`),
        http().post(`/api/v1/bookings/${mine.bookingId}/cancel`).send({ reason: 'mine now' }),
        http()
          .post(`/api/v1/bookings/${mine.bookingId}/reschedule`)
          .send({ startsAt: startAt(40, 10) }),
        http().get(`/api/v1/payments/${mine.paymentId}`),
        http()
          .post(`/api/v1/payments/${mine.paymentId}/confirm`)
          .set('idempotency-key', randomUUID())
          .send({ paymentMethod: 'pm_card_visa' }),
        http().get(`/api/v1/payments/${mine.paymentId}/receipt`),
        http().get(`/api/v1/conversations/${mine.conversationId}/messages`),
        http()
          .post(`/api/v1/conversations/${mine.conversationId}/messages`)
          .send({ body: 'hello from outside' }),
      ];
      for (const [index, probe] of probes.entries()) {
        const res = await probe.set(intruder.auth);
        expect({ index, status: res.status }).toEqual({ index, status: 404 });
        expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      }
      // Paying for someone else's booking is the same 404 as a booking that does not exist.
      const payForOther = await market.pay(intruder, mine.bookingId);
      const payForNothing = await market.pay(intruder, randomUUID());
      expect([payForOther.status, payForOther.body.code]).toEqual([
        payForNothing.status,
        payForNothing.body.code,
      ]);
      expect(payForOther.status).toBe(404);
      // A tutor who is not the booking's sees it no more than a student does.
      expect(
        (await http().get(`/api/v1/bookings/${mine.bookingId}`).set(otherTutor.auth)).status,
      ).toBe(404);
      // Lists hold only the caller's own.
      const list = await http().get('/api/v1/bookings').set(intruder.auth);
      expect(list.status).toBe(200);
      expect(list.body.data).toEqual([]);
      const payments = await http().get('/api/v1/payments').set(intruder.auth);
      expect(payments.body.data).toEqual([]);
      const conversations = await http().get('/api/v1/conversations').set(intruder.auth);
      expect(conversations.body.data).not.toContainEqual(
        expect.objectContaining({ id: mine.conversationId }),
      );
      expect(await bookingRow(mine.bookingId)).toEqual({
        status: 'pending_payment',
        studentId: mine.student.id,
      });
      const messages = await http()
        .get(`/api/v1/conversations/${mine.conversationId}/messages`)
        .set(mine.student.auth);
      expect(messages.body.data.map((m: { body: string }) => m.body)).toEqual([
        'Can we cover integrals?',
      ]);
    });
  });

  describe('API2 broken authentication', () => {
    // Forged, tampered, alg:none, expired, other-key and missing-exp tokens: test/identity/tokens.e2e-spec.ts.
    // Lockout windows, the ceiling across IPs, Redis counting: test/identity/rate-limits.e2e-spec.ts.

    it('takes neither token type for the other', async () => {
      const student = await given(t).student();
      const login = await http()
        .post('/api/v1/auth/login')
        .send({ email: student.email, password: student.password });
      expect(login.status).toBe(200);
      const asBearer = await http()
        .get('/api/v1/users/me')
        .set('authorization', `Bearer ${login.body.refreshToken}`);
      expect(asBearer.status).toBe(401);
      const asRefresh = await http()
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: login.body.accessToken });
      expect(asRefresh.status).toBeGreaterThanOrEqual(400);
      expect(asRefresh.status).toBeLessThan(500);
      expect(asRefresh.body.accessToken).toBeUndefined();
      // The refresh token still works for what it is: the refusals are about the swap.
      const refreshed = await http()
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: login.body.refreshToken });
      expect(refreshed.status).toBe(200);
    });

    it("locks a password guesser's IP out after 5 failures, while the owner still signs in from theirs", async () => {
      const owner = await given(t).student();
      const guesser = newIp();
      const attempt = (password: string, ip: string) =>
        http()
          .post('/api/v1/auth/login')
          .set('x-forwarded-for', ip)
          .send({ email: owner.email, password });
      const statuses = [];
      for (let i = 0; i < 6; i += 1)
        statuses.push((await attempt(`guess-${i}-pw`, guesser)).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
      // Locked for the guesser even when the guess is right.
      expect((await attempt(owner.password, guesser)).status).toBe(429);
      const ownSession = await attempt(owner.password, newIp());
      expect(ownSession.status).toBe(200);
      expect(ownSession.body.user.id).toBe(owner.id);
      // Wrong and unknown e-mails answer alike: the 401 is no account oracle.
      const unknown = await attempt('guess-x-pw', newIp());
      const ghost = await http()
        .post('/api/v1/auth/login')
        .set('x-forwarded-for', newIp())
        .send({ email: `ghost-${randomUUID()}@etutors.test`, password: 'guess-x-pw' });
      expect([ghost.status, ghost.body.code]).toEqual([unknown.status, unknown.body.code]);
    });
  });

  describe('API3 broken object-property-level authorization', () => {
    it('refuses every privileged or foreign property in a body with 400, and stores none of it', async () => {
      const student = await given(t).student();
      const other = await given(t).student();
      const attempts: [string, string, Record<string, unknown>, Actor][] = [
        ['patch', '/api/v1/users/me', { roles: ['admin'] }, student],
        ['patch', '/api/v1/users/me', { status: 'active' }, student],
        ['patch', '/api/v1/users/me', { email: other.email }, student],
        ['patch', '/api/v1/users/me', { emailVerified: true }, student],
        ['patch', '/api/v1/users/me', { id: other.id, displayName: 'Taken over' }, student],
        ['patch', '/api/v1/users/me', { passwordHash: 'x', tokenVersion: 0 }, student],
      ];
      const booking = {
        tutorId: market.tutor.id,
        subjectId: market.subjectId,
        startsAt: startAt(30, 10),
        durationMinutes: 60,
      };
      for (const extra of [
        { price: { amount: 1, currency: 'USD' } },
        { status: 'confirmed' },
        { studentId: other.id },
        { holdExpiresAt: new Date(Date.now() + 365 * DAY).toISOString() },
        { id: randomUUID() },
      ])
        attempts.push(['post', '/api/v1/bookings', { ...booking, ...extra }, student]);
      const tutor = await given(t).tutor();
      const profile = {
        headline: 'Patient and precise',
        bio: 'I teach with worked examples.',
        subjectIds: [market.subjectId],
        hourlyRate: { amount: 4000, currency: 'USD' },
        languages: ['en'],
        timezone: 'UTC',
      };
      for (const extra of [
        { status: 'approved' },
        { rating: { average: 5, count: 1000 } },
        { tutorId: market.tutor.id },
        { userId: market.tutor.id },
      ])
        attempts.push(['put', '/api/v1/tutors/me', { ...profile, ...extra }, tutor]);

      for (const [method, path, body, actor] of attempts) {
        const res = await call(method, path).set(actor.auth).send(body);
        expect({ method, path, body, status: res.status }).toEqual({
          method,
          path,
          body,
          status: 400,
        });
        expect(res.body.code).toBe('request.validation_failed');
      }
      const me = await http().get('/api/v1/users/me').set(student.auth);
      expect(me.body).toMatchObject({ id: student.id, roles: ['student'], emailVerified: false });
      expect(me.body.displayName).toBe(student.displayName);
      const rows = (await t.dataSource.query(
        `SELECT count(*)::int AS n FROM scheduling.bookings WHERE student_id = ANY($1)`,
        [[student.id, other.id]],
      )) as { n: number }[];
      expect(rows[0]!.n).toBe(0);
      expect((await http().get('/api/v1/tutors/me').set(tutor.auth)).status).toBe(404);
      // A payment's amount is the booking's price: a body cannot name another.
      const { student: payer, bookingId } = await market.bookedStudent({ minutes: 60 });
      const cheap = await http()
        .post('/api/v1/payments')
        .set(payer.auth)
        .set('idempotency-key', randomUUID())
        .send({ bookingId, amount: 1, currency: 'USD' });
      expect(cheap.status).toBe(400);
      const message = await http()
        .post(`/api/v1/conversations/${randomUUID()}/messages`)
        .set(payer.auth)
        .send({ body: 'hi', senderId: market.tutor.id });
      expect(message.status).toBe(400);
    });

    it('never sends password hashes, token versions, IBANs or another person’s client secret', async () => {
      const mine = await victim();
      const payout = await http()
        .put('/api/v1/tutors/me/payout-account')
        .set(market.tutor.auth)
        .send({ accountHolder: 'Ada Tutor', iban: 'DE89370400440532013000' });
      expect(payout.status).toBe(200);
      const reads: [string, Actor | null][] = [
        ['/api/v1/users/me', mine.student],
        ['/api/v1/admin/users?limit=100', admin],
        [`/api/v1/admin/users?q=${encodeURIComponent(mine.student.email)}`, admin],
        ['/api/v1/admin/audit-events?limit=100', admin],
        ['/api/v1/admin/tutors?limit=100', admin],
        [`/api/v1/tutors/${market.tutor.id}`, null],
        ['/api/v1/tutors?limit=100', null],
        ['/api/v1/tutors/me', market.tutor],
        ['/api/v1/tutors/me/payout-account', market.tutor],
        [`/api/v1/bookings/${mine.bookingId}`, market.tutor],
        [`/api/v1/bookings/${mine.bookingId}`, admin],
        [`/api/v1/payments/${mine.paymentId}`, admin],
        ['/api/v1/payments?limit=100', admin],
        ['/api/v1/conversations', market.tutor],
      ];
      const bodies: unknown[] = [];
      for (const [path, actor] of reads) {
        const res = await http()
          .get(path)
          .set(actor ? actor.auth : {});
        expect({ path, status: res.status }).toEqual({ path, status: 200 });
        expect(keysOf(res.body).filter((key) => SECRET_KEYS.test(key))).toEqual([]);
        bodies.push(res.body);
      }
      const text = JSON.stringify(bodies);
      expect(text).not.toMatch(/\$argon2/);
      expect(text).not.toContain('DE89370400440532013000');
      expect(text).not.toMatch(/_secret/);
      // The payer's client confirms with the secret; an admin's view of the same payment has none.
      const own = await http().get(`/api/v1/payments/${mine.paymentId}`).set(mine.student.auth);
      expect(own.body.clientSecret).toEqual(expect.stringMatching(/_secret$/));
      const asAdmin = await http().get(`/api/v1/payments/${mine.paymentId}`).set(admin.auth);
      expect(asAdmin.body.clientSecret).toBeNull();
      expect(asAdmin.body.id).toBe(mine.paymentId);
    });
  });

  describe('API4 unrestricted resource consumption', () => {
    it('refuses a body over the limit with 413 problem+json before reading it', async () => {
      const res = await http()
        .post('/api/v1/auth/login')
        .set('content-type', 'application/json')
        .send(JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(1_100_000) }));
      expect(res.status).toBe(413);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.code).toBe('request.too_large');
    });

    it('refuses pages over 100 items with 400 naming limit', async () => {
      for (const [path, actor] of [
        ['/api/v1/tutors', null],
        ['/api/v1/bookings', market.tutor],
        ['/api/v1/payments', admin],
        ['/api/v1/admin/users', admin],
      ] as const) {
        const res = await http()
          .get(`${path}?limit=101`)
          .set(actor ? actor.auth : {});
        expect({ path, status: res.status }).toEqual({ path, status: 400 });
        expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'limit' }));
        const max = await http()
          .get(`${path}?limit=100`)
          .set(actor ? actor.auth : {});
        expect({ path, status: max.status }).toEqual({ path, status: 200 });
      }
    });

    it('refuses a body nested deeper than 32 levels with 400, not a stack overflow', async () => {
      const res = await http()
        .post('/api/v1/auth/register')
        .set('content-type', 'application/json')
        .send(`{"displayName":${'['.repeat(5000)}${']'.repeat(5000)}}`);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    });

    it('rate-limits login attempts per IP: 429 with Retry-After, and other IPs go on', async () => {
      const ip = newIp();
      const statuses = [];
      for (let i = 0; i <= LOGIN_PER_IP; i += 1) {
        const res = await http()
          .post('/api/v1/auth/login')
          .set('x-forwarded-for', ip)
          .send({ email: `spray-${i}@etutors.test`, password: 'wrong-password-1' });
        statuses.push(res.status);
        if (res.status === 429) {
          expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
          expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
          expect(res.body).toMatchObject({ status: 429, code: 'rate_limit.exceeded' });
        }
      }
      expect(statuses).toEqual([...Array<number>(LOGIN_PER_IP).fill(401), 429]);
      const elsewhere = await http()
        .post('/api/v1/auth/login')
        .set('x-forwarded-for', newIp())
        .send({ email: 'spray-x@etutors.test', password: 'wrong-password-1' });
      expect(elsewhere.status).toBe(401);
    });
  });

  describe('API5 broken function-level authorization', () => {
    it('refuses admin functions to students and tutors with 403, and to anonymous callers with 401', async () => {
      const student = await given(t).student();
      const tutor = await given(t).tutor();
      const adminCalls = [
        ['get', '/api/v1/admin/users'],
        ['patch', `/api/v1/admin/users/${student.id}`, { roles: ['student', 'admin'] }],
        ['patch', `/api/v1/admin/tutors/${tutor.id}`, { status: 'approved' }],
        ['post', '/api/v1/subjects', { slug: 'hacked', name: 'Hacked', category: 'X' }],
        ['get', '/api/v1/admin/ledger/accounts'],
        ['post', '/api/v1/admin/payouts/run', {}],
        ['get', '/api/v1/admin/analytics/overview'],
        ['get', '/api/v1/admin/audit-events'],
      ] as const;
      for (const [method, path, body] of adminCalls) {
        for (const [who, auth, expected] of [
          ['student', student.auth, 403],
          ['tutor', tutor.auth, 403],
          ['anonymous', {}, 401],
        ] as const) {
          const req = call(method, path).set(auth);
          const res = await (body ? req.send(body) : req);
          expect({ method, path, who, status: res.status }).toEqual({
            method,
            path,
            who,
            status: expected,
          });
        }
      }
      const me = await http().get('/api/v1/users/me').set(student.auth);
      expect(me.body.roles).toEqual(['student']);
      // A student cannot act as a tutor either.
      const asTutor = await http().put('/api/v1/tutors/me/availability').set(student.auth).send({
        timezone: 'UTC',
        weekly: [],
        bufferMinutes: 0,
        minNoticeMinutes: 0,
        maxAdvanceDays: 30,
      });
      expect(asTutor.status).toBe(403);
    });
  });

  describe('API6 unrestricted access to sensitive business flows', () => {
    afterEach(() => clock.set(new Date()));

    it('lets one student hold at most MAX_UNPAID_BOOKINGS_PER_STUDENT (3) unpaid slots, and holds run out', async () => {
      const hoarder = await given(t).student();
      const results = [];
      for (const hour of [8, 10, 12, 14])
        results.push(await book(t, hoarder, market.tutor, market.subjectId, startAt(45, hour)));
      expect(results.map((r) => r.status)).toEqual([201, 201, 201, 409]);
      expect(results[3]!.body).toMatchObject({ code: 'booking.too_many_unpaid', limit: 3 });
      for (const held of results.slice(0, 3)) {
        const hold = Date.parse(held.body.holdExpiresAt) - clock.now().getTime();
        expect(hold).toBeGreaterThan(0);
        expect(hold).toBeLessThanOrEqual(15 * 60_000);
      }
      // The slot the hoarder could not take stays free for someone who will pay.
      const buyer = await given(t).student();
      expect((await book(t, buyer, market.tutor, market.subjectId, startAt(45, 14))).status).toBe(
        201,
      );
      // Holds run out: the slots free, and holding again means booking again.
      clock.advance(16 * 60_000);
      expect(await t.get(BookingSchedules).expireHolds()).toBeGreaterThanOrEqual(3);
      for (const held of results.slice(0, 3))
        expect((await bookingRow(held.body.id as string))!.status).toBe('expired');
      const taken = await book(t, buyer, market.tutor, market.subjectId, startAt(45, 8));
      expect(taken.status).toBe(201);
      // An expired hold cannot be paid for.
      const late = await market.pay(hoarder, results[1]!.body.id as string);
      expect([late.status, late.body.code]).toEqual([422, 'payment.booking_not_payable']);
    });
  });

  describe('API7 server-side request forgery', () => {
    it('never fetches a URL a user puts in any field', async () => {
      const probe = await canary();
      try {
        const { url } = probe;
        // Features that would fetch a URL do not exist, and bodies naming one are refused.
        const student = await given(t).student();
        for (const field of ['photoUrl', 'avatarUrl', 'webhookUrl', 'callbackUrl', 'website']) {
          const res = await http()
            .patch('/api/v1/users/me')
            .set(student.auth)
            .send({ [field]: url });
          expect({ field, status: res.status }).toEqual({ field, status: 400 });
        }
        // Free text that holds the URL is stored as text.
        const renamed = await http()
          .patch('/api/v1/users/me')
          .set(student.auth)
          .send({ displayName: `See ${url}` });
        expect(renamed.status).toBe(200);
        const tutor = await given(t).approvedTutor(admin, {
          subjectIds: [market.subjectId],
          headline: `Portfolio at ${url}`,
          bio: `![me](${url}/photo.png) and ${url}/cv.pdf`,
        });
        // The approval reaches messaging by an event: the tutor is open to messages once it has.
        const conversation = await eventually(async () => {
          const res = await http()
            .post('/api/v1/conversations')
            .set(student.auth)
            .send({ participantId: tutor.id });
          return res.status === 201 ? res : null;
        });
        const sent = await http()
          .post(`/api/v1/conversations/${conversation.body.id}/messages`)
          .set(student.auth)
          .send({ body: `Look: ${url}/preview` });
        expect(sent.status).toBe(201);
        const method = await http()
          .post(`/api/v1/payments/${randomUUID()}/confirm`)
          .set(student.auth)
          .set('idempotency-key', randomUUID())
          .send({ paymentMethod: url });
        expect(method.status).toBeGreaterThanOrEqual(400);
        expect(method.status).toBeLessThan(500);
        // Everything those writes set off (the tutor's notification of the message) has run.
        await eventually(async () => {
          const res = await http().get('/api/v1/notifications').set(tutor.auth);
          return res.body.data.length > 0;
        });
        expect(probe.received).toEqual([]);
        // The canary does hear requests: the empty list above is about the API.
        await fetch(url);
        expect(probe.received).toHaveLength(1);
      } finally {
        await probe.close();
      }
    });
  });

  describe('API8 security misconfiguration', () => {
    it('sends security headers on answers and errors alike, and no framework banner', async () => {
      for (const res of [
        await http().get('/api/v1/subjects'),
        await http().get('/api/v1/users/me'),
        await http().get('/api/v1/no/such/route'),
      ]) {
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['x-frame-options']).toBe('DENY');
        expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
        expect(res.headers['content-security-policy']).toContain("default-src 'none'");
        expect(res.headers['x-powered-by']).toBeUndefined();
      }
    });

    it('shares responses with the allowed origin only', async () => {
      const shared = await http().get('/api/v1/subjects').set('origin', ALLOWED_ORIGIN);
      expect(shared.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
      const preflight = await http()
        .options('/api/v1/bookings')
        .set('origin', ALLOWED_ORIGIN)
        .set('access-control-request-method', 'POST')
        .set('access-control-request-headers', 'authorization,content-type');
      expect(preflight.status).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
      const foreign = await http().get('/api/v1/subjects').set('origin', 'https://evil.example');
      expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
      const foreignPreflight = await http()
        .options('/api/v1/bookings')
        .set('origin', 'https://evil.example')
        .set('access-control-request-method', 'POST');
      expect(foreignPreflight.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('answers a wrong method on a known path with 405, Allow and a problem; an unknown path stays 404', async () => {
      const cases: [string, string, string][] = [
        ['delete', '/api/v1/auth/login', 'POST'],
        ['get', '/api/v1/auth/login', 'POST'],
        ['put', `/api/v1/bookings/${randomUUID()}`, 'GET, HEAD'],
        ['delete', '/api/v1/users/me', 'GET, HEAD, PATCH'],
        ['post', '/health/live', 'GET, HEAD'],
      ];
      for (const [method, path, allow] of cases) {
        const res = await call(method, path).set(market.tutor.auth).send();
        expect({ method, path, status: res.status, allow: res.headers.allow }).toEqual({
          method,
          path,
          status: 405,
          allow,
        });
        expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(res.body).toMatchObject({
          status: 405,
          code: 'request.method_not_allowed',
          instance: path,
        });
        expect(res.headers['x-content-type-options']).toBe('nosniff');
      }
      const unknown = await http().delete('/api/v1/no/such/route');
      expect(unknown.status).toBe(404);
      expect(unknown.headers.allow).toBeUndefined();
      expect(unknown.body.code).toBe('resource.not_found');
      // A route's own 404 (no such booking) is not mistaken for a wrong method.
      const missing = await http().get(`/api/v1/bookings/${randomUUID()}`).set(admin.auth);
      expect(missing.status).toBe(404);
      expect(missing.headers.allow).toBeUndefined();
    });

    it('answers a body in another content type with 415', async () => {
      for (const [type, body] of [
        ['text/plain', 'email=a@b.co'],
        ['application/x-www-form-urlencoded', 'email=a%40b.co&password=x'],
        ['application/xml', '<login/>'],
      ]) {
        const res = await http().post('/api/v1/auth/login').set('content-type', type!).send(body);
        expect({ type, status: res.status }).toEqual({ type, status: 415 });
        expect(res.body.code).toBe('request.unsupported_media_type');
      }
    });
  });

  describe('API9 improper inventory management', () => {
    it('documents every route the API serves in /docs-json, and serves every documented one', async () => {
      const document = (await http().get('/docs-json')).body as {
        paths: Record<string, Record<string, unknown>>;
      };
      const documented = new Set(
        Object.entries(document.paths).flatMap(([path, item]) =>
          Object.keys(item)
            .filter((method) => /^(get|put|post|patch|delete)$/.test(method))
            .map((method) => `${method.toUpperCase()} ${path}`),
        ),
      );
      const served = servedRoutes(t);
      // The documentation itself, and the Swagger UI's assets, are not API operations; the
      // developer's mailbox is left out on purpose and never mounted in production
      // (test/platform/dev-mailbox.e2e-spec.ts).
      const operations = served.filter(
        (route) =>
          !/ \/docs(-json|-yaml|\/|$)/.test(route) &&
          !route.startsWith('OPTIONS ') &&
          route !== 'GET /api/v1/dev/mailbox',
      );
      expect(operations.length).toBeGreaterThan(50);
      expect(operations.filter((route) => !documented.has(route))).toEqual([]);
      expect([...documented].filter((route) => !served.includes(route))).toEqual([]);
    });
  });

  describe('API10 unsafe consumption of APIs', () => {
    // Bad and stale signatures, replays, provider mismatch: test/billing/webhooks.e2e-spec.ts.
    const post = (body: string, signature?: string) =>
      http()
        .post('/api/v1/billing/webhooks/sandbox')
        .set('content-type', 'application/json')
        .set('sandbox-signature', signature ?? signSandboxWebhook(body, WEBHOOK_SECRET, new Date()))
        .send(body);
    const providerEvents = async () =>
      (
        (await t.dataSource.query(`SELECT count(*)::int AS n FROM billing.provider_events`)) as {
          n: number;
        }[]
      )[0]!.n;

    it('refuses an unsigned or wrongly signed webhook with 400, and a replay changes nothing', async () => {
      const { student, bookingId } = await market.bookedStudent({ minutes: 60 });
      const payment = await market.pay(student, bookingId);
      const providerPaymentId = `sbx_pi_${(payment.body.id as string).replaceAll('-', '')}`;
      const body = JSON.stringify({
        id: `evt_${randomUUID()}`,
        type: 'payment_intent.succeeded',
        created: 0,
        data: { object: { id: providerPaymentId } },
      });
      const before = await providerEvents();
      const forged = await post(body, signSandboxWebhook(body, 'whsec_attacker', new Date()));
      expect(forged.status).toBe(400);
      expect(forged.body.code).toBe('webhook.signature_invalid');
      expect(await providerEvents()).toBe(before);
      expect((await post(body)).body).toEqual({ received: true, outcome: 'applied' });
      expect((await post(body)).body).toEqual({ received: true, outcome: 'duplicate' });
      expect(await providerEvents()).toBe(before + 1);
      await market.bookingBecomes(student, bookingId, 'confirmed');
    });

    it('answers a correctly signed body of the wrong shape with 400, never 500, and records nothing', async () => {
      const before = await providerEvents();
      for (const body of [
        'null',
        '[]',
        '"event"',
        '42',
        '{}',
        JSON.stringify({ type: 'payment_intent.succeeded', data: { object: { id: 'sbx_pi_x' } } }),
        JSON.stringify({ id: 42, type: 'payment_intent.succeeded' }),
        JSON.stringify({ id: { $ne: null }, type: 'payment_intent.succeeded' }),
        JSON.stringify({ id: 'evt_x', type: ['payment_intent.succeeded'] }),
        JSON.stringify({ id: 'evt_y', type: 'payment_intent.succeeded', data: 'x' }),
        JSON.stringify({
          id: 'evt_z',
          type: 'payment_intent.succeeded',
          data: { object: { id: { nested: true } } },
        }),
        JSON.stringify({ id: `evt_${'x'.repeat(1000)}`, type: 'payment_intent.succeeded' }),
      ]) {
        const res = await post(body);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
        expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      }
      expect(await providerEvents()).toBe(before);
    });
  });
});

/** Every method and path Fastify serves, as `METHOD /path/{param}` like the document names them. */
function servedRoutes(t: TestApp): string[] {
  const fastify = t.app.getHttpAdapter().getInstance();
  const printed = fastify.printRoutes({ commonPrefix: false, includeHooks: false });
  return parsePrintedRoutes(printed);
}

/**
 * Reads Fastify's `printRoutes({ commonPrefix: false })` tree: each line is a path segment
 * indented under its parent, followed by the methods served there, e.g. `├── /bookings (GET, POST)`.
 */
function parsePrintedRoutes(printed: string): string[] {
  const routes: string[] = [];
  const stack: { depth: number; path: string }[] = [];
  for (const line of printed.split('\n')) {
    const match = /^([\s│├└─]*)(\S.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match || !match[2]) continue;
    const depth = match[1]!.length;
    while (stack.length > 0 && stack.at(-1)!.depth >= depth) stack.pop();
    const path = `${stack.at(-1)?.path ?? ''}${match[2]}`;
    stack.push({ depth, path });
    for (const method of match[3]?.split(', ') ?? [])
      if (method !== 'HEAD') routes.push(`${method} ${path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`);
  }
  return routes;
}
