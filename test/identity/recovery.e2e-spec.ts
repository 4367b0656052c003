import { startTestApp, type TestApp } from '../support/test-app.js';
import { identity, newEmail, PASSWORD, sha256 } from './support.js';

describe('password reset and e-mail verification', () => {
  let t: TestApp;
  let api: ReturnType<typeof identity>;

  beforeAll(async () => {
    t = await startTestApp();
    api = identity(t);
  });
  afterAll(() => t.close());

  it('answers forgot with 202 whether or not the account exists, and mails only real accounts', async () => {
    const session = await api.session();
    const nobody = newEmail('nobody').toLowerCase();
    const unknown = await api.forgot(nobody);
    const known = await api.forgot(session.user.email.toUpperCase());
    expect(unknown.status).toBe(202);
    expect(known.status).toBe(202);
    expect(unknown.body).toEqual(known.body);
    await api.mailedToken(session.user.email, 'Reset');
    expect(api.mails(nobody, 'Reset')).toHaveLength(0);
    expect((await t.http().post('/api/v1/auth/password/forgot').send({})).status).toBe(400);
  });

  it('resets once with the mailed token, which is stored hashed; every session ends', async () => {
    const session = await api.session();
    const second = await api.login(session.user.email);
    expect(second.status).toBe(200);
    expect((await api.forgot(session.user.email)).status).toBe(202);
    const token = await api.mailedToken(session.user.email, 'Reset');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [stored] = await t.dataSource.query(
      `SELECT token_hash, extract(epoch FROM expires_at - created_at)::int AS ttl FROM identity.one_time_tokens
        WHERE user_id = $1 AND purpose = 'password_reset'`,
      [session.user.id],
    );
    expect(stored.token_hash).toBe(sha256(token));
    expect(stored.ttl).toBe(30 * 60);

    // A weak new password is refused without spending the token.
    const weak = await api.reset(token, 'password');
    expect(weak.status).toBe(400);
    expect(weak.body.errors).toEqual([{ field: 'password', message: expect.any(String) }]);
    expect((await api.reset(token, 'new-plum-orbit-99')).status).toBe(204);
    const again = await api.reset(token, 'another-plum-orbit-7');
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('identity.invalid_token');

    // Both refresh token families are revoked, and the access tokens stop too.
    expect((await api.refresh(session.refreshToken)).status).toBe(401);
    expect((await api.refresh(second.body.refreshToken)).status).toBe(401);
    expect((await api.me(session.accessToken)).status).toBe(401);
    expect((await api.me(second.body.accessToken)).status).toBe(401);
    expect((await api.login(session.user.email, PASSWORD)).status).toBe(401);
    const fresh = await api.login(session.user.email, 'new-plum-orbit-99');
    expect(fresh.status).toBe(200);
    expect((await api.me(fresh.body.accessToken)).status).toBe(200);
    const [audit] = await t.dataSource.query(
      `SELECT actor_id FROM identity.audit_events WHERE user_id = $1 AND type = 'password.reset'`,
      [session.user.id],
    );
    expect(audit).toEqual({ actor_id: session.user.id });
  });

  it('honours only the newest reset token, and none after 30 minutes', async () => {
    const session = await api.session();
    await api.forgot(session.user.email);
    const first = await api.mailedToken(session.user.email, 'Reset', 1);
    await api.forgot(session.user.email);
    const second = await api.mailedToken(session.user.email, 'Reset', 2);
    expect(second).not.toBe(first);
    expect((await api.reset(first, 'new-plum-orbit-99')).status).toBe(400);

    await t.dataSource.query(
      `UPDATE identity.one_time_tokens SET expires_at = now() - interval '1 second'
        WHERE token_hash = $1`,
      [sha256(second)],
    );
    expect((await api.reset(second, 'new-plum-orbit-99')).status).toBe(400);
    expect((await api.reset('not-a-token', 'new-plum-orbit-99')).status).toBe(400);
    expect((await api.login(session.user.email, PASSWORD)).status).toBe(200);
  });

  it('verifies the e-mail once with the token mailed at sign-up', async () => {
    const session = await api.session();
    const token = await api.mailedToken(session.user.email, 'Verify');
    // A verification token does not reset a password, and the reverse.
    expect((await api.reset(token, 'new-plum-orbit-99')).status).toBe(400);
    expect((await api.verify(token)).status).toBe(204);
    expect((await api.me(session.accessToken)).body.emailVerified).toBe(true);
    const reused = await api.verify(token);
    expect(reused.status).toBe(400);
    expect(reused.body.code).toBe('identity.invalid_token');
    const [audit] = await t.dataSource.query(
      `SELECT type FROM identity.audit_events WHERE user_id = $1 AND type = 'email.verified'`,
      [session.user.id],
    );
    expect(audit).toBeDefined();
  });

  it('refuses a verification token after 24 hours', async () => {
    const session = await api.session();
    const token = await api.mailedToken(session.user.email, 'Verify');
    const [stored] = await t.dataSource.query(
      `SELECT extract(epoch FROM expires_at - created_at)::int AS ttl FROM identity.one_time_tokens WHERE token_hash = $1`,
      [sha256(token)],
    );
    expect(stored.ttl).toBe(24 * 3600);
    await t.dataSource.query(
      `UPDATE identity.one_time_tokens SET expires_at = now() - interval '1 second' WHERE token_hash = $1`,
      [sha256(token)],
    );
    expect((await api.verify(token)).status).toBe(400);
    expect((await api.me(session.accessToken)).body.emailVerified).toBe(false);
    expect((await t.http().post('/api/v1/auth/email/verify').send({ token: '' })).status).toBe(400);
  });
});
