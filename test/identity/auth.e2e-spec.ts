import argon2 from 'argon2';
import { JwtService } from '@nestjs/jwt';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { bearer, identity, newEmail, PASSWORD, sha256 } from './support.js';

/** `$argon2id$v=19$m=19456,t=2,p=1$salt$hash` → its algorithm and parameters. */
const argon2Parameters = (hash: string) => {
  const [, type, version, params] = hash.split('$');
  return { type, version, ...Object.fromEntries(params!.split(',').map((p) => p.split('='))) };
};
const OWASP = { type: 'argon2id', version: 'v=19', m: '19456', t: '2', p: '1' };

describe('accounts and sessions', () => {
  let t: TestApp;
  let api: ReturnType<typeof identity>;

  beforeAll(async () => {
    t = await startTestApp();
    api = identity(t);
  });
  afterAll(() => t.close());

  it('registers with a normalized e-mail, a default zone and a working session', async () => {
    const address = `  New.Person-${Date.now()}@Example.COM `;
    const res = await api.register({ email: address, role: 'tutor' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      user: {
        id: expect.any(String),
        email: address.trim().toLowerCase(),
        displayName: 'Ada',
        roles: ['tutor'],
        status: 'active',
        timezone: 'UTC',
        emailVerified: false,
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      },
      accessToken: expect.any(String),
      refreshToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      expiresIn: 900,
    });
    expect(JSON.stringify(res.body)).not.toMatch(/argon2|passwordHash|tokenVersion|hash/i);
    const profile = await api.me(res.body.accessToken);
    expect(profile.status).toBe(200);
    expect(profile.body).toEqual(res.body.user);

    const [user] = await t.dataSource.query(
      'SELECT email, password_hash, token_version FROM identity.users WHERE id = $1',
      [res.body.user.id],
    );
    expect(user.email).toBe(address.trim().toLowerCase());
    expect(argon2Parameters(user.password_hash)).toEqual(OWASP);
    // The refresh token is stored only as its SHA-256, for 30 days.
    const [token] = await t.dataSource.query(
      `SELECT token_hash, extract(epoch FROM expires_at - created_at)::int AS ttl
         FROM identity.refresh_tokens WHERE user_id = $1`,
      [res.body.user.id],
    );
    expect(token.token_hash).toBe(sha256(res.body.refreshToken));
    expect(token.ttl).toBe(30 * 24 * 3600);

    const [event] = await t.dataSource.query(
      `SELECT payload, actor_id FROM platform.outbox WHERE type = 'identity.user.registered' AND aggregate_id = $1`,
      [res.body.user.id],
    );
    expect(event.payload).toEqual({
      userId: res.body.user.id,
      email: address.trim().toLowerCase(),
      displayName: 'Ada',
      roles: ['tutor'],
      timezone: 'UTC',
    });
  });

  it('signs access tokens with HS256, a kid, issuer, audience, 15 minutes, roles and version', async () => {
    const session = await api.session({ timezone: 'Europe/Berlin' });
    expect(session.user.timezone).toBe('Europe/Berlin');
    const decoded = new JwtService().decode(session.accessToken, { complete: true });
    expect(decoded.header).toEqual({ alg: 'HS256', typ: 'JWT', kid: expect.any(String) });
    const claims = decoded.payload as Record<string, number | string | string[]>;
    expect(claims).toMatchObject({
      sub: session.user.id,
      iss: 'etutors',
      aud: 'etutors-api',
      roles: ['student'],
      ver: 0,
    });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(900);
  });

  it('refuses duplicates (409), admin sign-ups, weak or common passwords and bad fields (400)', async () => {
    const address = newEmail();
    expect((await api.register({ email: address })).status).toBe(201);
    const duplicate = await api.register({ email: `  ${address.toUpperCase()}` });
    expect(duplicate.status).toBe(409);
    expect(duplicate.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(duplicate.body).toMatchObject({ status: 409, code: 'identity.email_taken' });
    for (const [change, field] of [
      [{ role: 'admin' }, 'role'],
      [{ role: undefined }, 'role'],
      [{ password: 'short' }, 'password'],
      [{ password: 'nine-char' }, 'password'],
      [{ password: 'password123' }, 'password'],
      [{ password: 'QwertyUiop' }, 'password'],
      [{ password: 'x'.repeat(129) }, 'password'],
      [{ displayName: '' }, 'displayName'],
      [{ displayName: '   ' }, 'displayName'],
      [{ displayName: 'x'.repeat(81) }, 'displayName'],
      [{ timezone: 'Nowhere/Land' }, 'timezone'],
      [{ email: 'not-an-email' }, 'email'],
      [{ roles: ['admin'] }, 'roles'],
      [{ status: 'active' }, 'status'],
      [{ id: '00000000-0000-7000-8000-000000000000' }, 'id'],
    ] as const) {
      const res = await api.register(change);
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect((await api.register({ displayName: 'x'.repeat(80) })).status).toBe(201);
    expect((await api.register({ password: 'x'.repeat(128) })).status).toBe(201);
  });

  it('answers a wrong password and an unknown e-mail with the same 401, in about the same time', async () => {
    const session = await api.session();
    const address = session.user.email;
    const wrong = await api.login(address, 'wrong-password-123');
    const unknown = await api.login(`nobody-${address}`, 'wrong-password-123');
    expect(wrong.status).toBe(401);
    const strip = ({ requestId: _ignored, ...rest }: Record<string, unknown>) => rest;
    expect(strip(wrong.body)).toEqual(strip(unknown.body));
    expect(wrong.body).toMatchObject({ code: 'identity.invalid_credentials', status: 401 });
    expect(wrong.headers['content-type']).toBe(unknown.headers['content-type']);

    // Both pay one argon2id verification: medians within a factor of two of each other.
    const time = async (email: string) => {
      const started = process.hrtime.bigint();
      expect((await api.login(email, 'wrong-password-123')).status).toBe(401);
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    const known: number[] = [];
    const missing: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      known.push(await time(address));
      missing.push(await time(`nobody-${i}-${address}`));
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[1]!;
    const ratio = median(missing) / median(known);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);

    const ok = await api.login(address.toUpperCase(), PASSWORD);
    expect(ok.status).toBe(200);
    expect(Object.keys(ok.body).sort()).toEqual([
      'accessToken',
      'expiresIn',
      'refreshToken',
      'user',
    ]);
    const audit = await t.dataSource.query(
      `SELECT type, data->>'reason' AS reason, ip, user_agent FROM identity.audit_events
        WHERE user_id = $1 AND type LIKE 'login.%' ORDER BY at`,
      [session.user.id],
    );
    expect(audit.map((a: { type: string }) => a.type)).toEqual([
      'login.failed',
      'login.failed',
      'login.failed',
      'login.failed',
      'login.succeeded',
    ]);
    expect(audit[0]).toMatchObject({ reason: 'invalid_credentials', ip: expect.any(String) });
    const [unknownAudit] = await t.dataSource.query(
      `SELECT user_id FROM identity.audit_events WHERE type = 'login.failed' AND data->>'email' = $1`,
      [`nobody-${address}`.toLowerCase()],
    );
    expect(unknownAudit).toEqual({ user_id: null });
  });

  it('re-hashes a password made under older argon2 parameters at the next login', async () => {
    const session = await api.session();
    const weak = await argon2.hash(PASSWORD, {
      type: argon2.argon2id,
      memoryCost: 4096,
      timeCost: 1,
      parallelism: 1,
    });
    await t.dataSource.query('UPDATE identity.users SET password_hash = $2 WHERE id = $1', [
      session.user.id,
      weak,
    ]);
    expect((await api.login(session.user.email, PASSWORD)).status).toBe(200);
    const [row] = await t.dataSource.query(
      'SELECT password_hash FROM identity.users WHERE id = $1',
      [session.user.id],
    );
    expect(argon2Parameters(row.password_hash)).toEqual(OWASP);
    expect(await argon2.verify(row.password_hash, PASSWORD)).toBe(true);
    expect((await api.login(session.user.email, PASSWORD)).status).toBe(200);
  });

  it('rotates refresh tokens, and revokes the whole family when a spent one comes back', async () => {
    const session = await api.session();
    const first = await api.refresh(session.refreshToken);
    expect(first.status).toBe(200);
    expect(first.body.refreshToken).not.toBe(session.refreshToken);
    expect((await api.me(first.body.accessToken)).status).toBe(200);
    const second = await api.refresh(first.body.refreshToken);
    expect(second.status).toBe(200);
    // A second login is a family of its own.
    const other = await api.login(session.user.email);

    const replayed = await api.refresh(session.refreshToken);
    expect(replayed.status).toBe(401);
    expect(replayed.body.code).toBe('identity.invalid_token');
    // The thief's (or the owner's) newest token of that family is dead too.
    expect((await api.refresh(second.body.refreshToken)).status).toBe(401);
    const [family] = await t.dataSource.query(
      `SELECT count(*)::int AS tokens, count(revoked_at)::int AS revoked
         FROM identity.refresh_tokens WHERE family_id =
           (SELECT family_id FROM identity.refresh_tokens WHERE token_hash = $1)`,
      [sha256(session.refreshToken)],
    );
    expect(family).toEqual({ tokens: 3, revoked: 3 });
    const audit = await t.dataSource.query(
      `SELECT ip, data FROM identity.audit_events WHERE user_id = $1 AND type = 'refresh_token.reused'`,
      [session.user.id],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0].data).toHaveProperty('familyId');
    expect((await api.refresh(other.body.refreshToken)).status).toBe(200);
  });

  it('refuses unknown, expired and malformed refresh tokens', async () => {
    const session = await api.session();
    expect((await api.refresh('A'.repeat(43))).status).toBe(401);
    expect((await t.http().post('/api/v1/auth/refresh').send({})).status).toBe(400);
    expect(
      (
        await t
          .http()
          .post('/api/v1/auth/refresh')
          .send({ refreshToken: session.refreshToken, x: 1 })
      ).status,
    ).toBe(400);
    await t.dataSource.query(
      `UPDATE identity.refresh_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1`,
      [session.user.id],
    );
    expect((await api.refresh(session.refreshToken)).status).toBe(401);
  });

  it('logs out by revoking the session family; needs the access token; ignores others’ tokens', async () => {
    const session = await api.session();
    const stranger = await api.session();
    expect(
      (await t.http().post('/api/v1/auth/logout').send({ refreshToken: session.refreshToken }))
        .status,
    ).toBe(401);
    // Someone else's refresh token: 204, and nothing happens to it.
    expect((await api.logout(session.accessToken, stranger.refreshToken)).status).toBe(204);
    const rotated = await api.refresh(session.refreshToken);
    expect(rotated.status).toBe(200);
    expect((await api.logout(session.accessToken, rotated.body.refreshToken)).status).toBe(204);
    expect((await api.refresh(rotated.body.refreshToken)).status).toBe(401);
    expect((await api.refresh(stranger.refreshToken)).status).toBe(200);
  });

  it('shows and edits the profile; anything but name and zone is a 400 that changes nothing', async () => {
    const session = await api.session();
    expect((await t.http().get('/api/v1/users/me')).status).toBe(401);
    const ok = await t
      .http()
      .patch('/api/v1/users/me')
      .set(bearer(session.accessToken))
      .send({ displayName: '  Ada L. ', timezone: 'Asia/Tokyo' });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ ...session.user, displayName: 'Ada L.', timezone: 'Asia/Tokyo' });
    const [updated] = await t.dataSource.query(
      `SELECT payload FROM platform.outbox WHERE type = 'identity.user.updated' AND aggregate_id = $1`,
      [session.user.id],
    );
    expect(updated.payload).toEqual({
      userId: session.user.id,
      displayName: 'Ada L.',
      timezone: 'Asia/Tokyo',
    });
    const before = await t.dataSource.query('SELECT * FROM identity.users WHERE id = $1', [
      session.user.id,
    ]);
    for (const change of [
      { roles: ['admin'] },
      { email: 'x@y.z' },
      { status: 'suspended' },
      { id: '00000000-0000-7000-8000-000000000000' },
      { emailVerified: true },
      { tokenVersion: 7 },
      { passwordHash: 'x' },
      { displayName: '' },
      { displayName: 'x'.repeat(81) },
      { timezone: 'Mars/Olympus' },
    ]) {
      const res = await t
        .http()
        .patch('/api/v1/users/me')
        .set(bearer(session.accessToken))
        .send({ displayName: 'Hacker', ...change });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('request.validation_failed');
    }
    const after = await t.dataSource.query('SELECT * FROM identity.users WHERE id = $1', [
      session.user.id,
    ]);
    expect(after).toEqual(before);
    expect((await api.me(session.accessToken)).body).toMatchObject({
      displayName: 'Ada L.',
      roles: ['student'],
      status: 'active',
    });
  });
});
