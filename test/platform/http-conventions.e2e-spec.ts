import { ACCESS_TOKEN_STRATEGY } from '@etutors/platform';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { PlatformFixturesModule } from './support/fixtures.js';

describe('HTTP conventions', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      imports: [PlatformFixturesModule],
      env: { BODY_LIMIT_BYTES: '2048' },
    });
  });
  afterAll(() => t.close());

  it('serves routes under /api/v1 and validates bodies into DTO instances', async () => {
    const res = await t
      .http()
      .post('/api/v1/test/echo')
      .send({ email: 'a@b.co', name: 'Ann', rating: 3 });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ email: 'a@b.co', name: 'Ann', rating: 3, kind: 'EchoDto' });
    expect((await t.http().post('/test/echo').send({})).status).toBe(404);
  });

  it('answers invalid bodies with 400 problem+json listing each field', async () => {
    const res = await t
      .http()
      .post('/api/v1/test/echo')
      .send({ email: 'nope', name: 'Ann', rating: 9 });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      type: expect.stringContaining('request.validation_failed'),
      title: 'Bad Request',
      status: 400,
      code: 'request.validation_failed',
      instance: '/api/v1/test/echo',
    });
    const fields = res.body.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(['email', 'rating']);
  });

  it('rejects unknown body fields with 400', async () => {
    const res = await t
      .http()
      .post('/api/v1/test/echo')
      .send({ email: 'a@b.co', name: 'A', rating: 1, roles: ['admin'] });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { field: 'roles', message: 'property roles should not exist' },
    ]);
  });

  it('answers unknown routes with 404 problem+json', async () => {
    const res = await t.http().get('/api/v1/no/such/route');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      status: 404,
      code: 'resource.not_found',
      instance: '/api/v1/no/such/route',
    });
  });

  it('maps domain errors to their status and stable code', async () => {
    const res = await t.http().get('/api/v1/test/conflict');
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      code: 'widget.taken',
      detail: 'That widget is taken',
      widgetId: 'w-1',
    });
  });

  it('never leaks SQL, stacks or driver messages on a 500', async () => {
    const res = await t.http().get('/api/v1/test/crash');
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({
      status: 500,
      code: 'internal.error',
      detail: 'Something went wrong on our side',
    });
    expect(JSON.stringify(res.body)).not.toMatch(/table_that_does_not_exist|relation|stack|at /);
  });

  it('requires a bearer token on routes that are not public', async () => {
    const res = await t.http().get('/api/v1/test/private');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('auth.unauthorized');
    const forged = await t
      .http()
      .get('/api/v1/test/private')
      .set('authorization', 'Bearer not.a.jwt');
    expect(forged.status).toBe(401);
  });

  it('echoes a sane X-Request-Id and mints one otherwise', async () => {
    const echoed = await t.http().get('/health/live').set('x-request-id', 'abc-123');
    expect(echoed.headers['x-request-id']).toBe('abc-123');
    const minted = await t.http().get('/health/live').set('x-request-id', 'bad id with spaces');
    expect(minted.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const onError = await t.http().get('/api/v1/no/such/route');
    expect(onError.headers['x-request-id']).toBeTruthy();
    expect(onError.body.requestId).toBe(onError.headers['x-request-id']);
  });

  it('refuses bodies over the limit with 413', async () => {
    const res = await t
      .http()
      .post('/api/v1/test/echo')
      .send({ email: 'a@b.co', name: 'x'.repeat(5000), rating: 1 });
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('sends security headers', async () => {
    const res = await t.http().get('/health/live');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toBeDefined();
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['content-security-policy']).toBe(
      "default-src 'none';frame-ancestors 'none'",
    );
  });

  it('serves the OpenAPI document with bearer auth and the platform tag', async () => {
    const res = await t.http().get('/docs-json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(res.body.components.securitySchemes.bearer).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    expect(res.body.paths['/health/ready']).toBeDefined();
    expect(res.body.paths['/api/v1/test/echo']).toBeDefined();
    const page = await t.http().get('/docs');
    expect(page.status).toBe(200);
    // The console runs scripts: it gets helmet's page set, not the API's deny-all policy.
    expect(page.headers['content-security-policy']).toContain("script-src 'self' 'unsafe-inline'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
  });

  it('exposes Prometheus metrics with request durations, queue depth and outbox lag', async () => {
    await t.http().get('/health/live');
    const res = await t.http().get('/metrics');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(
      /http_request_duration_seconds_bucket\{[^}]*route="\/health\/live"[^}]*status="200"/,
    );
    expect(res.text).toMatch(/job_queue_jobs\{queue="domain-events",state="waiting"\}/);
    expect(res.text).toMatch(/outbox_lag_seconds \d/);
  });
});

describe('a broken token strategy', () => {
  it('denies with 401 instead of answering 500 with its message', async () => {
    const t = await startTestApp({
      imports: [PlatformFixturesModule],
      override: (builder) =>
        builder.overrideProvider(ACCESS_TOKEN_STRATEGY).useValue({
          name: 'broken',
          authenticate() {
            throw new Error('key store unreachable');
          },
        }),
    });
    try {
      const res = await t.http().get('/api/v1/test/private').set('authorization', 'Bearer a.b.c');
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('auth.unauthorized');
      expect(JSON.stringify(res.body)).not.toContain('key store');
      expect((await t.http().get('/health/live')).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});

describe('DOCS_ENABLED=false', () => {
  it('turns /docs and /docs-json off', async () => {
    const t = await startTestApp({ env: { DOCS_ENABLED: 'false' } });
    try {
      expect((await t.http().get('/docs-json')).status).toBe(404);
      expect((await t.http().get('/docs')).status).toBe(404);
    } finally {
      await t.close();
    }
  });
});

describe('CORS', () => {
  const allowed = 'https://app.example.com';

  it('shares responses with the configured origins only, preflight included', async () => {
    const t = await startTestApp({
      env: { CORS_ORIGINS: `${allowed}, https://admin.example.com` },
    });
    try {
      const shared = await t.http().get('/health/live').set('origin', allowed);
      expect(shared.headers['access-control-allow-origin']).toBe(allowed);
      expect(shared.headers['access-control-allow-credentials']).toBe('true');
      expect(shared.headers['access-control-expose-headers']).toContain('X-Request-Id');
      const preflight = await t
        .http()
        .options('/api/v1/users/me')
        .set('origin', allowed)
        .set('access-control-request-method', 'PATCH')
        .set('access-control-request-headers', 'authorization,content-type');
      expect(preflight.status).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBe(allowed);
      expect(preflight.headers['access-control-allow-methods']).toContain('PATCH');
      const foreign = await t.http().get('/health/live').set('origin', 'https://evil.example');
      expect(foreign.status).toBe(200);
      expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await t.close();
    }
  });

  it('shares nothing cross-origin when no origin is configured', async () => {
    const t = await startTestApp({ env: { CORS_ORIGINS: undefined } });
    try {
      const res = await t.http().get('/health/live').set('origin', allowed);
      expect(res.status).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});
