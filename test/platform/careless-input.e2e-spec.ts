import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { given, WITH_ADMIN, type Actor } from '../support/given.js';

type Headers = Record<string, string>;
import { eventually, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Careless input, as a new user or a fuzzer sends it, is refused by one global pass with a 400
 * (or 415) problem+json naming the field, and changes nothing: no row, no audit entry, no event.
 */
describe('Careless input', () => {
  let t: TestApp;
  let admin: Actor;
  let student: Actor;
  let tutor: Actor;

  beforeAll(async () => {
    t = await startTestApp({ env: WITH_ADMIN });
    const g = given(t);
    admin = await g.admin();
    student = await g.student('Careful Student');
    const subject = await g.subject(admin);
    tutor = await g.approvedTutor(admin, { subjectIds: [subject.id] });
    // The set-up's events are relayed before any snapshot is taken.
    await eventually(async () => {
      const [{ count }] = await t.dataSource.query(
        'SELECT count(*)::int AS count FROM platform.outbox WHERE published_at IS NULL',
      );
      return count === 0;
    });
  });
  afterAll(() => t.close());

  /** Everything a refused request could have written, directly or through its events. */
  async function snapshot() {
    const [row] = await t.dataSource.query(
      `SELECT (SELECT count(*) FROM identity.users) AS users,
              (SELECT count(*) FROM identity.audit_events) AS audit,
              (SELECT count(*) FROM identity.one_time_tokens) AS tokens,
              (SELECT count(*) FROM tutoring.subjects) AS subjects,
              (SELECT count(*) FROM tutoring.tutor_revisions) AS revisions,
              (SELECT count(*) FROM scheduling.bookings) AS bookings,
              (SELECT count(*) FROM scheduling.time_off) AS time_off,
              (SELECT count(*) FROM platform.outbox) AS events,
              (SELECT display_name FROM identity.users WHERE id = $1) AS student_name,
              (SELECT string_agg(name || '/' || category, ',' ORDER BY id) FROM tutoring.subjects)
                AS subject_names`,
      [student.id],
    );
    return row as Record<string, string>;
  }

  /** A 400 problem+json whose errors name `field`. */
  function expectFieldRefused(res: Response, field: string, message?: RegExp) {
    expect({ status: res.status, body: res.body }).toMatchObject({
      status: 400,
      body: {
        type: expect.stringContaining('request.validation_failed'),
        title: 'Bad Request',
        status: 400,
        code: 'request.validation_failed',
        detail: expect.any(String),
        instance: expect.stringMatching(/^\/api\/v1\//),
      },
    });
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors).toContainEqual({
      field,
      message: message ? expect.stringMatching(message) : expect.any(String),
    });
  }

  describe('a huge page on every paged list', () => {
    const pagedLists = () => [
      { path: '/api/v1/admin/users', auth: admin.auth },
      { path: '/api/v1/admin/audit-events', auth: admin.auth },
      { path: '/api/v1/admin/tutors', auth: admin.auth },
      { path: '/api/v1/bookings', auth: student.auth },
      { path: '/api/v1/lessons', auth: student.auth },
      { path: '/api/v1/tutors', auth: {} },
      { path: `/api/v1/tutors/${tutor.id}/reviews`, auth: {} },
    ];

    it.each(['1e20', '99999999999999999999', '1e300', '9007199254740993', '1000001'])(
      'page=%s is a 400 naming page, never a 500',
      async (page) => {
        for (const list of pagedLists()) {
          const res = await t.http().get(`${list.path}?page=${page}`).set(list.auth);
          expectFieldRefused(res, 'page', /page must not be greater than 1000000/);
        }
      },
    );

    it('the last page allowed is read (empty, with the total) rather than refused', async () => {
      for (const list of pagedLists()) {
        const res = await t.http().get(`${list.path}?page=1000000&limit=100`).set(list.auth);
        expect({ path: list.path, status: res.status }).toEqual({ path: list.path, status: 200 });
        expect(res.body).toMatchObject({ data: [], meta: { page: 1000000, limit: 100 } });
      }
    });
  });

  describe('control characters in text', () => {
    it('a NUL in the login or forgot-password e-mail is a 400, and no attempt is recorded', async () => {
      const before = await snapshot();
      const login = await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: `${student.email}\u0000`, password: student.password });
      expectFieldRefused(login, 'email', /control characters/);
      const forgot = await t
        .http()
        .post('/api/v1/auth/password/forgot')
        .send({ email: `x\u0000${student.email}` });
      expectFieldRefused(forgot, 'email', /control characters/);
      expect(await snapshot()).toEqual(before);
    });

    it('display names and subject names refuse NUL and other control characters', async () => {
      const before = await snapshot();
      expectFieldRefused(
        await t
          .http()
          .post('/api/v1/auth/register')
          .send({
            email: `nul-${randomUUID()}@etutors.test`,
            password: 'a long enough password 123',
            displayName: 'Ada\u0000',
            role: 'student',
          }),
        'displayName',
      );
      expectFieldRefused(
        await t
          .http()
          .patch('/api/v1/users/me')
          .set(student.auth)
          .send({ displayName: 'Bell\u0007' }),
        'displayName',
      );
      expectFieldRefused(
        await t
          .http()
          .post('/api/v1/subjects')
          .set(admin.auth)
          .send({ slug: 'nul-subject', name: 'Nul\u0000', category: 'Testing' }),
        'name',
      );
      expectFieldRefused(
        await t
          .http()
          .put('/api/v1/tutors/me/availability')
          .set(tutor.auth)
          .send({
            timezone: 'Europe/Berlin',
            weekly: [{ weekday: 1, start: '09:00\u0000', end: '17:00' }],
            bufferMinutes: 0,
            minNoticeMinutes: 0,
            maxAdvanceDays: 30,
          }),
        'weekly.0.start',
      );
      expect(await snapshot()).toEqual(before);
    });

    it('half a surrogate pair, which PostgreSQL refuses in event payloads, is a 400', async () => {
      const before = await snapshot();
      const res = await t
        .http()
        .patch('/api/v1/users/me')
        .set(student.auth)
        .set('content-type', 'application/json')
        .send('{"displayName":"Ada \\ud800 Lovelace"}');
      expectFieldRefused(res, 'displayName', /unpaired surrogates/);
      expect(await snapshot()).toEqual(before);
      // A whole pair is an ordinary character.
      const emoji = await t
        .http()
        .patch('/api/v1/users/me')
        .set(student.auth)
        .send({ displayName: 'Careful Student \u{1F600}' });
      expect(emoji.status).toBe(200);
      expect(emoji.body.displayName).toBe('Careful Student \u{1F600}');
      await t
        .http()
        .patch('/api/v1/users/me')
        .set(student.auth)
        .send({ displayName: 'Careful Student' });
    });

    it('searches, query strings and path segments refuse them too', async () => {
      expectFieldRefused(await t.http().get('/api/v1/tutors?q=al%00gebra'), 'q');
      expectFieldRefused(await t.http().get('/api/v1/admin/users?q=ada%00').set(admin.auth), 'q');
      // Single-line by nature: not even a line break.
      expectFieldRefused(await t.http().get('/api/v1/tutors?q=al%0Agebra'), 'q');
      expectFieldRefused(await t.http().get('/api/v1/calendar/abc%00def.ics'), 'file');
    });
  });

  describe('tabs and line breaks in single-line fields', () => {
    it('names, e-mails, headlines, slugs, subject names and reasons refuse them; nothing changes', async () => {
      const before = await snapshot();
      const unknownId = randomUUID();
      const refusals: [Promise<Response>, string][] = [
        [
          t
            .http()
            .post('/api/v1/auth/register')
            .send({
              email: `tab-${randomUUID()}@etutors.test`,
              password: 'a long enough password 123',
              displayName: 'Ada\tLovelace',
              role: 'student',
            }),
          'displayName',
        ],
        [
          t.http().patch('/api/v1/users/me').set(student.auth).send({ displayName: 'Ada\nBell' }),
          'displayName',
        ],
        [
          t
            .http()
            .patch('/api/v1/users/me')
            .set(student.auth)
            .send({ displayName: 'Ada\u2028Bell' }),
          'displayName',
        ],
        [
          t
            .http()
            .post('/api/v1/auth/login')
            .send({ email: `${student.email}\r\nBcc: x@y.z`, password: student.password }),
          'email',
        ],
        [
          t
            .http()
            .post('/api/v1/auth/password/forgot')
            .send({ email: `${student.email}\nBcc: x@y.z` }),
          'email',
        ],
        [
          t
            .http()
            .post('/api/v1/subjects')
            .set(admin.auth)
            .send({ slug: 'tabbed', name: 'Linear\talgebra', category: 'Maths' }),
          'name',
        ],
        [
          t
            .http()
            .post('/api/v1/subjects')
            .set(admin.auth)
            .send({ slug: 'tabbed', name: 'Linear algebra', category: 'Ma\nths' }),
          'category',
        ],
        [
          t
            .http()
            .put('/api/v1/tutors/me')
            .set(tutor.auth)
            .send({
              headline: 'Patient\nand precise',
              bio: 'Fine\nhere',
              subjectIds: [randomUUID()],
              hourlyRate: { amount: 4000, currency: 'USD' },
              languages: ['en'],
              timezone: 'Europe/Berlin',
            }),
          'headline',
        ],
        [
          t
            .http()
            .put('/api/v1/tutors/me/availability')
            .set(tutor.auth)
            .send({
              timezone: 'Europe/Berlin',
              weekly: [{ weekday: 1, start: '09:00', end: '17:00\t' }],
              bufferMinutes: 0,
              minNoticeMinutes: 0,
              maxAdvanceDays: 30,
            }),
          'weekly.0.end',
        ],
        [
          t.http().post('/api/v1/tutors/me/time-off').set(tutor.auth).send({
            startsAt: '2027-01-04T00:00:00Z',
            endsAt: '2027-01-05T00:00:00Z',
            reason: 'Away\nall day',
          }),
          'reason',
        ],
        [
          t
            .http()
            .post(`/api/v1/bookings/${unknownId}/cancel`)
            .set(student.auth)
            .send({ reason: 'Ill\r\nreally' }),
          'reason',
        ],
        [
          t
            .http()
            .patch(`/api/v1/admin/users/${unknownId}`)
            .set(admin.auth)
            .send({ status: 'suspended', reason: 'Spam\tspam' }),
          'reason',
        ],
      ];
      for (const [request, field] of refusals)
        expectFieldRefused(await request, field, /must be a single line/);
      expect(await snapshot()).toEqual(before);
    });

    it('a multi-line field beside them does not excuse them, and is not refused itself', async () => {
      const res = await t
        .http()
        .put('/api/v1/tutors/me')
        .set(tutor.auth)
        .send({
          headline: 'Patient\tand precise',
          bio: 'One\ntwo',
          subjectIds: [randomUUID()],
          hourlyRate: { amount: 4000, currency: 'USD' },
          languages: ['en'],
          timezone: 'Europe/Berlin',
        });
      expectFieldRefused(res, 'headline');
      expect(res.body.errors.map((e: { field: string }) => e.field)).not.toContain('bio');
    });
  });

  describe('date-times a JavaScript Date cannot read', () => {
    const unreadable = ['2026-W01-1', '20261201T090000Z', '2026-335', '2026-02-30', '2026-13-01'];

    it('are a 400 naming the field on every date filter, never a 500', async () => {
      const filters = () => [
        { path: '/api/v1/bookings', auth: student.auth, extra: {} },
        { path: '/api/v1/lessons', auth: student.auth, extra: {} },
        { path: '/api/v1/lessons', auth: admin.auth, extra: {} },
        {
          path: `/api/v1/tutors/${tutor.id}/slots`,
          auth: {},
          extra: { from: '2026-12-01T00:00:00Z', to: '2026-12-02T00:00:00Z', duration: 60 },
        },
      ];
      for (const value of unreadable)
        for (const filter of filters())
          for (const field of ['from', 'to']) {
            const res = await t
              .http()
              .get(filter.path)
              .query({ ...filter.extra, [field]: value })
              .set(filter.auth);
            expect({ path: filter.path, field, value, status: res.status }).toEqual({
              path: filter.path,
              field,
              value,
              status: 400,
            });
            expectFieldRefused(res, field);
          }
    });

    it('a date alone still filters (as 00:00 UTC); on slots, which need instants, it is refused', async () => {
      for (const path of ['/api/v1/bookings', '/api/v1/lessons']) {
        const res = await t
          .http()
          .get(path)
          .query({ from: '2026-12-01', to: '2027-12-01' })
          .set(student.auth);
        expect({ path, status: res.status }).toEqual({ path, status: 200 });
      }
      expectFieldRefused(
        await t
          .http()
          .get(`/api/v1/tutors/${tutor.id}/slots`)
          .query({ from: '2026-12-01', to: '2026-12-02T00:00:00Z', duration: 60 }),
        'from',
        /date-time with an offset/,
      );
    });

    it('in a body are a 400 naming the field, and nothing is booked', async () => {
      const before = await snapshot();
      for (const value of unreadable)
        expectFieldRefused(
          await t.http().post('/api/v1/bookings').set(student.auth).send({
            tutorId: tutor.id,
            subjectId: randomUUID(),
            startsAt: value,
            durationMinutes: 60,
          }),
          'startsAt',
          /date-time with an offset/,
        );
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('deeply nested bodies', () => {
    const nested = (depth: number) =>
      `{"email":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)},"password":"x"}`;

    it('a login body nested 3,000 deep is a 400 naming the field, not a stack overflow', async () => {
      const before = await snapshot();
      const res = await t
        .http()
        .post('/api/v1/auth/login')
        .set('content-type', 'application/json')
        .send(nested(3000));
      expectFieldRefused(res, 'email', /nested deeper than 32 levels/);
      expect(await snapshot()).toEqual(before);
    });

    it('the limit is 32 levels: shallower bodies reach ordinary validation', async () => {
      const tooDeep = await t
        .http()
        .post('/api/v1/auth/login')
        .set('content-type', 'application/json')
        .send(nested(32));
      expectFieldRefused(tooDeep, 'email', /nested deeper/);
      const shallow = await t
        .http()
        .post('/api/v1/auth/login')
        .set('content-type', 'application/json')
        .send(nested(31));
      expectFieldRefused(shallow, 'email', /must be a string/);
      expect(shallow.body.errors).not.toContainEqual(
        expect.objectContaining({ message: expect.stringMatching(/nested/) }),
      );
    });
  });

  describe('bodies that are not JSON', () => {
    const expect415 = (res: Response) => {
      expect(res.status).toBe(415);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toEqual({
        type: expect.stringContaining('request.unsupported_media_type'),
        title: 'Unsupported Media Type',
        status: 415,
        detail: 'Send the body as application/json',
        code: 'request.unsupported_media_type',
        instance: expect.stringMatching(/^\/api\/v1\//),
        requestId: expect.any(String),
      });
    };

    it('a form is a 415 problem+json and logs nobody in', async () => {
      const before = await snapshot();
      expect415(
        await t
          .http()
          .post('/api/v1/auth/login')
          .type('form')
          .send({ email: student.email, password: student.password }),
      );
      expect415(
        await t
          .http()
          .patch('/api/v1/users/me')
          .set(student.auth)
          .type('form')
          .send({ displayName: 'Formed' }),
      );
      expect(await snapshot()).toEqual(before);
    });

    it('plain text, or a body with no content type, is a 415 problem+json', async () => {
      expect415(
        await t
          .http()
          .post('/api/v1/auth/login')
          .set('content-type', 'text/plain')
          .send(`{"email":"${student.email}","password":"${student.password}"}`),
      );
      expect415(await t.http().post('/api/v1/auth/password/forgot').send(Buffer.from('hello')));
    });

    it('JSON with a charset is still JSON', async () => {
      const res = await t
        .http()
        .post('/api/v1/auth/login')
        .set('content-type', 'application/json; charset=utf-8')
        .send(JSON.stringify({ email: student.email, password: student.password }));
      expect(res.status).toBe(200);
    });
  });

  describe('a body that is not an object', () => {
    /** Every route that reads a body, called by someone its guards let through. */
    const bodyRoutes = (): { method: 'post' | 'put' | 'patch'; path: string; auth: Headers }[] => {
      const id = randomUUID();
      return [
        { method: 'post', path: '/api/v1/auth/register', auth: {} },
        { method: 'post', path: '/api/v1/auth/login', auth: {} },
        { method: 'post', path: '/api/v1/auth/refresh', auth: {} },
        { method: 'post', path: '/api/v1/auth/logout', auth: student.auth },
        { method: 'post', path: '/api/v1/auth/password/forgot', auth: {} },
        { method: 'post', path: '/api/v1/auth/password/reset', auth: {} },
        { method: 'post', path: '/api/v1/auth/email/verify', auth: {} },
        { method: 'patch', path: '/api/v1/users/me', auth: student.auth },
        { method: 'patch', path: `/api/v1/admin/users/${id}`, auth: admin.auth },
        { method: 'put', path: '/api/v1/tutors/me/availability', auth: tutor.auth },
        { method: 'post', path: '/api/v1/tutors/me/time-off', auth: tutor.auth },
        { method: 'post', path: '/api/v1/bookings', auth: student.auth },
        { method: 'post', path: `/api/v1/bookings/${id}/cancel`, auth: student.auth },
        { method: 'post', path: `/api/v1/bookings/${id}/reschedule`, auth: student.auth },
        { method: 'post', path: '/api/v1/subjects', auth: admin.auth },
        { method: 'patch', path: `/api/v1/subjects/${id}`, auth: admin.auth },
        { method: 'put', path: '/api/v1/tutors/me', auth: tutor.auth },
        { method: 'patch', path: `/api/v1/admin/tutors/${id}`, auth: admin.auth },
        { method: 'patch', path: `/api/v1/lessons/${id}/notes`, auth: tutor.auth },
        { method: 'post', path: `/api/v1/lessons/${id}/review`, auth: student.auth },
      ];
    };

    it.each(['null', '[]', '"x"', '1', 'true'])(
      'a %s body is a 400 naming the body on every route, and changes nothing',
      async (body) => {
        const before = await snapshot();
        for (const route of bodyRoutes()) {
          const res = await t
            .http()
            [route.method](route.path)
            .set(route.auth)
            .set('content-type', 'application/json')
            .send(body);
          expect({ route: route.path, status: res.status }).toEqual({
            route: route.path,
            status: 400,
          });
          expectFieldRefused(res, 'body', /body must be a JSON object/);
        }
        expect(await snapshot()).toEqual(before);
      },
    );

    it('an empty JSON body is a 400 problem+json', async () => {
      const res = await t
        .http()
        .patch('/api/v1/users/me')
        .set(student.auth)
        .set('content-type', 'application/json')
        .send('');
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 400, code: 'request.invalid' });
    });

    it('no body at all is still fine where every field is optional', async () => {
      const res = await t.http().patch('/api/v1/users/me').set(student.auth);
      expect(res.status).toBe(200);
      expect(res.body.displayName).toBe('Careful Student');
    });
  });

  it('a URL the router cannot read is answered with problem+json, not Fastify’s own JSON', async () => {
    const badEncoding = await t.http().get('/api/v1/tutors/%E0%A4%A');
    expect(badEncoding.status).toBe(400);
    expect(badEncoding.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(badEncoding.body).toMatchObject({ status: 400, code: 'request.invalid' });
    const longParam = await t.http().get(`/api/v1/calendar/${'x'.repeat(3000)}.ics`);
    expect(longParam.status).toBe(414);
    // Answered before any hook ran, it still carries what every response carries.
    expect(longParam.headers).toMatchObject({
      'x-request-id': longParam.body.requestId,
      'x-content-type-options': 'nosniff',
    });
    expect(longParam.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(longParam.body).toMatchObject({
      type: expect.stringContaining('request.uri_too_long'),
      title: 'URI Too Long',
      status: 414,
      code: 'request.uri_too_long',
      detail: expect.any(String),
      instance: expect.stringMatching(/^\/api\/v1\/calendar\//),
    });
  });

  it('a path id that is not a UUID is a 400 on every route that takes one', async () => {
    const routes: {
      method: 'get' | 'post' | 'put' | 'patch' | 'delete';
      path: string;
      auth: Headers;
    }[] = [
      { method: 'patch', path: '/api/v1/admin/users/nope', auth: admin.auth },
      { method: 'get', path: '/api/v1/bookings/nope', auth: student.auth },
      { method: 'post', path: '/api/v1/bookings/nope/cancel', auth: student.auth },
      { method: 'post', path: '/api/v1/bookings/nope/reschedule', auth: student.auth },
      { method: 'delete', path: '/api/v1/tutors/me/time-off/nope', auth: tutor.auth },
      { method: 'get', path: '/api/v1/tutors/nope/slots', auth: {} },
      { method: 'get', path: '/api/v1/tutors/nope', auth: {} },
      { method: 'get', path: '/api/v1/tutors/nope/reviews', auth: {} },
      { method: 'patch', path: '/api/v1/admin/tutors/nope', auth: admin.auth },
      { method: 'patch', path: '/api/v1/subjects/nope', auth: admin.auth },
      { method: 'delete', path: '/api/v1/subjects/nope', auth: admin.auth },
      { method: 'get', path: '/api/v1/lessons/nope', auth: student.auth },
      { method: 'post', path: '/api/v1/lessons/nope/complete', auth: tutor.auth },
      { method: 'patch', path: '/api/v1/lessons/nope/notes', auth: tutor.auth },
      { method: 'post', path: '/api/v1/lessons/nope/review', auth: student.auth },
    ];
    for (const route of routes) {
      const res = await t.http()[route.method](route.path).set(route.auth);
      expect({ route: `${route.method} ${route.path}`, status: res.status }).toEqual({
        route: `${route.method} ${route.path}`,
        status: 400,
      });
      expectFieldRefused(res, 'id', /^id must be a UUID$/);
    }
  });

  it('every uuid path parameter the document lists is refused by name when malformed', async () => {
    const document = (await t.http().get('/docs-json')).body as {
      paths: Record<
        string,
        Record<
          string,
          { parameters?: { in: string; name: string; schema?: { format?: string } }[] }
        >
      >;
    };
    const actors = [admin, student, tutor];
    const unnamed: string[] = [];
    let checked = 0;
    for (const [template, item] of Object.entries(document.paths))
      for (const [method, operation] of Object.entries(item)) {
        const ids = (operation.parameters ?? []).filter(
          (p) => p.in === 'path' && p.schema?.format === 'uuid',
        );
        for (const id of ids) {
          const path = template.replace(/\{([^}]+)\}/g, (_m, name: string) =>
            name === id.name ? 'not-a-uuid' : randomUUID(),
          );
          // Whoever the guards let through reaches the pipe (money routes want a key first).
          let res: Response | undefined;
          for (const actor of actors) {
            res = await t
              .http()
              [method as 'get'](path)
              .set(actor.auth)
              .set('idempotency-key', randomUUID());
            if (res.status !== 401 && res.status !== 403) break;
          }
          const named =
            res!.status === 400 &&
            res!.body.code === 'request.validation_failed' &&
            (res!.body.errors ?? []).some(
              (e: { field: string; message: string }) =>
                e.field === id.name && e.message === `${id.name} must be a UUID`,
            );
          // Every route at once, so one run names all that still use Nest's ParseUUIDPipe.
          if (!named)
            unnamed.push(`${method.toUpperCase()} ${template}: ${res!.status} ${res!.body.code}`);
          checked += 1;
        }
      }
    expect(unnamed).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(20);
  });

  // Last: it writes a revision, which the snapshots above must not see.
  it('multi-line fields keep their line breaks and tabs', async () => {
    const bio = 'First line\nSecond line\r\n\tindented';
    const res = await t
      .http()
      .put('/api/v1/tutors/me')
      .set(tutor.auth)
      .send({
        headline: 'Patient and precise',
        bio,
        subjectIds: (await t.http().get('/api/v1/subjects')).body.map((s: { id: string }) => s.id),
        hourlyRate: { amount: 4000, currency: 'USD' },
        languages: ['en'],
        timezone: 'Europe/Berlin',
      });
    expect(res.status).toBe(200);
    expect(res.body.pendingRevision?.bio ?? res.body.bio).toBe(bio);
  });
});
