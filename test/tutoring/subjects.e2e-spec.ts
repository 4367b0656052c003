import { given, WITH_ADMIN, type Actor } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('subjects', () => {
  let t: TestApp;
  let admin: Actor;

  beforeAll(async () => {
    t = await startTestApp({ env: WITH_ADMIN });
    admin = await given(t).admin();
  });
  afterAll(() => t.close());

  const subjectRow = async (id: string) =>
    (
      await t.dataSource.query(
        'SELECT id, slug, name, category FROM tutoring.subjects WHERE id = $1',
        [id],
      )
    )[0];
  const eventsOf = (id: string) =>
    t.dataSource.query(
      'SELECT type, actor_id, payload FROM platform.outbox WHERE aggregate_id = $1 ORDER BY type',
      [id],
    );
  const auditOf = (id: string) =>
    t.dataSource.query(
      'SELECT type, actor_id, data FROM tutoring.audit_events WHERE aggregate_id = $1 ORDER BY type',
      [id],
    );

  it('lets an admin create, rename and list subjects; everyone can read them', async () => {
    const created = await t
      .http()
      .post('/api/v1/subjects')
      .set(admin.auth)
      .send({ slug: 'organic-chemistry', name: 'Organic chemistry', category: 'Science' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      slug: 'organic-chemistry',
      name: 'Organic chemistry',
      category: 'Science',
    });

    const renamed = await t
      .http()
      .patch(`/api/v1/subjects/${created.body.id}`)
      .set(admin.auth)
      .send({ name: 'Organic Chemistry' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toEqual({
      id: created.body.id,
      slug: 'organic-chemistry',
      name: 'Organic Chemistry',
      category: 'Science',
    });

    const list = await t.http().get('/api/v1/subjects');
    expect(list.status).toBe(200);
    expect(list.body).toContainEqual({
      id: created.body.id,
      slug: 'organic-chemistry',
      name: 'Organic Chemistry',
      category: 'Science',
    });
  });

  it('refuses a duplicate slug with 409 and a malformed one with 400', async () => {
    await given(t).subject(admin, 'geometry');
    const duplicate = await t
      .http()
      .post('/api/v1/subjects')
      .set(admin.auth)
      .send({ slug: 'geometry', name: 'Geometry again', category: 'Maths' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.code).toBe('subject.slug_taken');
    const malformed = await t
      .http()
      .post('/api/v1/subjects')
      .set(admin.auth)
      .send({ slug: 'Not Kebab', name: 'X', category: 'Y' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].field).toBe('slug');
  });

  it('keeps subject management to admins', async () => {
    const student = await given(t).student();
    expect(
      (
        await t
          .http()
          .post('/api/v1/subjects')
          .set(student.auth)
          .send({ slug: 'x', name: 'X', category: 'Y' })
      ).status,
    ).toBe(403);
    expect(
      (await t.http().post('/api/v1/subjects').send({ slug: 'x', name: 'X', category: 'Y' }))
        .status,
    ).toBe(401);
  });

  it('deletes an unused subject, and refuses (409) one a tutor teaches', async () => {
    const unused = await given(t).subject(admin);
    expect((await t.http().delete(`/api/v1/subjects/${unused.id}`).set(admin.auth)).status).toBe(
      204,
    );
    expect((await t.http().delete(`/api/v1/subjects/${unused.id}`).set(admin.auth)).status).toBe(
      404,
    );

    const taught = await given(t).subject(admin);
    await given(t).approvedTutor(admin, { subjectIds: [taught.id] });
    const refused = await t.http().delete(`/api/v1/subjects/${taught.id}`).set(admin.auth);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('subject.in_use');
    const [row] = await t.dataSource.query('SELECT slug FROM tutoring.subjects WHERE id = $1', [
      taught.id,
    ]);
    expect(row).toEqual({ slug: taught.slug });
  });

  it('answers an empty PATCH with the subject unchanged, and refuses null with 400 changing nothing', async () => {
    const subject = await given(t).subject(admin, 'set-theory', 'Set theory', 'Mathematics');
    const before = {
      id: subject.id,
      slug: 'set-theory',
      name: 'Set theory',
      category: 'Mathematics',
    };

    const empty = await t.http().patch(`/api/v1/subjects/${subject.id}`).set(admin.auth).send({});
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual(before);

    const nullBody = await t
      .http()
      .patch(`/api/v1/subjects/${subject.id}`)
      .set(admin.auth)
      .set('content-type', 'application/json')
      .send('null');
    expect(nullBody.status).toBe(400);
    expect(nullBody.headers['content-type']).toMatch(/problem\+json/);

    for (const field of ['slug', 'name', 'category']) {
      const res = await t
        .http()
        .patch(`/api/v1/subjects/${subject.id}`)
        .set(admin.auth)
        .send({ [field]: null });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const blank = await t
      .http()
      .patch(`/api/v1/subjects/${subject.id}`)
      .set(admin.auth)
      .send({ name: '   ' });
    expect(blank.status).toBe(400);

    await given(t).subject(admin, 'topology');
    const taken = await t
      .http()
      .patch(`/api/v1/subjects/${subject.id}`)
      .set(admin.auth)
      .send({ slug: 'topology' });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('subject.slug_taken');

    expect(await subjectRow(subject.id)).toEqual(before);
    // Nothing changed, so nothing beyond the creation was published or audited.
    expect((await eventsOf(subject.id)).map((e: { type: string }) => e.type)).toEqual([
      'tutoring.subject.created',
    ]);
    expect((await auditOf(subject.id)).map((e: { type: string }) => e.type)).toEqual([
      'tutoring.subject.created',
    ]);
  });

  it('audits every catalogue change with the admin who made it, and publishes it as an event', async () => {
    const created = await t
      .http()
      .post('/api/v1/subjects')
      .set(admin.auth)
      .send({ slug: 'number-theory', name: 'Number theory', category: 'Maths' });
    const id = created.body.id as string;
    const updated = await t
      .http()
      .patch(`/api/v1/subjects/${id}`)
      .set(admin.auth)
      .send({ name: 'Number Theory', category: 'Mathematics', slug: 'number-theory' });
    expect(updated.body).toEqual({
      id,
      slug: 'number-theory',
      name: 'Number Theory',
      category: 'Mathematics',
    });
    expect((await t.http().delete(`/api/v1/subjects/${id}`).set(admin.auth)).status).toBe(204);

    const subject = { subjectId: id, slug: 'number-theory' };
    const expected = [
      {
        type: 'tutoring.subject.created',
        actor_id: admin.id,
        body: { ...subject, name: 'Number theory', category: 'Maths' },
      },
      {
        type: 'tutoring.subject.deleted',
        actor_id: admin.id,
        body: { ...subject, name: 'Number Theory', category: 'Mathematics' },
      },
      {
        type: 'tutoring.subject.updated',
        actor_id: admin.id,
        // Only what changed is listed with its former value (the slug was sent unchanged).
        body: {
          ...subject,
          name: 'Number Theory',
          category: 'Mathematics',
          previous: { name: 'Number theory', category: 'Maths' },
        },
      },
    ];
    const events = await eventsOf(id);
    expect(
      events.map((e: { type: string; actor_id: string; payload: object }) => ({
        type: e.type,
        actor_id: e.actor_id,
        body: e.payload,
      })),
    ).toEqual(expected);
    const audit = await auditOf(id);
    expect(
      audit.map((e: { type: string; actor_id: string; data: object }) => ({
        type: e.type,
        actor_id: e.actor_id,
        body: e.data,
      })),
    ).toEqual(expected);
  });
});
