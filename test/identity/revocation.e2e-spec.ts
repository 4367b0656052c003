import { PubSub, REDIS, type RedisConnection } from '@etutors/platform';
import type { Redis } from 'ioredis';
import { WITH_ADMIN, given, type Actor } from '../support/given.js';
import { itWithRedis } from '../support/needs-redis.js';
import { eventually, startTestApp, type TestApp } from '../support/test-app.js';
import { identity } from './support.js';

/**
 * Two API instances against one PostgreSQL and one Redis, as in production: a change committed
 * through instance A must refuse the old token on instance B at B's very next request, whatever
 * B has heard (or not) over Redis pub/sub.
 */
describe('revocation across API instances', () => {
  let a: TestApp;
  let b: TestApp;
  let admin: Actor;

  beforeAll(async () => {
    [a, b] = await Promise.all([startTestApp({ env: WITH_ADMIN }), startTestApp()]);
    admin = await given(a).admin();
  });
  afterAll(() => Promise.all([a?.close(), b?.close()]));

  const patchOnA = (id: string, body: Record<string, unknown>) =>
    a.http().patch(`/api/v1/admin/users/${id}`).set(admin.auth).send(body);
  const meOnB = async (token: string) => (await identity(b).me(token)).status;

  it('refuses the old token on B right after a suspension through A', async () => {
    const session = await identity(a).session();
    expect(await meOnB(session.accessToken)).toBe(200);
    expect(await meOnB(session.accessToken)).toBe(200);
    expect((await patchOnA(session.user.id, { status: 'suspended' })).status).toBe(200);
    expect(await meOnB(session.accessToken)).toBe(401);
    // Reactivation does not revive the old token either: it moved the version on again.
    expect((await patchOnA(session.user.id, { status: 'active' })).status).toBe(200);
    expect(await meOnB(session.accessToken)).toBe(401);
    const fresh = await identity(b).login(session.user.email);
    expect(await meOnB(fresh.body.accessToken)).toBe(200);
  });

  itWithRedis("refuses it just the same when B's pub/sub connection was killed first", async () => {
    const session = await identity(a).session();
    expect(await meOnB(session.accessToken)).toBe(200);
    // B's subscriber connection, by its address as Redis sees it (other test files share Redis).
    const pubSub = b.get(PubSub, { strict: false });
    const subscriber = await eventually(() =>
      pubSub.listening ? (pubSub as unknown as { subscriber: Redis }).subscriber : undefined,
    );
    const address = `${subscriber.stream.localAddress}:${subscriber.stream.localPort}`;
    const redis = a.get<RedisConnection>(REDIS, { strict: false })!;
    const killed = await redis.call('CLIENT', 'KILL', 'TYPE', 'pubsub', 'ADDR', address);
    expect(killed).toBe(1);
    expect((await patchOnA(session.user.id, { status: 'suspended' })).status).toBe(200);
    expect(await meOnB(session.accessToken)).toBe(401);
  });

  it('refuses a demoted admin’s old token on B at once, on admin and own routes', async () => {
    const colleague = await given(a).student();
    expect((await patchOnA(colleague.id, { roles: ['student', 'admin'] })).status).toBe(200);
    const login = await identity(a).login(colleague.email, colleague.password);
    const token = login.body.accessToken as string;
    const adminUsersOnB = () =>
      b.http().get('/api/v1/admin/users').set('authorization', `Bearer ${token}`);
    expect((await adminUsersOnB()).status).toBe(200);
    expect(await meOnB(token)).toBe(200);

    const demoted = await patchOnA(colleague.id, { roles: ['student'] });
    expect(demoted.status).toBe(200);
    expect(demoted.body.roles).toEqual(['student']);
    expect((await adminUsersOnB()).status).toBe(401);
    expect(await meOnB(token)).toBe(401);
    const again = await identity(b).login(colleague.email, colleague.password);
    expect(again.body.user.roles).toEqual(['student']);
    const forbidden = await b
      .http()
      .get('/api/v1/admin/users')
      .set('authorization', `Bearer ${again.body.accessToken}`);
    expect(forbidden.status).toBe(403);
  });

  it('carries a suspension reason into the event and the audit trail', async () => {
    const session = await identity(a).session();
    const res = await patchOnA(session.user.id, { status: 'suspended', reason: 'chargebacks' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('suspended');
    expect(await meOnB(session.accessToken)).toBe(401);
    const [event] = await a.dataSource.query(
      `SELECT payload, actor_id FROM platform.outbox WHERE type = 'identity.user.suspended' AND aggregate_id = $1`,
      [session.user.id],
    );
    expect(event).toEqual({
      payload: { userId: session.user.id, reason: 'chargebacks' },
      actor_id: admin.id,
    });
    const audit = await a
      .http()
      .get('/api/v1/admin/audit-events')
      .query({ userId: session.user.id, type: 'user.suspended' })
      .set(admin.auth);
    expect(audit.body.data).toEqual([
      expect.objectContaining({ actorId: admin.id, data: { reason: 'chargebacks' } }),
    ]);
  });
});
