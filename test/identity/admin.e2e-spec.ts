import { seedIdentity } from '@etutors/identity';
import { given, WITH_ADMIN, type Actor } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('user administration', () => {
  let t: TestApp;
  let admin: Actor;

  beforeAll(async () => {
    t = await startTestApp({ env: WITH_ADMIN });
    admin = await given(t).admin();
  });
  afterAll(() => t.close());

  it('lists users with role, status and text filters, paginated', async () => {
    const student = await given(t).student('Zelda Findme');
    await given(t).tutor();
    const byName = await t
      .http()
      .get('/api/v1/admin/users')
      .query({ q: 'zelda find' })
      .set(admin.auth);
    expect(byName.status).toBe(200);
    expect(byName.body.data.map((u: { id: string }) => u.id)).toEqual([student.id]);
    const tutors = await t
      .http()
      .get('/api/v1/admin/users')
      .query({ role: 'tutor', limit: 1 })
      .set(admin.auth);
    expect(tutors.body.meta).toMatchObject({ page: 1, limit: 1 });
    expect(tutors.body.meta.total).toBeGreaterThanOrEqual(1);
    expect(tutors.body.data[0].roles).toContain('tutor');
    expect((await t.http().get('/api/v1/admin/users').set(student.auth)).status).toBe(403);
    expect(
      (await t.http().get('/api/v1/admin/users').query({ role: 'king' }).set(admin.auth)).status,
    ).toBe(400);
  });

  it('suspends a user: their still-valid token stops working at once, login is refused, events and audit follow', async () => {
    const student = await given(t).student();
    expect((await t.http().get('/api/v1/users/me').set(student.auth)).status).toBe(200);
    const res = await t
      .http()
      .patch(`/api/v1/admin/users/${student.id}`)
      .set(admin.auth)
      .send({ status: 'suspended' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('suspended');
    expect((await t.http().get('/api/v1/users/me').set(student.auth)).status).toBe(401);
    const login = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: student.email, password: student.password });
    expect(login.status).toBe(403);
    expect(login.body.code).toBe('identity.account_suspended');
    expect(
      (
        await t.http().get('/api/v1/admin/users').query({ status: 'suspended' }).set(admin.auth)
      ).body.data.map((u: { id: string }) => u.id),
    ).toContain(student.id);

    await t
      .http()
      .patch(`/api/v1/admin/users/${student.id}`)
      .set(admin.auth)
      .send({ status: 'active' });
    expect(
      (
        await t
          .http()
          .post('/api/v1/auth/login')
          .send({ email: student.email, password: student.password })
      ).status,
    ).toBe(200);
    const types = (
      await t.dataSource.query(
        'SELECT type FROM platform.outbox WHERE aggregate_id = $1 ORDER BY occurred_at',
        [student.id],
      )
    ).map((r: { type: string }) => r.type);
    expect(types).toEqual([
      'identity.user.registered',
      'identity.user.suspended',
      'identity.user.reactivated',
    ]);
    const audit = await t
      .http()
      .get('/api/v1/admin/audit-events')
      .query({ userId: student.id })
      .set(admin.auth);
    expect(audit.body.data.map((a: { type: string }) => a.type)).toEqual(
      expect.arrayContaining(['user.suspended', 'user.reactivated']),
    );
  });

  it('changes roles: the old token stops working, a new login carries the new roles', async () => {
    const student = await given(t).student();
    const res = await t
      .http()
      .patch(`/api/v1/admin/users/${student.id}`)
      .set(admin.auth)
      .send({ roles: ['student', 'tutor'] });
    expect(res.body.roles).toEqual(['student', 'tutor']);
    expect((await t.http().get('/api/v1/users/me').set(student.auth)).status).toBe(401);
    const login = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: student.email, password: student.password });
    expect(login.body.user.roles).toEqual(['student', 'tutor']);
    const [event] = await t.dataSource.query(
      `SELECT payload FROM platform.outbox WHERE type = 'identity.user.roles_changed' AND aggregate_id = $1`,
      [student.id],
    );
    expect(event.payload).toMatchObject({
      roles: ['student', 'tutor'],
      previousRoles: ['student'],
    });
  });

  it('keeps an admin from suspending or demoting themself', async () => {
    expect(
      (
        await t
          .http()
          .patch(`/api/v1/admin/users/${admin.id}`)
          .set(admin.auth)
          .send({ status: 'suspended' })
      ).status,
    ).toBe(422);
    expect(
      (
        await t
          .http()
          .patch(`/api/v1/admin/users/${admin.id}`)
          .set(admin.auth)
          .send({ roles: ['student'] })
      ).status,
    ).toBe(422);
    expect((await t.http().get('/api/v1/users/me').set(admin.auth)).status).toBe(200);
    expect(
      (
        await t
          .http()
          .patch('/api/v1/admin/users/00000000-0000-7000-8000-000000000000')
          .set(admin.auth)
          .send({ status: 'active' })
      ).status,
    ).toBe(404);
  });

  it('bootstraps one admin even when two instances start at once, and again on restart', async () => {
    const apps = await Promise.all([
      startTestApp({ env: WITH_ADMIN }),
      startTestApp({ env: WITH_ADMIN }),
    ]);
    await Promise.all(apps.map((app) => app.close()));
    const [{ count }] = await t.dataSource.query(
      `SELECT count(*)::int AS count FROM identity.users WHERE 'admin' = ANY(roles)`,
    );
    expect(count).toBe(1);
  });

  it('seeds demo accounts once: a second run creates nothing new', async () => {
    const first = await seedIdentity(t.dataSource);
    const [{ count: afterFirst }] = await t.dataSource.query(
      'SELECT count(*)::int AS count FROM identity.users',
    );
    const second = await seedIdentity(t.dataSource);
    const [{ count: afterSecond }] = await t.dataSource.query(
      'SELECT count(*)::int AS count FROM identity.users',
    );
    expect(afterSecond).toBe(afterFirst);
    expect(second.lines[0]).toMatch(/^Identity: 0 demo accounts created/);
    expect(first.tutors.map((u) => u.id)).toEqual(second.tutors.map((u) => u.id));
    const login = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'sam.student@etutors.demo', password: 'demo-password-2026' });
    expect(login.status).toBe(200);
  });
});
