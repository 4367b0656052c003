import { Logger } from '@nestjs/common';
import { seedIdentity } from '@etutors/identity';
import { ADMIN_EMAIL, WITH_ADMIN, given, type Actor } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { identity, newEmail } from './support.js';

const NO_SUCH_USER = '00000000-0000-7000-8000-000000000000';

describe('user administration', () => {
  let t: TestApp;
  let admin: Actor;
  let api: ReturnType<typeof identity>;

  beforeAll(async () => {
    t = await startTestApp({ env: WITH_ADMIN });
    admin = await given(t).admin();
    api = identity(t);
  });
  afterAll(() => t.close());

  const patch = (id: string, body: Record<string, unknown>, auth = admin.auth) =>
    t
      .http()
      .patch(`/api/v1/admin/users/${id}`)
      .set(auth)
      .set('user-agent', 'admin-console/1.0')
      .send(body);
  const list = (query: Record<string, unknown>, auth = admin.auth) =>
    t.http().get('/api/v1/admin/users').query(query).set(auth);

  it('keeps every admin route from anonymous callers (401) and non-admins (403)', async () => {
    const student = await given(t).student();
    for (const [method, path] of [
      ['get', '/api/v1/admin/users'],
      ['patch', `/api/v1/admin/users/${student.id}`],
      ['get', '/api/v1/admin/audit-events'],
    ] as const) {
      expect((await t.http()[method](path).send({})).status).toBe(401);
      const forbidden = await t.http()[method](path).set(student.auth).send({});
      expect(forbidden.status).toBe(403);
      expect(forbidden.body.code).toBe('auth.forbidden');
    }
  });

  it('lists users with role, status and text filters, paginated', async () => {
    const tag = `Zelda${Date.now()}`;
    const students = [];
    for (let i = 0; i < 3; i += 1) students.push(await given(t).student(`${tag} Findme ${i}`));
    const tutor = await given(t).tutor(`${tag} Teacher`);

    const byName = await list({ q: `${tag.toLowerCase()} find` });
    expect(byName.status).toBe(200);
    expect(byName.body.data.map((u: { id: string }) => u.id)).toEqual(students.map((s) => s.id));
    expect(byName.body.data[0]).toEqual({
      id: students[0]!.id,
      email: students[0]!.email,
      displayName: `${tag} Findme 0`,
      roles: ['student'],
      status: 'active',
      timezone: 'UTC',
      emailVerified: false,
      createdAt: expect.any(String),
    });
    const byEmail = await list({ q: tutor.email.toUpperCase() });
    expect(byEmail.body.data.map((u: { id: string }) => u.id)).toEqual([tutor.id]);
    // LIKE wildcards are literal.
    expect((await list({ q: `${tag}%` })).body.data).toEqual([]);

    const page1 = await list({ q: tag, limit: 2 });
    const page2 = await list({ q: tag, limit: 2, page: 2 });
    expect(page1.body.meta).toEqual({ page: 1, limit: 2, total: 4 });
    expect(page2.body.meta).toEqual({ page: 2, limit: 2, total: 4 });
    expect([...page1.body.data, ...page2.body.data].map((u: { id: string }) => u.id)).toEqual([
      ...students.map((s) => s.id),
      tutor.id,
    ]);
    const tutors = await list({ q: tag, role: 'tutor' });
    expect(tutors.body.data.map((u: { id: string }) => u.id)).toEqual([tutor.id]);
    const admins = await list({ role: 'admin' });
    expect(admins.body.data.map((u: { email: string }) => u.email)).toEqual([ADMIN_EMAIL]);

    for (const bad of [
      { role: 'king' },
      { status: 'banned' },
      { limit: 101 },
      { page: 0 },
      { x: 1 },
    ]) {
      expect((await list(bad)).status).toBe(400);
    }
  });

  it('suspends a user: their token stops at once, login is refused, sessions end; events and audit follow', async () => {
    const student = await api.session();
    expect((await api.me(student.accessToken)).status).toBe(200);
    const res = await patch(student.user.id, { status: 'suspended' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...student.user, status: 'suspended' });
    expect((await api.me(student.accessToken)).status).toBe(401);
    expect((await api.refresh(student.refreshToken)).status).toBe(401);
    const login = await api.login(student.user.email);
    expect(login.status).toBe(403);
    expect(login.body.code).toBe('identity.account_suspended');
    // Only the right password learns about the suspension.
    expect((await api.login(student.user.email, 'wrong-password-123')).status).toBe(401);
    expect(
      (await list({ status: 'suspended' })).body.data.map((u: { id: string }) => u.id),
    ).toContain(student.user.id);

    // Suspending twice changes nothing more.
    expect((await patch(student.user.id, { status: 'suspended' })).status).toBe(200);
    const reactivated = await patch(student.user.id, { status: 'active' });
    expect(reactivated.body.status).toBe('active');
    // Reactivation does not revive the old session.
    expect((await api.refresh(student.refreshToken)).status).toBe(401);
    expect((await api.me(student.accessToken)).status).toBe(401);
    expect((await api.login(student.user.email)).status).toBe(200);

    const events = await t.dataSource.query(
      'SELECT type, actor_id, payload FROM platform.outbox WHERE aggregate_id = $1 ORDER BY occurred_at, id',
      [student.user.id],
    );
    expect(events.map((e: { type: string }) => e.type)).toEqual([
      'identity.user.registered',
      'identity.user.suspended',
      'identity.user.reactivated',
    ]);
    expect(events[1]).toMatchObject({ actor_id: admin.id, payload: { userId: student.user.id } });

    const audit = await t
      .http()
      .get('/api/v1/admin/audit-events')
      .query({ userId: student.user.id })
      .set(admin.auth);
    expect(audit.status).toBe(200);
    const types = audit.body.data.map((a: { type: string }) => a.type);
    expect(types).toEqual(
      expect.arrayContaining(['user.suspended', 'user.reactivated', 'login.failed']),
    );
    const suspension = audit.body.data.find((a: { type: string }) => a.type === 'user.suspended');
    expect(suspension).toEqual({
      id: expect.any(String),
      userId: student.user.id,
      actorId: admin.id,
      type: 'user.suspended',
      ip: expect.any(String),
      userAgent: 'admin-console/1.0',
      data: {},
      at: expect.any(String),
    });
  });

  it('changes roles: the old token stops working, a new login carries the new roles', async () => {
    const student = await api.session();
    const res = await patch(student.user.id, { roles: ['tutor', 'student', 'tutor'] });
    expect(res.status).toBe(400);
    const ok = await patch(student.user.id, { roles: ['tutor', 'student'] });
    expect(ok.body.roles).toEqual(['student', 'tutor']);
    expect((await api.me(student.accessToken)).status).toBe(401);
    const login = await api.login(student.user.email);
    expect(login.body.user.roles).toEqual(['student', 'tutor']);
    const [event] = await t.dataSource.query(
      `SELECT payload FROM platform.outbox WHERE type = 'identity.user.roles_changed' AND aggregate_id = $1`,
      [student.user.id],
    );
    expect(event.payload).toEqual({
      userId: student.user.id,
      roles: ['student', 'tutor'],
      previousRoles: ['student'],
    });

    // Promoted to admin, the new token opens the admin routes.
    await patch(student.user.id, { roles: ['admin'] });
    const promoted = await api.login(student.user.email);
    expect((await list({}, { authorization: `Bearer ${promoted.body.accessToken}` })).status).toBe(
      200,
    );
  });

  it('refuses undeclared fields, bad values and bad ids, and changes nothing', async () => {
    const student = await api.session();
    const before = await t.dataSource.query('SELECT * FROM identity.users WHERE id = $1', [
      student.user.id,
    ]);
    for (const body of [
      { email: newEmail() },
      { displayName: 'Renamed' },
      { id: NO_SUCH_USER },
      { tokenVersion: 9 },
      { status: 'suspended', email: newEmail() },
      { status: 'banned' },
      { roles: [] },
      { roles: ['king'] },
      { roles: 'admin' },
    ]) {
      const res = await patch(student.user.id, body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    }
    const after = await t.dataSource.query('SELECT * FROM identity.users WHERE id = $1', [
      student.user.id,
    ]);
    expect(after).toEqual(before);
    expect((await patch('not-a-uuid', { status: 'active' })).status).toBe(400);
    const missing = await patch(NO_SUCH_USER, { status: 'active' });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('user.not_found');
  });

  it('keeps an admin from suspending or demoting themself', async () => {
    for (const body of [{ status: 'suspended' }, { roles: ['student'] }, { roles: ['tutor'] }]) {
      const res = await patch(admin.id, body);
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('identity.cannot_change_self');
    }
    // Adding a role to oneself is fine.
    expect((await patch(admin.id, { roles: ['admin', 'tutor'] })).status).toBe(200);
    const again = await given(t).admin();
    expect((await t.http().get('/api/v1/users/me').set(again.auth)).body.roles).toEqual([
      'admin',
      'tutor',
    ]);
    admin = again;
    const [row] = await t.dataSource.query(`SELECT status FROM identity.users WHERE id = $1`, [
      admin.id,
    ]);
    expect(row.status).toBe('active');
  });

  it('pages and filters the audit log by user and type', async () => {
    const session = await api.session();
    for (let i = 0; i < 3; i += 1) await api.login(session.user.email, 'wrong-password-123');
    const audit = (query: Record<string, unknown>) =>
      t.http().get('/api/v1/admin/audit-events').query(query).set(admin.auth);
    const failed = await audit({ userId: session.user.id, type: 'login.failed', limit: 2 });
    expect(failed.status).toBe(200);
    expect(failed.body.meta).toEqual({ page: 1, limit: 2, total: 3 });
    expect(failed.body.data).toHaveLength(2);
    const last = await audit({ userId: session.user.id, type: 'login.failed', limit: 2, page: 2 });
    expect(last.body.data).toHaveLength(1);
    expect(last.body.meta.total).toBe(3);
    const beyond = await audit({
      userId: session.user.id,
      type: 'login.failed',
      limit: 2,
      page: 5,
    });
    expect(beyond.body).toEqual({ data: [], meta: { page: 5, limit: 2, total: 3 } });
    const all = await audit({ type: 'login.failed' });
    expect(all.body.data.every((a: { type: string }) => a.type === 'login.failed')).toBe(true);
    // Newest first.
    const ats = all.body.data.map((a: { at: string }) => a.at);
    expect(ats).toEqual([...ats].sort().reverse());
    expect((await audit({ type: 'nonsense' })).status).toBe(400);
    expect((await audit({ userId: 'not-a-uuid' })).status).toBe(400);
  });

  it('bootstraps one admin even when two instances start at once, and again on restart', async () => {
    // No admin yet (the one from beforeAll steps down), and each instance names a different
    // e-mail: only the "no admin exists" check under the advisory lock can keep it to one.
    await t.dataSource.query(
      `UPDATE identity.users SET roles = ARRAY['student'] WHERE 'admin' = ANY(roles)`,
    );
    const boot = (label: string) =>
      startTestApp({
        env: {
          BOOTSTRAP_ADMIN_EMAIL: `Boot-${label}@etutors.test`,
          BOOTSTRAP_ADMIN_PASSWORD: 'correct horse battery staple boot',
        },
      });
    const admins = async () =>
      (await t.dataSource.query(
        `SELECT email, status, email_verified_at IS NOT NULL AS verified FROM identity.users
            WHERE 'admin' = ANY(roles)`,
      )) as { email: string; status: string; verified: boolean }[];
    const apps = await Promise.all([boot('a'), boot('b')]);
    await Promise.all(apps.map((app) => app.close()));
    const created = await admins();
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ status: 'active', verified: true });
    expect(['boot-a@etutors.test', 'boot-b@etutors.test']).toContain(created[0]!.email);

    // Logged at info, the default level: an operator who set the variable learns why nothing happened.
    const logged = jest.spyOn(Logger.prototype, 'log');
    const restarted = await Promise.all([boot('a'), boot('c')]);
    await Promise.all(restarted.map((app) => app.close()));
    const skipped = logged.mock.calls.filter(([message]) =>
      String(message).includes('BOOTSTRAP_ADMIN_EMAIL is set, but an admin already exists'),
    );
    logged.mockRestore();
    expect(skipped).toHaveLength(2);
    expect(await admins()).toEqual(created);
    const login = await identity(t).login(created[0]!.email, 'correct horse battery staple boot');
    expect(login.status).toBe(200);
    expect(login.body.user.roles).toEqual(['admin']);
  });

  it('documents every identity route in the OpenAPI document', async () => {
    const doc = (await t.http().get('/docs-json')).body as {
      paths: Record<
        string,
        Record<string, { tags?: string[]; responses: Record<string, unknown> }>
      >;
    };
    const routes = [
      ['post', '/api/v1/auth/register', ['201', '400', '409', '429']],
      ['post', '/api/v1/auth/login', ['200', '400', '401', '403', '429']],
      ['post', '/api/v1/auth/refresh', ['200', '400', '401']],
      ['post', '/api/v1/auth/logout', ['204', '401']],
      ['post', '/api/v1/auth/password/forgot', ['202', '400', '429']],
      ['post', '/api/v1/auth/password/reset', ['204', '400']],
      ['post', '/api/v1/auth/email/verify', ['204', '400']],
      ['get', '/api/v1/users/me', ['200', '401']],
      ['patch', '/api/v1/users/me', ['200', '400', '401']],
      ['get', '/api/v1/admin/users', ['200', '401', '403']],
      ['patch', '/api/v1/admin/users/{id}', ['200', '400', '401', '403', '404']],
      ['get', '/api/v1/admin/audit-events', ['200', '401', '403']],
    ] as const;
    for (const [method, path, statuses] of routes) {
      const operation = doc.paths[path]?.[method];
      // Admin operations may carry an `admin` tag too, so the console groups them.
      expect({ path, tags: operation?.tags }).toEqual({
        path,
        tags: expect.arrayContaining(['identity']),
      });
      expect(Object.keys(operation!.responses)).toEqual(expect.arrayContaining([...statuses]));
    }
  });
});

describe('demo seed', () => {
  it('seeds demo accounts once: a second run creates nothing new', async () => {
    const t = await startTestApp();
    try {
      const first = await seedIdentity(t.dataSource);
      const count = async () =>
        (await t.dataSource.query('SELECT count(*)::int AS n FROM identity.users'))[0].n;
      const afterFirst = await count();
      const second = await seedIdentity(t.dataSource);
      expect(await count()).toBe(afterFirst);
      expect(first.lines[0]).toMatch(/^Identity: 9 demo accounts created/);
      expect(second.lines[0]).toMatch(/^Identity: 0 demo accounts created/);
      expect(first.tutors.map((u) => u.id)).toEqual(second.tutors.map((u) => u.id));
      expect(first.tutors.length).toBeGreaterThanOrEqual(3);
      expect(first.students.length).toBeGreaterThanOrEqual(3);
      expect(first.lines.join('\n')).toContain('admin@etutors.demo');
      const api = identity(t);
      for (const email of [
        'admin@etutors.demo',
        'sam.student@etutors.demo',
        'ada.tutor@etutors.demo',
      ]) {
        expect((await api.login(email, 'demo-password-2026')).status).toBe(200);
      }
    } finally {
      await t.close();
    }
  });
});
