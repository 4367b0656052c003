import { createHmac } from 'node:crypto';
import { JwtService, type JwtSignOptions } from '@nestjs/jwt';
import { Clock, ControllableClock } from '@etutors/platform';
import { keyId } from '../../libs/identity/src/domain/tokens.js';
import { WITH_ADMIN, given, type Actor } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { identity, type Session } from './support.js';

const CURRENT = process.env.JWT_SECRET!;
const PREVIOUS = 'previous-secret-that-is-at-least-32-chars-long';
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = new JwtService();

/** A compact HS256 JWT of exactly these header and payload objects (no library checks them). */
const signRaw = (header: object, payload: object, key: string) => {
  const body = `${b64(header)}.${b64(payload)}`;
  return `${body}.${createHmac('sha256', key).update(body).digest('base64url')}`;
};

/** The API's clock: tests move it instead of waiting for a token to expire. */
const clock = new ControllableClock();
const nowSeconds = () => Math.floor(clock.now().getTime() / 1000);

/** Signs claims like the API does, with whatever key and options a test wants to try. */
function forge(session: Session, key: string, options: JwtSignOptions = {}, claims = {}): string {
  const payload = jwt.decode<Record<string, unknown>>(session.accessToken);
  return jwt.sign(
    { roles: payload.roles, ver: payload.ver, iat: nowSeconds(), ...claims },
    {
      secret: key,
      algorithm: 'HS256',
      subject: String(payload.sub),
      issuer: 'etutors',
      audience: 'etutors-api',
      keyid: keyId(key),
      expiresIn: 900,
      ...options,
    },
  );
}

