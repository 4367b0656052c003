import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { given, WITH_ADMIN, type Actor } from '../support/given.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// The document is walked freely, as JSON.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
interface Operation {
  operationId: string;
  summary?: string;
  tags?: string[];
  security?: Json[];
  parameters?: { name: string; in: string; required?: boolean; schema?: Json }[];
  requestBody?: { content: Record<string, { schema: Json }> };
  responses: Record<string, Json>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const REDOCLY_CONFIG = 'libs/platform/src/http/openapi/redocly.yaml';

/** The routes anyone may call: the auth flows, the catalogue, the probes and the feed. */
const PUBLIC_OPERATIONS = [
  'post /api/v1/auth/register',
  'post /api/v1/auth/login',
  'post /api/v1/auth/refresh',
  'post /api/v1/auth/password/forgot',
  'post /api/v1/auth/password/reset',
  'post /api/v1/auth/email/verify',
  'get /api/v1/subjects',
  'get /api/v1/tutors',
  'get /api/v1/tutors/{id}',
  'get /api/v1/tutors/{id}/reviews',
  'get /api/v1/tutors/{id}/slots',
  'get /api/v1/tutors/{id}/booking-settings',
  'get /api/v1/calendar/{file}',
  'get /health/live',
  'get /health/ready',
  'get /metrics',
];
/** Public by its signature check, once billing serves it. */
const PROVIDER_WEBHOOK = 'post /api/v1/billing/webhooks/{provider}';

let t: TestApp;
let doc: Json;

const operations = (): [string, string, Operation][] =>
  Object.entries(doc.paths as Record<string, Json>).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map(
      (method) => [method, path, item[method] as Operation] as [string, string, Operation],
    ),
  );

const schemaOf = (schema: Json | undefined): Json | undefined =>
  schema?.$ref ? doc.components.schemas[schema.$ref.split('/').pop()] : schema;

beforeAll(async () => {
  t = await startTestApp({ env: WITH_ADMIN });
  doc = (await t.http().get('/docs-json')).body;
});

afterAll(() => t?.close());

