import { randomUUID } from 'node:crypto';
import { openAllWeek, startAt } from '../scheduling/support.js';
import { given, WITH_ADMIN, type Actor } from '../support/given.js';
import { OpenApiContract, type OpenApiDocument } from '../support/openapi-contract.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('the contract checker', () => {
  const document: OpenApiDocument = {
    paths: {
      '/things/{id}': {
        get: {
          responses: {
            '200': {
              content: {
                'application/json': { schema: { $ref: '#/components/schemas/Thing' } },
              },
            },
            '404': { content: { 'application/problem+json': { schema: { type: 'object' } } } },
          },
        },
      },
      '/things/mine': {
        get: { responses: { '204': {} } },
      },
    },
    components: {
      schemas: {
        Thing: {
          type: 'object',
          required: ['id', 'note'],
          properties: {
            id: { type: 'string', format: 'uuid' },
            note: { type: 'string', nullable: true },
            size: { type: 'integer' },
          },
        },
      },
    },
  };
  const contract = new OpenApiContract(document);
  const json = (status: number, body: unknown) => ({
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body,
  });
  const id = randomUUID();

  it('passes a response that matches its schema, nullable fields included', () => {
    expect(contract.violations('GET', `/things/${id}`, json(200, { id, note: null }))).toEqual([]);
    expect(
      contract.violations('GET', '/things/mine', { status: 204, headers: {}, body: '' }),
    ).toEqual([]);
  });

  it('fails a field the schema does not declare', () => {
    expect(
      contract.violations('GET', `/things/${id}`, json(200, { id, note: 'a', cancelledBy: 'x' })),
    ).toEqual(['GET /things/{id} → 200: (body) must NOT have additional properties (cancelledBy)']);
  });

  it('fails a declared required field that is missing, and a wrong type or format', () => {
    expect(contract.violations('GET', `/things/${id}`, json(200, { id }))).toEqual([
      "GET /things/{id} → 200: (body) must have required property 'note'",
    ]);
    expect(
      contract.violations('GET', '/things/nope', json(200, { id: 'nope', note: 'a', size: 1.5 })),
    ).toEqual([
      'GET /things/{id} → 200: /id must match format "uuid"',
      'GET /things/{id} → 200: /size must be integer',
    ]);
  });

  it('fails a status or a content type the route does not document', () => {
    expect(contract.violations('GET', `/things/${id}`, json(409, {}))).toEqual([
      'GET /things/{id} → 409: status not documented',
    ]);
    expect(contract.violations('GET', `/things/${id}`, json(404, {}))).toEqual([
      'GET /things/{id} → 404: content type application/json not documented',
    ]);
  });
});

/**
 * The main success and error responses of every route, each checked against the served
 * `/docs-json` by the test client (`contract: true`): the document says what the API does.
 */
