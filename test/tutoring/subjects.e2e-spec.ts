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
    expect(renamed.body.name).toBe('Organic Chemistry');

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
});
