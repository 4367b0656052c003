import { CapturingMailer, Mailer } from '@etutors/platform';
import jwt from 'jsonwebtoken';
import { keyId } from '../../libs/identity/src/domain/tokens.js';
import { eventually, startTestApp, type TestApp } from '../support/test-app.js';

const PASSWORD = 'plum-orbit-candle-42';
let n = 0;
const email = () => `user${++n}-${Date.now()}@Example.com`;

describe('accounts and sessions', () => {
  let t: TestApp;
  const secret = process.env.JWT_SECRET!;

  beforeAll(async () => {
    t = await startTestApp({
      env: { JWT_PREVIOUS_SECRETS: 'previous-secret-that-is-at-least-32-chars-long' },
    });
  });
  afterAll(() => t.close());

  const register = (overrides: Record<string, unknown> = {}) =>
    t
      .http()
      .post('/api/v1/auth/register')
      .send({
        email: email(),
        password: PASSWORD,
        displayName: 'Ada',
        role: 'student',
        ...overrides,
      });
  const me = (token: string) =>
    t.http().get('/api/v1/users/me').set('authorization', `Bearer ${token}`);

  it('registers a student with a normalized e-mail and returns a working session', async () => {
    const address = `  New.Person${Date.now()}@Example.COM `;
    const res = await register({ email: address, timezone: 'Europe/Berlin', role: 'tutor' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      user: {
        email: address.trim().toLowerCase(),
        displayName: 'Ada',
        roles: ['tutor'],
        timezone: 'Europe/Berlin',
        emailVerified: false,
      },
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      expiresIn: 900,
    });
    expect(JSON.stringify(res.body)).not.toMatch(/argon2|passwordHash|tokenVersion/);
    const profile = await me(res.body.accessToken);
    expect(profile.status).toBe(200);
    expect(profile.body).toEqual({ ...res.body.user, status: 'active' });
    const [row] = await t.dataSource.query(
      'SELECT password_hash FROM identity.users WHERE id = $1',
      [res.body.user.id],
    );
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$/);
    expect(row.password_hash).toContain('m=19456');
    expect(row.password_hash).toMatch(/[$,]t=2[$,]/);
    expect(row.password_hash).toMatch(/[$,]p=1[$,]/);
    const [event] = await t.dataSource.query(
      `SELECT payload FROM platform.outbox WHERE type = 'identity.user.registered' AND aggregate_id = $1`,
      [res.body.user.id],
    );
    expect(event.payload).toMatchObject({
      userId: res.body.user.id,
      displayName: 'Ada',
      roles: ['tutor'],
    });
  });

  it('refuses duplicates (409), admin sign-ups, weak or common passwords and bad fields (400)', async () => {
    const address = email();
    expect((await register({ email: address })).status).toBe(201);
    const duplicate = await register({ email: address.toUpperCase() });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.code).toBe('identity.email_taken');
    for (const [change, field] of [
      [{ role: 'admin' }, 'role'],
      [{ password: 'short' }, 'password'],
      [{ password: 'password123' }, 'password'],
      [{ password: 'x'.repeat(129) }, 'password'],
      [{ displayName: '' }, 'displayName'],
      [{ displayName: 'x'.repeat(81) }, 'displayName'],
      [{ timezone: 'Nowhere/Land' }, 'timezone'],
      [{ email: 'not-an-email' }, 'email'],
      [{ roles: ['admin'] }, 'roles'],
    ] as const) {
      const res = await register(change);
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  });

  it('answers a wrong password and an unknown e-mail with the same 401', async () => {
    const address = email();
    await register({ email: address });
    const wrong = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: address, password: 'wrong-password-123' });
    const unknown = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: `nobody-${address}`, password: 'wrong-password-123' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const strip = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });
    expect(strip(wrong.body)).toEqual(strip(unknown.body));
    const ok = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: address.toUpperCase(), password: PASSWORD });
    expect(ok.status).toBe(200);
    const audit = await t.dataSource.query(
      `SELECT type FROM identity.audit_events WHERE data->>'email' = $1 OR user_id = $2 ORDER BY at`,
      [address.toLowerCase(), ok.body.user.id],
    );
    expect(audit.map((a: { type: string }) => a.type)).toEqual(
      expect.arrayContaining(['login.failed', 'login.succeeded']),
    );
  });

  it('rotates refresh tokens, and revokes the whole family when a spent one comes back', async () => {
    const session = (await register()).body;
    const first = await t
      .http()
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: session.refreshToken });
    expect(first.status).toBe(200);
    expect(first.body.refreshToken).not.toBe(session.refreshToken);
    const second = await t
      .http()
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: first.body.refreshToken });
    expect(second.status).toBe(200);

    const replayed = await t
      .http()
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: session.refreshToken });
    expect(replayed.status).toBe(401);
    expect(
      (await t.http().post('/api/v1/auth/refresh').send({ refreshToken: second.body.refreshToken }))
        .status,
    ).toBe(401);
    const [audit] = await t.dataSource.query(
      `SELECT type FROM identity.audit_events WHERE user_id = $1 AND type = 'refresh_token.reused'`,
      [session.user.id],
    );
    expect(audit).toBeDefined();
    const other = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: session.user.email, password: PASSWORD });
    expect(
      (await t.http().post('/api/v1/auth/refresh').send({ refreshToken: other.body.refreshToken }))
        .status,
    ).toBe(200);
  });

  it('logs out by revoking the session family', async () => {
    const session = (await register()).body;
    const out = await t
      .http()
      .post('/api/v1/auth/logout')
      .set('authorization', `Bearer ${session.accessToken}`)
      .send({ refreshToken: session.refreshToken });
    expect(out.status).toBe(204);
    expect(
      (await t.http().post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken }))
        .status,
    ).toBe(401);
  });

  it('rejects tampered, alg:none, expired and unknown-key tokens with 401; accepts a previous key', async () => {
    const session = (await register()).body;
    const claims = jwt.decode(session.accessToken) as Record<string, unknown>;
    const [header, payload, signature] = session.accessToken.split('.');
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, roles: ['admin'] })).toString('base64url')}.${signature}`;
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    const sign = (key: string, extra: jwt.SignOptions = {}) =>
      jwt.sign({ roles: claims.roles, ver: claims.ver }, key, {
        subject: String(claims.sub),
        issuer: 'etutors',
        audience: 'etutors-api',
        keyid: keyId(key),
        expiresIn: 900,
        ...extra,
      });
    const expired = sign(secret, { expiresIn: -10 });
    const unknownKey = sign('some-other-secret-that-is-32-characters-long!!');
    const wrongAudience = sign(secret, { audience: 'someone-else' });
    for (const token of [tampered, none, expired, unknownKey, wrongAudience, 'garbage']) {
      expect((await me(token)).status).toBe(401);
    }
    expect(
      (await t.http().get('/api/v1/users/me').query({ access_token: session.accessToken })).status,
    ).toBe(401);
    expect((await me(sign('previous-secret-that-is-at-least-32-chars-long'))).status).toBe(200);
    expect(jwt.decode(session.accessToken, { complete: true })?.header).toMatchObject({
      alg: 'HS256',
      kid: keyId(secret),
    });
  });

  it('mails a single-use reset token; resetting revokes every session', async () => {
    const session = (await register()).body;
    const mailer = t.get(Mailer) as CapturingMailer;
    expect(
      (await t.http().post('/api/v1/auth/password/forgot').send({ email: 'nobody@example.com' }))
        .status,
    ).toBe(202);
    expect(
      (await t.http().post('/api/v1/auth/password/forgot').send({ email: session.user.email }))
        .status,
    ).toBe(202);
    const mail = await eventually(() =>
      mailer.sent.find((m) => m.to === session.user.email && m.subject.includes('Reset')),
    );
    const token = mail.text.trim().split('\n').at(-1)!;
    const [stored] = await t.dataSource.query(
      `SELECT token_hash FROM identity.one_time_tokens WHERE user_id = $1 AND purpose = 'password_reset'`,
      [session.user.id],
    );
    expect(stored.token_hash).not.toContain(token);

    expect(
      (await t.http().post('/api/v1/auth/password/reset').send({ token, password: 'password' }))
        .status,
    ).toBe(400);
    expect(
      (
        await t
          .http()
          .post('/api/v1/auth/password/reset')
          .send({ token, password: 'new-plum-orbit-99' })
      ).status,
    ).toBe(204);
    expect(
      (
        await t
          .http()
          .post('/api/v1/auth/password/reset')
          .send({ token, password: 'another-plum-orbit-7' })
      ).status,
    ).toBe(400);
    expect(
      (await t.http().post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken }))
        .status,
    ).toBe(401);
    expect(
      (
        await t
          .http()
          .post('/api/v1/auth/login')
          .send({ email: session.user.email, password: PASSWORD })
      ).status,
    ).toBe(401);
    expect(
      (
        await t
          .http()
          .post('/api/v1/auth/login')
          .send({ email: session.user.email, password: 'new-plum-orbit-99' })
      ).status,
    ).toBe(200);
  });

  it('verifies the e-mail once with the mailed token', async () => {
    const session = (await register()).body;
    const mailer = t.get(Mailer) as CapturingMailer;
    const mail = await eventually(() =>
      mailer.sent.find((m) => m.to === session.user.email && m.subject.includes('Verify')),
    );
    const token = mail.text.trim().split('\n').at(-1)!;
    expect((await t.http().post('/api/v1/auth/email/verify').send({ token })).status).toBe(204);
    expect((await me(session.accessToken)).body.emailVerified).toBe(true);
    expect((await t.http().post('/api/v1/auth/email/verify').send({ token })).status).toBe(400);
  });

  it('lets a user edit only their name and zone; anything else is a 400 that changes nothing', async () => {
    const session = (await register()).body;
    const auth = { authorization: `Bearer ${session.accessToken}` };
    const ok = await t
      .http()
      .patch('/api/v1/users/me')
      .set(auth)
      .send({ displayName: 'Ada L.', timezone: 'Asia/Tokyo' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ displayName: 'Ada L.', timezone: 'Asia/Tokyo' });
    for (const change of [
      { roles: ['admin'] },
      { email: 'x@y.z' },
      { status: 'suspended' },
      { id: '00000000-0000-7000-8000-000000000000' },
      { emailVerified: true },
    ]) {
      const res = await t
        .http()
        .patch('/api/v1/users/me')
        .set(auth)
        .send({ displayName: 'Hacker', ...change });
      expect(res.status).toBe(400);
    }
    const [row] = await t.dataSource.query(
      'SELECT display_name, roles, email, status FROM identity.users WHERE id = $1',
      [session.user.id],
    );
    expect(row).toEqual({
      display_name: 'Ada L.',
      roles: ['student'],
      email: session.user.email,
      status: 'active',
    });
  });
});

describe('rate limits', () => {
  it('answers the 6th rapid wrong login for an account with 429 and Retry-After', async () => {
    const t = await startTestApp({ env: { RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT: '5' } });
    try {
      const address = email();
      await t
        .http()
        .post('/api/v1/auth/register')
        .send({ email: address, password: PASSWORD, displayName: 'Target', role: 'student' });
      const statuses = [];
      for (let i = 0; i < 6; i += 1) {
        statuses.push(
          (
            await t
              .http()
              .post('/api/v1/auth/login')
              .send({ email: address, password: `wrong-${i}-password` })
          ).status,
        );
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
      const locked = await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: address, password: PASSWORD });
      expect(locked.status).toBe(429);
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
      expect(locked.headers['content-type']).toMatch(/problem\+json/);
    } finally {
      await t.close();
    }
  });

  it('limits sign-ups and password-forgot per IP', async () => {
    // Its own key prefix: the other tests of this file signed up from the same IP.
    const t = await startTestApp({
      env: { RATE_LIMIT_SIGNUP_PER_IP: '3', QUEUE_PREFIX: `${process.env.QUEUE_PREFIX}-signup` },
    });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i += 1) {
        statuses.push(
          (
            await t
              .http()
              .post('/api/v1/auth/register')
              .send({ email: email(), password: PASSWORD, displayName: 'X', role: 'student' })
          ).status,
        );
      }
      statuses.push(
        (await t.http().post('/api/v1/auth/password/forgot').send({ email: 'a@b.co' })).status,
      );
      expect(statuses).toEqual([201, 201, 201, 429]);
    } finally {
      await t.close();
    }
  });
});
