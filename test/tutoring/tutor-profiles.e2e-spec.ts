import { given, WITH_ADMIN, type Actor } from '../support/given.js';
import { eventually, startTestApp, type TestApp } from '../support/test-app.js';

describe('tutor profiles and approval', () => {
  let t: TestApp;
  let admin: Actor;
  let algebra: { id: string; slug: string };

  const profile = (overrides: Record<string, unknown> = {}) => ({
    headline: 'Algebra made calm',
    bio: 'Ten years of teaching.',
    subjectIds: [algebra.id],
    hourlyRate: { amount: 4500, currency: 'EUR' },
    languages: ['en', 'de'],
    timezone: 'Europe/Berlin',
    ...overrides,
  });

  beforeAll(async () => {
    t = await startTestApp({ env: WITH_ADMIN });
    admin = await given(t).admin();
    algebra = await given(t).subject(admin, 'algebra', 'Algebra', 'Mathematics');
  });
  afterAll(() => t.close());

  const outboxTypes = async (aggregateId: string) =>
    (
      await t.dataSource.query(
        'SELECT type FROM platform.outbox WHERE aggregate_id = $1 ORDER BY occurred_at',
        [aggregateId],
      )
    ).map((row: { type: string }) => row.type);

  it('keeps a new profile pending and invisible until an admin approves it', async () => {
    const tutor = await given(t).tutor('Grace Hopper');
    const put = await t.http().put('/api/v1/tutors/me').set(tutor.auth).send(profile());
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      id: tutor.id,
      status: 'pending',
      hourlyRate: { amount: 4500, currency: 'EUR' },
      subjectIds: [algebra.id],
    });

    expect((await t.http().get(`/api/v1/tutors/${tutor.id}`)).status).toBe(404);
    expect(
      (await t.http().get('/api/v1/tutors').query({ subject: 'algebra' })).body.data.map(
        (x: { id: string }) => x.id,
      ),
    ).not.toContain(tutor.id);

    const waiting = await t
      .http()
      .get('/api/v1/admin/tutors')
      .query({ status: 'pending' })
      .set(admin.auth);
    expect(waiting.status).toBe(200);
    expect(waiting.body.data.map((x: { id: string }) => x.id)).toContain(tutor.id);

    const approved = await t
      .http()
      .patch(`/api/v1/admin/tutors/${tutor.id}`)
      .set(admin.auth)
      .send({ status: 'approved', note: 'Welcome' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      status: 'approved',
      reviewNote: 'Welcome',
      approvedAt: expect.any(String),
    });

    const pub = await t.http().get(`/api/v1/tutors/${tutor.id}`);
    expect(pub.status).toBe(200);
    expect(pub.body).toMatchObject({
      id: tutor.id,
      headline: 'Algebra made calm',
      subjects: [{ id: algebra.id, slug: 'algebra', name: 'Algebra' }],
      hourlyRate: { amount: 4500, currency: 'EUR' },
      languages: ['en', 'de'],
      rating: { average: null, count: 0 },
    });
    await eventually(
      async () =>
        (await t.http().get(`/api/v1/tutors/${tutor.id}`)).body.displayName === 'Grace Hopper',
    );
    expect(await outboxTypes(tutor.id)).toContain('tutoring.tutor.approved');
    expect((await t.http().get('/api/v1/tutors/me').set(tutor.auth)).body.status).toBe('approved');
  });

  it('keeps a rejected profile invisible, with the note for the tutor', async () => {
    const tutor = await given(t).tutor();
    await t.http().put('/api/v1/tutors/me').set(tutor.auth).send(profile());
    const rejected = await t
      .http()
      .patch(`/api/v1/admin/tutors/${tutor.id}`)
      .set(admin.auth)
      .send({ status: 'rejected', note: 'Add a real bio' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', reviewNote: 'Add a real bio' });
    expect((await t.http().get(`/api/v1/tutors/${tutor.id}`)).status).toBe(404);
    expect(await outboxTypes(tutor.id)).toContain('tutoring.tutor.rejected');

    const again = await t
      .http()
      .put('/api/v1/tutors/me')
      .set(tutor.auth)
      .send(profile({ bio: 'A real bio now.' }));
    expect(again.body).toMatchObject({ status: 'pending', reviewNote: null });
  });

  it('holds edits of an approved profile as a revision while the approved version stays public', async () => {
    const tutor = await given(t).approvedTutor(admin, {
      subjectIds: [algebra.id],
      headline: 'Original headline',
    });
    const edit = await t
      .http()
      .put('/api/v1/tutors/me')
      .set(tutor.auth)
      .send(profile({ headline: 'Fixed the typo' }));
    expect(edit.status).toBe(200);
    expect(edit.body).toMatchObject({
      status: 'approved',
      headline: 'Original headline',
      pendingRevision: { status: 'pending', headline: 'Fixed the typo' },
    });

    expect((await t.http().get(`/api/v1/tutors/${tutor.id}`)).body.headline).toBe(
      'Original headline',
    );
    const waiting = await t
      .http()
      .get('/api/v1/admin/tutors')
      .query({ status: 'pending', limit: 100 })
      .set(admin.auth);
    const listed = waiting.body.data.find((x: { id: string }) => x.id === tutor.id);
    expect(listed.pendingRevision.headline).toBe('Fixed the typo');

    await t
      .http()
      .patch(`/api/v1/admin/tutors/${tutor.id}`)
      .set(admin.auth)
      .send({ status: 'approved' });
    expect((await t.http().get(`/api/v1/tutors/${tutor.id}`)).body.headline).toBe('Fixed the typo');
    expect(
      (await t.http().get('/api/v1/tutors/me').set(tutor.auth)).body.pendingRevision,
    ).toBeNull();

    const nothing = await t
      .http()
      .patch(`/api/v1/admin/tutors/${tutor.id}`)
      .set(admin.auth)
      .send({ status: 'approved' });
    expect(nothing.status).toBe(409);
    expect(nothing.body.code).toBe('tutor.nothing_to_review');
  });

  it('audits every approval and rejection with the admin and the note, and publishes it', async () => {
    const tutor = await given(t).tutor();
    const review = (status: 'approved' | 'rejected', note: string) =>
      t.http().patch(`/api/v1/admin/tutors/${tutor.id}`).set(admin.auth).send({ status, note });
    await t.http().put('/api/v1/tutors/me').set(tutor.auth).send(profile());
    expect((await review('rejected', 'Add a real bio')).status).toBe(200);
    await t
      .http()
      .put('/api/v1/tutors/me')
      .set(tutor.auth)
      .send(profile({ bio: 'A real bio.' }));
    expect((await review('approved', 'Welcome')).status).toBe(200);
    await t
      .http()
      .put('/api/v1/tutors/me')
      .set(tutor.auth)
      .send(profile({ headline: 'New' }));
    expect((await review('rejected', 'Keep the old headline')).status).toBe(200);
    // Nothing waits any more: a refused review is neither published nor audited.
    expect((await review('approved', 'Again')).status).toBe(409);

    const expected = [
      { type: 'tutoring.tutor.approved', revision: false, note: 'Welcome' },
      { type: 'tutoring.tutor.rejected', revision: false, note: 'Add a real bio' },
      { type: 'tutoring.tutor.rejected', revision: true, note: 'Keep the old headline' },
    ].map(({ type, revision, note }) => ({
      type,
      actorId: admin.id,
      data: { tutorId: tutor.id, revision, note },
    }));
    const byNote = (a: { data: { note: string } }, b: { data: { note: string } }) =>
      a.data.note.localeCompare(b.data.note);
    const audit = await t.dataSource.query(
      `SELECT type, actor_id AS "actorId", data FROM tutoring.audit_events WHERE aggregate_id = $1`,
      [tutor.id],
    );
    expect(audit.sort(byNote)).toEqual([...expected].sort(byNote));
    const events = await t.dataSource.query(
      `SELECT type, actor_id AS "actorId", payload AS data FROM platform.outbox
        WHERE aggregate_id = $1 AND type LIKE 'tutoring.tutor.%'`,
      [tutor.id],
    );
    expect(events.sort(byNote)).toEqual([...expected].sort(byNote));
  });

  it('rejects invalid profiles with 400 naming the field, and changes nothing', async () => {
    const tutor = await given(t).tutor();
    const cases: [Record<string, unknown>, string][] = [
      [{ headline: 'x'.repeat(121) }, 'headline'],
      [{ bio: 'x'.repeat(5001) }, 'bio'],
      [{ subjectIds: [] }, 'subjectIds'],
      [{ subjectIds: ['00000000-0000-7000-8000-000000000000'] }, 'subjectIds'],
      [{ hourlyRate: { amount: 100, currency: 'EUR' } }, 'hourlyRate.amount'],
      [{ hourlyRate: { amount: 4000.5, currency: 'EUR' } }, 'hourlyRate.amount'],
      [{ hourlyRate: { amount: 4000, currency: 'JPY' } }, 'hourlyRate.currency'],
      [{ languages: ['xx'] }, 'languages'],
      [{ timezone: 'Mars/Olympus' }, 'timezone'],
      [{ status: 'approved' }, 'status'],
    ];
    for (const [change, field] of cases) {
      const res = await t.http().put('/api/v1/tutors/me').set(tutor.auth).send(profile(change));
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect(
      await t.dataSource.query('SELECT 1 FROM tutoring.tutors WHERE user_id = $1', [tutor.id]),
    ).toEqual([]);
  });

  it('keeps profiles to tutors and review to admins', async () => {
    const student = await given(t).student();
    expect((await t.http().put('/api/v1/tutors/me').set(student.auth).send(profile())).status).toBe(
      403,
    );
    expect((await t.http().get('/api/v1/admin/tutors').set(student.auth)).status).toBe(403);
    expect((await t.http().get('/api/v1/tutors/me')).status).toBe(401);
    const newcomer = await given(t).tutor();
    expect((await t.http().get('/api/v1/tutors/me').set(newcomer.auth)).status).toBe(404);
  });
});