describe('access tokens', () => {
  let t: TestApp;
  let api: ReturnType<typeof identity>;
  let admin: Actor;

  beforeAll(async () => {
    t = await startTestApp({
      env: { ...WITH_ADMIN, JWT_PREVIOUS_SECRETS: PREVIOUS },
      override: (builder) => builder.overrideProvider(Clock).useValue(clock),
    });
    api = identity(t);
    admin = await given(t).admin();
  });
  afterAll(() => t.close());

  const status = async (token: string) => (await api.me(token)).status;

  it('refuses tampered, alg:none, expired, unknown-key and misaddressed tokens with 401', async () => {
    const session = await api.session();
    expect(await status(session.accessToken)).toBe(200);
    const [header, payload, signature] = session.accessToken.split('.');
    const claims = jwt.decode<Record<string, unknown>>(session.accessToken);
    const attacks: Record<string, string> = {
      tampered: `${header}.${b64({ ...claims, roles: ['admin'] })}.${signature}`,
      'bad signature': `${header}.${payload}.${signature!.slice(0, -4)}AAAA`,
      'alg none': `${b64({ alg: 'none', typ: 'JWT', kid: keyId(CURRENT) })}.${payload}.`,
      'alg none, no kid': `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`,
      'HS512 with the right key': forge(session, CURRENT, { algorithm: 'HS512' }),
      expired: forge(session, CURRENT, { expiresIn: -10 }),
      'not yet valid': forge(session, CURRENT, { notBefore: 600 }),
      'unknown key': forge(session, 'some-other-secret-that-is-32-characters-long!!'),
      'unknown key, current kid': forge(session, 'some-other-secret-that-is-32-characters-long!!', {
        keyid: keyId(CURRENT),
      }),
      'no kid': jwt.sign(
        { roles: claims.roles, ver: claims.ver },
        {
          secret: CURRENT,
          subject: String(claims.sub),
          issuer: 'etutors',
          audience: 'etutors-api',
          expiresIn: 900,
        },
      ),
      // Signed with the real key, kid, issuer and audience, but valid forever.
      'no expiry': jwt.sign(
        { roles: claims.roles, ver: claims.ver },
        {
          secret: CURRENT,
          algorithm: 'HS256',
          subject: String(claims.sub),
          issuer: 'etutors',
          audience: 'etutors-api',
          keyid: keyId(CURRENT),
        },
      ),
      'expiry not a number': signRaw(
        { alg: 'HS256', typ: 'JWT', kid: keyId(CURRENT) },
        { ...claims, iat: nowSeconds(), exp: String(nowSeconds() + 900) },
        CURRENT,
      ),
      'wrong audience': forge(session, CURRENT, { audience: 'someone-else' }),
      'wrong issuer': forge(session, CURRENT, { issuer: 'someone-else' }),
      'stale version': forge(session, CURRENT, {}, { ver: -1 }),
      'no version': forge(session, CURRENT, {}, { ver: undefined }),
      garbage: 'garbage',
      empty: '',
    };
    for (const [name, token] of Object.entries(attacks)) {
      const res = await api.me(token);
      expect({ name, status: res.status }).toEqual({ name, status: 401 });
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    // Read from the Authorization header only.
    expect(
      (await t.http().get('/api/v1/users/me').query({ access_token: session.accessToken })).status,
    ).toBe(401);
    expect(
      (await t.http().get('/api/v1/users/me').set('cookie', `access_token=${session.accessToken}`))
        .status,
    ).toBe(401);
    expect(
      (await t.http().get('/api/v1/users/me').set('authorization', session.accessToken)).status,
    ).toBe(401);
    // A forgery with the real key and claims works: the refusals above are about the attacks.
    expect(await status(forge(session, CURRENT))).toBe(200);
    expect(
      await status(
        signRaw(
          { alg: 'HS256', typ: 'JWT', kid: keyId(CURRENT) },
          { ...claims, iat: nowSeconds(), exp: nowSeconds() + 900 },
          CURRENT,
        ),
      ),
    ).toBe(200);
  });

  it('refuses a token it has accepted before once the clock reaches its expiry', async () => {
    const session = await api.session();
    const { iat, exp } = jwt.decode<{ iat: number; exp: number }>(session.accessToken);
    expect(iat).toBe(nowSeconds());
    expect(exp - iat).toBe(session.expiresIn);
    const shortLived = forge(session, CURRENT, { expiresIn: 60 });
    expect(await status(shortLived)).toBe(200);
    expect(await status(shortLived)).toBe(200);
    clock.set(new Date((iat + 59) * 1000));
    expect(await status(shortLived)).toBe(200);
    clock.set(new Date((iat + 60) * 1000));
    expect(await status(shortLived)).toBe(401);
    expect(await status(session.accessToken)).toBe(200);
    clock.set(new Date(exp * 1000));
    expect(await status(session.accessToken)).toBe(401);
    // A token signed now, by the same clock, works again.
    const fresh = await api.login(session.user.email);
    expect(await status(fresh.body.accessToken)).toBe(200);
    admin = await given(t).admin();
  });

  it('accepts tokens signed with a previous key during a rotation, and only then', async () => {
    const session = await api.session();
    expect(await status(forge(session, PREVIOUS))).toBe(200);
    // The same app signs only with the current key.
    expect(jwt.decode(session.accessToken, { complete: true }).header.kid).toBe(keyId(CURRENT));

    // A real rotation: tokens from the old key keep working on an app that lists it as previous.
    const rotated = await startTestApp({
      env: {
        JWT_SECRET: 'the-next-secret-that-is-also-32-chars-long',
        JWT_PREVIOUS_SECRETS: CURRENT,
      },
    });
    const finished = await startTestApp({
      env: { JWT_SECRET: 'the-next-secret-that-is-also-32-chars-long', JWT_PREVIOUS_SECRETS: '' },
    });
    try {
      expect((await identity(rotated).me(session.accessToken)).status).toBe(200);
      expect((await identity(finished).me(session.accessToken)).status).toBe(401);
    } finally {
      await Promise.all([rotated.close(), finished.close()]);
    }
  });

  it("refuses a suspended user's still-valid token at once, and a role change's old token", async () => {
    const student = await api.session();
    const tutor = await api.session({ role: 'tutor' });
    expect(await status(student.accessToken)).toBe(200);
    expect(await status(tutor.accessToken)).toBe(200);
    const suspend = await t
      .http()
      .patch(`/api/v1/admin/users/${student.user.id}`)
      .set(admin.auth)
      .send({ status: 'suspended' });
    expect(suspend.status).toBe(200);
    expect(await status(student.accessToken)).toBe(401);
    expect(await status(forge(student, PREVIOUS))).toBe(401);

    await t
      .http()
      .patch(`/api/v1/admin/users/${tutor.user.id}`)
      .set(admin.auth)
      .send({ roles: ['student'] });
    const old = await t
      .http()
      .get('/api/v1/users/me')
      .set('authorization', `Bearer ${tutor.accessToken}`);
    expect(old.status).toBe(401);
    const fresh = await api.login(tutor.user.email);
    expect(fresh.body.user.roles).toEqual(['student']);
    expect(await status(fresh.body.accessToken)).toBe(200);
  });
});