describe('real responses against /docs-json', () => {
  let t: TestApp;
  let admin: Actor;
  let student: Actor;
  let tutor: Actor;
  let subject: { id: string; slug: string };
  const missing = randomUUID();

  beforeAll(async () => {
    t = await startTestApp({ env: WITH_ADMIN, contract: true });
    admin = await given(t).admin();
    student = await given(t).student();
    subject = await given(t).subject(admin);
    tutor = await given(t).approvedTutor(admin, { subjectIds: [subject.id], timezone: 'UTC' });
    await openAllWeek(t, tutor, { minNoticeMinutes: 60 });
  });

  afterAll(() => t?.close());

  it('platform: probes and metrics', async () => {
    expect((await t.http().get('/health/live')).status).toBe(200);
    expect((await t.http().get('/health/ready')).status).toBe(200);
    expect((await t.http().get('/metrics')).status).toBe(200);
  });

  it('identity: sessions, the account, the admin console', async () => {
    const email = `contract-${randomUUID()}@etutors.test`;
    const password = 'a long enough password 1';
    const registered = await t
      .http()
      .post('/api/v1/auth/register')
      .send({ email, password, displayName: 'Contract', role: 'student' });
    expect(registered.status).toBe(201);
    expect(
      (
        await t
          .http()
          .post('/api/v1/auth/register')
          .send({ email, password, displayName: 'Again', role: 'student' })
      ).status,
    ).toBe(409);
    expect(
      (
        await t
          .http()
          .post('/api/v1/auth/register')
          .send({ email, password, displayName: 'Admin', role: 'admin' })
      ).status,
    ).toBe(400);
    const login = await t.http().post('/api/v1/auth/login').send({ email, password });
    expect(login.status).toBe(200);
    expect(
      (await t.http().post('/api/v1/auth/login').send({ email, password: 'wrong password!' }))
        .status,
    ).toBe(401);
    const refreshed = await t
      .http()
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: login.body.refreshToken });
    expect(refreshed.status).toBe(200);
    expect(
      (await t.http().post('/api/v1/auth/refresh').send({ refreshToken: login.body.refreshToken }))
        .status,
    ).toBe(401);
    const auth = { authorization: `Bearer ${refreshed.body.accessToken}` };
    expect(
      (
        await t
          .http()
          .post('/api/v1/auth/logout')
          .set(auth)
          .send({ refreshToken: refreshed.body.refreshToken })
      ).status,
    ).toBe(204);
    expect((await t.http().post('/api/v1/auth/password/forgot').send({ email })).status).toBe(202);
    expect(
      (
        await t
          .http()
          .post('/api/v1/auth/password/reset')
          .send({ token: 'no-such-token', password })
      ).status,
    ).toBe(400);
    expect(
      (await t.http().post('/api/v1/auth/email/verify').send({ token: 'no-such-token' })).status,
    ).toBe(400);

    expect((await t.http().get('/api/v1/users/me').set(student.auth)).status).toBe(200);
    expect((await t.http().get('/api/v1/users/me')).status).toBe(401);
    expect(
      (await t.http().patch('/api/v1/users/me').set(student.auth).send({ displayName: 'Renamed' }))
        .status,
    ).toBe(200);
    expect(
      (
        await t
          .http()
          .patch('/api/v1/users/me')
          .set(student.auth)
          .send({ roles: ['admin'] })
      ).status,
    ).toBe(400);

    expect((await t.http().get('/api/v1/admin/users?limit=5').set(admin.auth)).status).toBe(200);
    expect((await t.http().get('/api/v1/admin/users').set(student.auth)).status).toBe(403);
    expect((await t.http().get('/api/v1/admin/audit-events').set(admin.auth)).status).toBe(200);
    expect(
      (
        await t
          .http()
          .patch(`/api/v1/admin/users/${registered.body.user.id}`)
          .set(admin.auth)
          .send({ status: 'suspended' })
      ).status,
    ).toBe(200);
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
      (await t.http().patch(`/api/v1/admin/users/${missing}`).set(admin.auth).send({})).status,
    ).toBe(404);
    expect(
      (await t.http().patch('/api/v1/admin/users/not-a-uuid').set(admin.auth).send({})).status,
    ).toBe(400);
  });

  it('tutoring: subjects, profiles, search, reviews, lessons', async () => {
    expect((await t.http().get('/api/v1/subjects')).status).toBe(200);
    const created = await t
      .http()
      .post('/api/v1/subjects')
      .set(admin.auth)
      .send({ slug: `contract-${Date.now()}`, name: 'Contract', category: 'Testing' });
    expect(created.status).toBe(201);
    expect(
      (
        await t
          .http()
          .post('/api/v1/subjects')
          .set(admin.auth)
          .send({ slug: created.body.slug, name: 'Again', category: 'Testing' })
      ).status,
    ).toBe(409);
    expect(
      (
        await t
          .http()
          .post('/api/v1/subjects')
          .set(student.auth)
          .send({ slug: 'nope', name: 'Nope', category: 'Testing' })
      ).status,
    ).toBe(403);
    expect(
      (
        await t
          .http()
          .patch(`/api/v1/subjects/${created.body.id}`)
          .set(admin.auth)
          .send({ name: 'Contract renamed' })
      ).status,
    ).toBe(200);
    expect(
      (await t.http().patch(`/api/v1/subjects/${missing}`).set(admin.auth).send({ name: 'X' }))
        .status,
    ).toBe(404);
    expect((await t.http().delete(`/api/v1/subjects/${subject.id}`).set(admin.auth)).status).toBe(
      409,
    );
    expect(
      (await t.http().delete(`/api/v1/subjects/${created.body.id}`).set(admin.auth)).status,
    ).toBe(204);

    expect((await t.http().get('/api/v1/tutors/me').set(tutor.auth)).status).toBe(200);
    const newcomer = await given(t).tutor();
    expect((await t.http().get('/api/v1/tutors/me').set(newcomer.auth)).status).toBe(404);
    const written = await t
      .http()
      .put('/api/v1/tutors/me')
      .set(newcomer.auth)
      .send({
        headline: 'New here',
        bio: 'Waiting for review',
        subjectIds: [subject.id],
        hourlyRate: { amount: 3000, currency: 'USD' },
        languages: ['en'],
        timezone: 'Europe/Paris',
      });
    expect(written.status).toBe(200);
    expect((await t.http().get('/api/v1/admin/tutors?status=pending').set(admin.auth)).status).toBe(
      200,
    );
    expect(
      (
        await t
          .http()
          .patch(`/api/v1/admin/tutors/${newcomer.id}`)
          .set(admin.auth)
          .send({ status: 'rejected', note: 'Tell us more' })
      ).status,
    ).toBe(200);
    expect(
      (
        await t
          .http()
          .patch(`/api/v1/admin/tutors/${newcomer.id}`)
          .set(admin.auth)
          .send({ status: 'approved' })
      ).status,
    ).toBe(409);

    expect((await t.http().get(`/api/v1/tutors?subject=${subject.slug}`)).status).toBe(200);
    expect((await t.http().get('/api/v1/tutors?sort=sideways')).status).toBe(400);
    expect((await t.http().get(`/api/v1/tutors/${tutor.id}`)).status).toBe(200);
    expect((await t.http().get(`/api/v1/tutors/${missing}`)).status).toBe(404);
    expect((await t.http().get(`/api/v1/tutors/${tutor.id}/reviews`)).status).toBe(200);

    expect((await t.http().get('/api/v1/lessons').set(student.auth)).status).toBe(200);
    expect((await t.http().get(`/api/v1/lessons/${missing}`).set(student.auth)).status).toBe(404);
    expect(
      (await t.http().post(`/api/v1/lessons/${missing}/complete`).set(tutor.auth)).status,
    ).toBe(404);
    expect(
      (
        await t
          .http()
          .post(`/api/v1/lessons/${missing}/review`)
          .set(student.auth)
          .send({ rating: 5 })
      ).status,
    ).toBe(404);
    expect(
      (
        await t
          .http()
          .patch(`/api/v1/lessons/${missing}/notes`)
          .set(tutor.auth)
          .send({ notes: 'x' })
      ).status,
    ).toBe(404);
  });

  it('scheduling: availability, time off, slots, bookings, calendar', async () => {
    expect((await t.http().get('/api/v1/tutors/me/availability').set(tutor.auth)).status).toBe(200);
    const timeOff = await t
      .http()
      .post('/api/v1/tutors/me/time-off')
      .set(tutor.auth)
      .send({ startsAt: startAt(20, 0), endsAt: startAt(21, 0), reason: 'Holiday' });
    expect(timeOff.status).toBe(201);
    expect(
      (
        await t
          .http()
          .post('/api/v1/tutors/me/time-off')
          .set(tutor.auth)
          .send({ startsAt: startAt(-3, 0), endsAt: startAt(-2, 0) })
      ).status,
    ).toBe(422);
    expect((await t.http().get('/api/v1/tutors/me/time-off').set(tutor.auth)).status).toBe(200);
    expect(
      (await t.http().delete(`/api/v1/tutors/me/time-off/${timeOff.body.id}`).set(tutor.auth))
        .status,
    ).toBe(204);

    const from = startAt(2, 0);
    const to = startAt(3, 0);
    expect(
      (await t.http().get(`/api/v1/tutors/${tutor.id}/slots?from=${from}&to=${to}&duration=60`))
        .status,
    ).toBe(200);
    expect(
      (
        await t
          .http()
          .get(`/api/v1/tutors/${tutor.id}/slots?from=${from}&to=${startAt(60, 0)}&duration=60`)
      ).status,
    ).toBe(400);

    const startsAt = startAt(2, 10);
    const booking = await t
      .http()
      .post('/api/v1/bookings')
      .set(student.auth)
      .send({ tutorId: tutor.id, subjectId: subject.id, startsAt, durationMinutes: 60 });
    expect(booking.status).toBe(201);
    const other = await given(t).student();
    expect(
      (
        await t
          .http()
          .post('/api/v1/bookings')
          .set(other.auth)
          .send({ tutorId: tutor.id, subjectId: subject.id, startsAt, durationMinutes: 60 })
      ).status,
    ).toBe(409);
    expect(
      (
        await t
          .http()
          .post('/api/v1/bookings')
          .set(other.auth)
          .send({
            tutorId: tutor.id,
            subjectId: subject.id,
            startsAt: startAt(2, 10, 7),
            durationMinutes: 60,
          })
      ).status,
    ).toBe(422);
    expect((await t.http().get('/api/v1/bookings').set(student.auth)).status).toBe(200);
    expect((await t.http().get('/api/v1/bookings').set(admin.auth)).status).toBe(200);
    expect((await t.http().get(`/api/v1/bookings/${booking.body.id}`).set(tutor.auth)).status).toBe(
      200,
    );
    expect((await t.http().get(`/api/v1/bookings/${booking.body.id}`).set(other.auth)).status).toBe(
      404,
    );
    expect(
      (
        await t
          .http()
          .post(`/api/v1/bookings/${booking.body.id}/reschedule`)
          .set(student.auth)
          .send({ startsAt: startAt(2, 14) })
      ).status,
    ).toBe(409); // only a confirmed booking moves
    const cancelled = await t
      .http()
      .post(`/api/v1/bookings/${booking.body.id}/cancel`)
      .set(student.auth)
      .send({ reason: 'Plans changed' });
    expect(cancelled.status).toBe(200);
    expect(
      (await t.http().post(`/api/v1/bookings/${booking.body.id}/cancel`).set(student.auth).send({}))
        .status,
    ).toBe(409);

    const feed = await t.http().get('/api/v1/users/me/calendar').set(tutor.auth);
    expect(feed.status).toBe(200);
    expect((await t.http().get(feed.body.url)).status).toBe(200);
    expect(
      (await t.http().post('/api/v1/users/me/calendar/regenerate').set(tutor.auth)).status,
    ).toBe(200);
    expect((await t.http().get(feed.body.url)).status).toBe(404);
  });
});
