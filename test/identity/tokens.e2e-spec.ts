import { JwtService, type JwtSignOptions } from '@nestjs/jwt';
import { REDIS, type RedisConnection } from '@etutors/platform';
import { AccessStateCache } from '../../libs/identity/src/application/access-state.cache.js';
import { keyId } from '../../libs/identity/src/domain/tokens.js';
import { WITH_ADMIN, given, type Actor } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { actAs, identity, withRedis, type Session } from './support.js';

const CURRENT = process.env.JWT_SECRET!;
const PREVIOUS = 'previous-secret-that-is-at-least-32-chars-long';
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = new JwtService();

/** Signs claims like the API does, with whatever key and options a test wants to try. */
function forge(session: Session, key: string, options: JwtSignOptions = {}, claims = {}): string {
  const payload = jwt.decode<Record<string, unknown>>(session.accessToken);
  return jwt.sign(
    { roles: payload.roles, ver: payload.ver, ...claims },
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
    t = await startTestApp({ env: { ...WITH_ADMIN, JWT_PREVIOUS_SECRETS: PREVIOUS } });
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
  });

  it('refuses a token it has accepted before once that token expires', async () => {
    const session = await api.session();
    // `exp` counts whole seconds from the second the token is signed in: 3 leaves at least 2.
    const shortLived = forge(session, CURRENT, { expiresIn: 3 });
    // Accepted twice: verified in full, then recognised as verified before.
    expect(await status(shortLived)).toBe(200);
    expect(await status(shortLived)).toBe(200);
    const { exp } = jwt.decode<{ exp: number }>(shortLived);
    await new Promise((resolve) => setTimeout(resolve, exp * 1000 - Date.now() + 50));
    expect(await status(shortLived)).toBe(401);
    expect(await status(session.accessToken)).toBe(200);
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
      actAs(rotated);
      expect((await identity(rotated).me(session.accessToken)).status).toBe(200);
      actAs(finished);
      expect((await identity(finished).me(session.accessToken)).status).toBe(401);
    } finally {
      await Promise.all([rotated.close(), finished.close()]);
      actAs(t);
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

  it('never lets a request that read the old state before a change re-cache it', async () => {
    const session = await api.session();
    expect(await status(session.accessToken)).toBe(200);
    await t
      .http()
      .patch(`/api/v1/admin/users/${session.user.id}`)
      .set(admin.auth)
      .send({ status: 'suspended' });
    // What a request that read the row just before the suspension committed would write back:
    const cache = t.get(AccessStateCache, { strict: false });
    await cache.store(session.user.id, { active: true, tokenVersion: 0 });
    expect(await status(session.accessToken)).toBe(401);
  });

  withRedis('heals a cache that missed a change when a newer token shows up', async () => {
    const session = await api.session();
    await t
      .http()
      .patch(`/api/v1/admin/users/${session.user.id}`)
      .set(admin.auth)
      .send({ roles: ['student', 'tutor'] });
    const fresh = (await api.login(session.user.email)).body.accessToken as string;
    // Simulate a lost write-through: Redis still holds the state before the change, and this
    // instance has no near copy (as after missing the change's broadcast and resubscribing).
    const redis = t.get<RedisConnection>(REDIS, { strict: false })!;
    const key = `${process.env.QUEUE_PREFIX}:identity:access:${session.user.id}`;
    await redis.set(key, '1:0', 'EX', 60);
    t.get(AccessStateCache, { strict: false })['near'].delete(session.user.id);
    expect(await status(fresh)).toBe(200);
    expect(await redis.get(key)).toBe('1:1');
    expect(await status(session.accessToken)).toBe(401);
  });

  withRedis('revokes across API instances: suspended on one, refused on the other', async () => {
    const other = await startTestApp({ env: { JWT_PREVIOUS_SECRETS: PREVIOUS } });
    try {
      const session = await api.session();
      // The other instance has cached the user as active.
      actAs(other);
      expect((await identity(other).me(session.accessToken)).status).toBe(200);
      actAs(t);
      await t
        .http()
        .patch(`/api/v1/admin/users/${session.user.id}`)
        .set(admin.auth)
        .send({ status: 'suspended' });
      actAs(other);
      expect((await identity(other).me(session.accessToken)).status).toBe(401);
    } finally {
      await other.close();
      actAs(t);
    }
  });
});