describe('the OpenAPI document', () => {
  it('lints clean with Redocly’s recommended rules', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'openapi-'));
    try {
      const file = join(dir, 'openapi.json');
      await writeFile(file, JSON.stringify(doc));
      const { stdout, stderr } = await promisify(execFile)(
        process.execPath,
        [
          'node_modules/@redocly/cli/bin/cli.js',
          'lint',
          file,
          '--config',
          REDOCLY_CONFIG,
          '--format',
          'json',
        ],
        {
          env: {
            ...process.env,
            REDOCLY_TELEMETRY: 'off',
            REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
          },
          maxBuffer: 16 * 1024 * 1024,
        },
      ).catch((error: { stdout: string; stderr: string }) => error);
      const report = JSON.parse(stdout) as {
        totals: { errors: number; warnings: number };
        problems: { ruleId: string; message: string; location: { pointer: string }[] }[];
      };
      const problems = report.problems.map(
        (problem) => `${problem.ruleId} ${problem.location[0]?.pointer}: ${problem.message}`,
      );
      expect({ problems, stderr: report.totals.errors ? stderr : '' }).toEqual({
        problems: [],
        stderr: '',
      });
      expect(report.totals).toEqual({ errors: 0, warnings: 0, ignored: 0 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('gives every operation a summary, a tag and a unique id, and sets servers', () => {
    const ids = operations().map(([, , operation]) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [method, path, operation] of operations()) {
      expect({ method, path, summary: typeof operation.summary }).toEqual({
        method,
        path,
        summary: 'string',
      });
      expect(operation.tags?.length).toBeGreaterThan(0);
    }
    expect(doc.servers.length).toBeGreaterThan(0);
  });

  it('marks exactly the public operations `security: []`; the rest need the bearer token', () => {
    expect(doc.security).toEqual([{ bearer: [] }]);
    const open = operations()
      .filter(([, , operation]) => Array.isArray(operation.security) && !operation.security.length)
      .map(([method, path]) => `${method} ${path}`)
      .filter((operation) => !operation.includes('/api/v1/test/'));
    const expected = doc.paths['/api/v1/billing/webhooks/{provider}']?.post
      ? [...PUBLIC_OPERATIONS, PROVIDER_WEBHOOK]
      : PUBLIC_OPERATIONS;
    expect(open.sort()).toEqual([...expected].sort());
    for (const [method, path, operation] of operations()) {
      if (open.includes(`${method} ${path}`)) continue;
      expect({ path, security: operation.security }).toEqual({ path, security: undefined });
      expect({ path, has401: '401' in operation.responses }).toEqual({ path, has401: true });
    }
  });

  it('shows only tags with operations, and gathers every admin operation under `admin`', () => {
    const used = new Set(operations().flatMap(([, , operation]) => operation.tags ?? []));
    expect((doc.tags as { name: string }[]).map((tag) => tag.name).sort()).toEqual(
      [...used].sort(),
    );
    const admin = operations()
      .filter(([, , operation]) => operation.tags?.includes('admin'))
      .map(([method, path]) => `${method} ${path}`);
    expect(admin).toEqual(
      expect.arrayContaining([
        'get /api/v1/admin/users',
        'patch /api/v1/admin/users/{id}',
        'get /api/v1/admin/audit-events',
        'get /api/v1/admin/tutors',
        'patch /api/v1/admin/tutors/{id}',
        'post /api/v1/subjects',
        'patch /api/v1/subjects/{id}',
        'delete /api/v1/subjects/{id}',
      ]),
    );
    for (const [method, path, operation] of operations())
      if (path.startsWith('/api/v1/admin/'))
        expect({ method, path, tags: operation.tags }).toEqual({
          method,
          path,
          tags: expect.arrayContaining(['admin']),
        });
  });

  it('types path ids as uuids and documents the 400 of a malformed one', () => {
    for (const [method, path, operation] of operations()) {
      for (const parameter of operation.parameters ?? []) {
        if (parameter.in !== 'path' || parameter.name !== 'id') continue;
        expect({ method, path, schema: parameter.schema }).toEqual({
          method,
          path,
          schema: { type: 'string', format: 'uuid' },
        });
        const examples = Object.values(
          operation.responses['400']?.content['application/problem+json'].examples ?? {},
        ) as { value: Json }[];
        // Nest's ParseUUIDPipe answers request.invalid; ParseIdPipe names the parameter.
        const refused = examples.some(
          ({ value }) =>
            value.code === 'request.invalid' ||
            (value.errors as { field: string }[] | undefined)?.some(
              (error) => error.field === parameter.name,
            ),
        );
        expect({ method, path, refused }).toEqual({ method, path, refused: true });
      }
    }
  });

  it('gives every error response problem+json examples whose status and instance fit the route', () => {
    for (const [, path, operation] of operations()) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) < 400) continue;
        const media = response.content?.['application/problem+json'];
        expect({ path, status, media: Boolean(media) }).toEqual({ path, status, media: true });
        const examples = Object.values(media.examples ?? { single: { value: media.example } });
        expect(examples.length).toBeGreaterThan(0);
        for (const { value } of examples as { value: Json }[]) {
          expect({ path, status: value.status }).toEqual({ path, status: Number(status) });
          expect(value.type).toBe(`https://etutors.dev/problems/${value.code}`);
          expect(value.instance).toMatch(new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`));
        }
      }
    }
  });

  it('documents the codes a route really raises', () => {
    const codes = (method: string, path: string, status: string) =>
      Object.keys(
        doc.paths[path][method].responses[status].content['application/problem+json'].examples,
      );
    expect(codes('post', '/api/v1/bookings', '409')).toEqual(
      expect.arrayContaining(['booking.slot_taken', 'booking.student_busy']),
    );
    expect(codes('post', '/api/v1/bookings', '422')).toEqual(
      expect.arrayContaining(['booking.in_past', 'booking.within_notice', 'booking.off_grid']),
    );
    expect(codes('post', '/api/v1/auth/register', '409')).toEqual(['identity.email_taken']);
    expect(codes('post', '/api/v1/auth/login', '401')).toEqual(['identity.invalid_credentials']);
    expect(codes('post', '/api/v1/auth/login', '429')).toEqual(['rate_limit.exceeded']);
    expect(codes('post', '/api/v1/subjects', '403')).toEqual(['auth.forbidden']);
    expect(codes('delete', '/api/v1/subjects/{id}', '409')).toEqual(['subject.in_use']);
    expect(Object.keys(doc.paths['/api/v1/bookings'].post.responses)).toEqual(
      expect.arrayContaining(['201', '400', '401', '403', '409', '413', '415', '422']),
    );
  });

  it('states the constraints: integers, date-times, uuids, lengths, patterns, enums, nullability', () => {
    const schemas = doc.components.schemas as Record<string, Json>;
    const pageParameters = doc.paths['/api/v1/bookings'].get.parameters as Json[];
    expect(pageParameters.find((parameter) => parameter.name === 'limit')!.schema).toMatchObject({
      type: 'integer',
      minimum: 1,
      maximum: 100,
    });
    expect(schemas.PageMetaDto!.properties.total.type).toBe('integer');
    expect(schemas.BookingDto!.properties.startsAt).toMatchObject({
      type: 'string',
      format: 'date-time',
    });
    expect(schemas.BookingDto!.properties.cancelledBy).toMatchObject({ nullable: true });
    expect(schemas.CreateBookingDto!.properties.durationMinutes).toMatchObject({
      type: 'integer',
      enum: [30, 45, 60, 90, 120],
    });
    expect(schemas.CreateBookingDto!.properties.tutorId.format).toBe('uuid');
    expect(schemas.CreateSubjectDto!.properties.slug).toMatchObject({
      maxLength: 80,
      pattern: expect.any(String),
    });
    expect(schemas.WeeklyWindowDto!.properties.weekday.type).toBe('integer');
    expect(schemas.UserDto!.properties.createdAt.format).toBe('date-time');
  });

  it('refuses unknown fields in every request body DTO, as the validation pipe does', () => {
    for (const [method, path, operation] of operations()) {
      const body = operation.requestBody?.content['application/json']?.schema;
      // An inline schema is not a DTO (a provider's webhook event is taken as it comes).
      if (!body?.$ref) continue;
      const schema = schemaOf(body)!;
      expect({ method, path, additionalProperties: schema.additionalProperties }).toEqual({
        method,
        path,
        additionalProperties: false,
      });
    }
  });
});

/**
 * Careless input, as a new user or an OpenAPI fuzzer sends it: every operation of the document,
 * every parameter and body field with values that are out of range, of the wrong type, with NUL
 * characters, empty or deeply nested. Whatever the route, the answer is never a 5xx.
 */
describe('careless input on every documented operation', () => {
  const NUL = 'a\u0000b';
  const CARELESS_VALUES: unknown[] = [
    NUL,
    '',
    'x'.repeat(3000),
    '1e20',
    Number('99999999999999999999'),
    -1,
    1.5,
    1e308,
    true,
    null,
    {},
    [],
    [NUL],
    { nested: { deeper: NUL } },
  ];
  const CARELESS_TEXT = [
    'not-a-uuid',
    '00000000-0000-0000-0000-000000000000',
    NUL,
    '1e20',
    '99999999999999999999',
    '-1',
    '',
    'x'.repeat(2000),
    '%',
  ];

  const deeplyNested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

  /** A plausible value for a schema, so one careless field at a time reaches the service. */
  function sample(schema: Json | undefined, depth = 0): unknown {
    const resolved = schemaOf(schema);
    if (!resolved || depth > 5) return 'x';
    if (resolved.enum) return resolved.enum[0];
    if (resolved.example !== undefined) return resolved.example;
    switch (resolved.type) {
      case 'object':
        return Object.fromEntries(
          Object.entries((resolved.properties ?? {}) as Record<string, Json>).map(
            ([key, value]) => [key, sample(value, depth + 1)],
          ),
        );
      case 'array':
        return [sample(resolved.items, depth + 1)];
      case 'integer':
      case 'number':
        return resolved.minimum ?? 1;
      case 'boolean':
        return true;
      default:
        if (resolved.format === 'uuid') return randomUUID();
        if (resolved.format === 'date-time') return new Date(Date.now() + 86_400_000).toISOString();
        return 'careless';
    }
  }

  let root: Actor;
  let sent = 0;

  beforeAll(async () => {
    // An admin who is also a student and a tutor passes every role check, so careless values
    // reach the validation and the services behind each route.
    const admin = await given(t).admin();
    const user = await given(t).student();
    const patch = await t
      .http()
      .patch(`/api/v1/admin/users/${user.id}`)
      .set(admin.auth)
      .send({ roles: ['student', 'tutor', 'admin'] });
    expect(patch.status).toBe(200);
    const login = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: user.email, password: user.password });
    expect(login.status).toBe(200);
    root = {
      ...user,
      token: login.body.accessToken,
      auth: { authorization: `Bearer ${login.body.accessToken}` },
    };
  });

  async function send(
    method: string,
    url: string,
    body?: { raw: string; type: string } | { json: unknown },
  ): Promise<string | undefined> {
    sent += 1;
    const test = await t.app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method: method.toUpperCase() as 'GET',
        url,
        headers: {
          ...root.auth,
          ...(body ? { 'content-type': 'raw' in body ? body.type : 'application/json' } : {}),
        },
        payload: body ? ('raw' in body ? body.raw : JSON.stringify(body.json)) : undefined,
      });
    const status = test.statusCode as number;
    if (status >= 500)
      return `${method.toUpperCase()} ${url} ${body ? JSON.stringify(body).slice(0, 200) : ''} → ${status}`;
    if (
      status >= 400 &&
      !String(test.headers['content-type']).startsWith('application/problem+json')
    )
      return `${method.toUpperCase()} ${url} → ${status} without problem+json`;
    return undefined;
  }

  it('never answers 5xx, and every refusal is problem+json', async () => {
    const failures: string[] = [];
    const record = (failure: string | undefined) => failure && failures.push(failure);
    for (const [method, template, operation] of operations()) {
      if (template.startsWith('/api/v1/test/')) continue;
      const pathParameters = (operation.parameters ?? []).filter((p) => p.in === 'path');
      const queryParameters = (operation.parameters ?? []).filter((p) => p.in === 'query');
      const fill = (value: (name: string) => string) =>
        template.replace(/\{([^}]+)\}/g, (_match, name: string) => encodeURIComponent(value(name)));
      const validPath = fill((name) =>
        schemaOf(pathParameters.find((p) => p.name === name)?.schema)?.format === 'uuid'
          ? randomUUID()
          : 'careless.ics',
      );
      const validQuery = new URLSearchParams(
        queryParameters
          .filter((p) => p.required)
          .map((p) => [p.name, String(sample(p.schema))] as [string, string]),
      );
      const bodySchema = operation.requestBody?.content['application/json']?.schema;
      const validBody = bodySchema ? sample(bodySchema) : undefined;

      for (const value of CARELESS_TEXT)
        if (pathParameters.length)
          record(
            await send(
              method,
              `${fill(() => value)}?${validQuery}`,
              validBody === undefined ? undefined : { json: validBody },
            ),
          );

      for (const parameter of queryParameters)
        for (const value of [...CARELESS_TEXT, '1e+21', 'true']) {
          const query = new URLSearchParams(validQuery);
          query.set(parameter.name, value);
          record(await send(method, `${validPath}?${query}`));
          query.append(parameter.name, value); // the same parameter twice arrives as an array
          record(await send(method, `${validPath}?${query}`));
        }

      const url = `${validPath}?${validQuery}`;
      if (method === 'get' || method === 'delete') continue;
      for (const raw of [
        'null',
        '{}',
        '[]',
        '"text"',
        '42',
        deeplyNested(3000),
        '{"a":',
        `{"x":"${'\\u0000'}"}`,
      ])
        record(await send(method, url, { raw, type: 'application/json' }));
      record(
        await send(method, url, { raw: 'a=1&b=2', type: 'application/x-www-form-urlencoded' }),
      );
      record(await send(method, url, { raw: 'hello', type: 'text/plain' }));
      if (validBody && typeof validBody === 'object' && !Array.isArray(validBody)) {
        record(await send(method, url, { json: { ...validBody, unknownField: NUL } }));
        for (const field of Object.keys(validBody))
          for (const value of CARELESS_VALUES)
            record(await send(method, url, { json: { ...validBody, [field]: value } }));
        for (const field of Object.keys(validBody)) {
          const { [field]: _omitted, ...rest } = validBody as Json;
          record(await send(method, url, { json: rest }));
        }
      }
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(500);
  }, 300_000);
});
