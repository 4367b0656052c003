import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import type { Response } from 'supertest';
import { given } from '../support/given.js';
import { OpenApiContract, type OpenApiDocument } from '../support/openapi-contract.js';
import { seeded, Schemas, type Random, type Schema } from './support/schema-samples.js';
import { buildWorld, type Role, type World } from './support/world.js';

// A deeper search, locally: FUZZ_CASES=60 FUZZ_SEED=7 npx jest test/platform/fuzz.e2e-spec.ts
const CASES_PER_OPERATION = Number(process.env.FUZZ_CASES ?? 6);
const SEED = Number(process.env.FUZZ_SEED ?? 0x17_03);
const FUZZ_ROLES: Role[] = ['anonymous', 'student', 'tutor', 'admin'];
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

/**
 * Routes the generic fuzzer cannot drive, each with why; their refusals of bad input are tested
 * one by one below instead.
 */
const EXCLUDED: Record<string, string> = {
  'GET /api/v1/notifications/stream':
    'Server-Sent Events: an accepted request never ends, so a generated valid one would hang',
};

/** What a case varies: the body, the path ids, the query, the headers. */
type Kind = 'valid' | 'missing' | 'wrongType' | 'outOfRange' | 'unknownField' | 'malformed';
const KINDS: Kind[] = ['valid', 'missing', 'wrongType', 'outOfRange', 'unknownField', 'malformed'];

/**
 * Every operation of the application's own OpenAPI document, with valid and invalid bodies,
 * path ids, query parameters and headers generated from its schemas, as each role: never a 5xx,
 * every 4xx a problem+json, every response as the document describes it.
 */
describe('Fuzzing every route', () => {
  let world: World;
  let document: OpenApiDocument & { components: { schemas: Record<string, Schema> } };
  let contract: OpenApiContract;
  let schemas: Schemas;
  let spareSubjectId: string;

  beforeAll(async () => {
    world = await buildWorld();
    document = (await world.t.http().get('/docs-json')).body;
    contract = new OpenApiContract(document);
    schemas = new Schemas(document.components.schemas);
    spareSubjectId = (await given(world.t).subject(world.actors.admin)).id;
  }, 60_000);
  afterAll(() => world.t.close());

  /** The real id a path parameter names in this world, by the route it is on. */
  function realPathValue(template: string, name: string): string {
    const r = world.resources;
    if (name === 'provider') return 'sandbox';
    if (name === 'file') return r.calendarFile;
    const byPrefix: [RegExp, string][] = [
      [/^\/api\/v1\/admin\/users\//, r.bystanderId],
      [/^\/api\/v1\/subjects\//, spareSubjectId],
      [/^\/api\/v1\/(admin\/)?tutors\/\{id\}/, world.actors.tutor.id],
      [/^\/api\/v1\/tutors\/me\/time-off\//, r.timeOffId],
      [/^\/api\/v1\/lessons\//, r.lessonId],
      [/^\/api\/v1\/bookings\//, r.pendingBookingId],
      [/^\/api\/v1\/(admin\/)?disputes\//, r.disputeId],
      [/^\/api\/v1\/(admin\/|billing\/sandbox\/)?payments\//, r.paymentId],
      [/^\/api\/v1\/admin\/payouts\/runs\//, r.payoutRunId],
      [/^\/api\/v1\/admin\/payouts\/\{id\}/, r.payoutId],
      [/^\/api\/v1\/notifications\//, r.notificationId],
      [/^\/api\/v1\/conversations\//, r.conversationId],
      [/^\/api\/v1\/admin\/reports\//, r.reportId],
    ];
    const found = byPrefix.find(([pattern]) => pattern.test(template));
    if (!found) throw new Error(`No real value for {${name}} of ${template}: add one`);
    return found[1];
  }

  function pathValue(template: string, name: string, kind: Kind): string {
    switch (kind) {
      case 'outOfRange':
        return randomUUID();
      case 'unknownField':
        return 'not-a-uuid';
      case 'malformed':
        return 'x'.repeat(3000);
      case 'wrongType':
        return '%27%20OR%201%3D1--';
      default:
        return realPathValue(template, name);
    }
  }

  function queryValue(parameter: Parameter, kind: Kind, random: Random): unknown {
    switch (kind) {
      case 'valid':
      case 'missing':
        return schemas.valid(parameter.schema, random);
      case 'wrongType':
        return random.pick(['abc', '1.5', '[object Object]', '']);
      case 'outOfRange':
        return schemas.outOfRange(parameter.schema, random);
      default:
        return random.pick(['-1', '1e400', '%', 'x'.repeat(5000), '2026-13-45']);
    }
  }

  function body(schema: Schema | undefined, kind: Kind, random: Random): unknown {
    const resolved = schemas.resolve(schema);
    const valid = schemas.valid(resolved, random) as Record<string, unknown>;
    const properties = Object.entries((resolved.properties ?? {}) as Record<string, Schema>);
    if (typeof valid !== 'object' || valid === null || properties.length === 0)
      return kind === 'valid' ? valid : random.pick([[], 'text', 7, null]);
    switch (kind) {
      case 'valid':
        return valid;
      case 'missing': {
        const required = (resolved.required as string[] | undefined) ?? [];
        const drop = required.length > 0 ? random.pick(required) : properties[0]![0];
        const { [drop]: _dropped, ...rest } = valid;
        return rest;
      }
      case 'wrongType': {
        const [name, property] = random.pick(properties);
        return { ...valid, [name]: schemas.wrongType(property, random) };
      }
      case 'outOfRange': {
        const [name, property] = random.pick(properties);
        return { ...valid, [name]: schemas.outOfRange(property, random) };
      }
      case 'unknownField':
        return { ...valid, isAdmin: true, __proto__: { polluted: true }, constructor: 'x' };
      case 'malformed':
        return random.pick([[valid], 'a plain string', 12, null, '{"unterminated": ']);
    }
  }

  function headers(operation: Operation, kind: Kind, random: Random): Record<string, string> {
    const wanted = (operation.parameters ?? []).filter((p) => p.in === 'header');
    const result: Record<string, string> = {};
    for (const parameter of wanted) {
      if (parameter.name.toLowerCase() === 'idempotency-key') {
        if (kind === 'valid' || kind === 'wrongType') result[parameter.name] = randomUUID();
        else if (kind === 'outOfRange') result[parameter.name] = 'k'.repeat(5000);
        else if (kind === 'malformed') result[parameter.name] = ' ';
      } else if (kind === 'malformed') result[parameter.name] = 'not valid \u00ff';
    }
    if (kind === 'unknownField')
      result.accept = random.pick(['text/csv', 'application/pdf', 'text/event-stream', '*/*']);
    if (kind === 'malformed')
      result.accept = random.pick([
        'application/xml;q=0.9, image/*',
        'text/csv;q=abc',
        ';;;,,,',
        'application/json;q=0',
      ]);
    return result;
  }

  interface Sent {
    method: string;
    url: string;
    role: Role;
    kind: Kind;
    body?: unknown;
    contentType?: string;
  }

  async function send(request: Sent & { headers: Record<string, string> }): Promise<Response> {
    let test = world.t.http()[request.method as (typeof METHODS)[number]](request.url);
    test = test.set(world.auth(request.role)).set(request.headers);
    // Anonymous callers also try forged credentials.
    if (request.role === 'anonymous' && request.kind === 'malformed')
      test = test.set('authorization', 'Bearer not.a.jwt');
    if (request.role === 'anonymous' && request.kind === 'wrongType')
      test = test.set('authorization', 'Basic c3R1ZGVudDpwYXNzd29yZA==');
    if (request.body !== undefined) {
      const raw =
        typeof request.body === 'string' && request.body.startsWith('{')
          ? request.body
          : JSON.stringify(request.body);
      test = test.set('content-type', request.contentType ?? 'application/json').send(raw);
    }
    return test.buffer(true);
  }

  /** What is wrong with a response; empty when it keeps every promise. */
  function problemsWith(sent: Sent, res: Response): string[] {
    const where = `${sent.method.toUpperCase()} ${sent.url.slice(0, 160)} as ${sent.role} (${sent.kind})`;
    if (res.status >= 500)
      return [`${where} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`];
    const found = contract
      .violations(sent.method, sent.url, res)
      .map((violation) => `${where}: ${violation}`);
    if (res.status >= 400) {
      if (!/^application\/problem\+json/.test(String(res.headers['content-type'])))
        found.push(`${where} → ${res.status} is ${res.headers['content-type']}, not problem+json`);
      const problem = res.body as Record<string, unknown>;
      for (const field of ['type', 'title', 'detail', 'code'])
        if (typeof problem?.[field] !== 'string' || problem[field] === '')
          found.push(`${where} → ${res.status} problem without ${field}`);
      if (problem?.status !== res.status)
        found.push(`${where} → ${res.status} problem says status ${String(problem?.status)}`);
    }
    return found;
  }

  it('answers every generated request of every operation without a 5xx, as documented', async () => {
    const random = seeded(SEED);
    const failures: string[] = [];
    const tried = new Set<string>();
    for (const [template, item] of Object.entries(document.paths))
      for (const method of METHODS) {
        const operation = (item as Record<string, Operation | undefined>)[method];
        if (!operation) continue;
        const key = `${method.toUpperCase()} ${template}`;
        if (EXCLUDED[key]) continue;
        tried.add(key);
        const parameters = operation.parameters ?? [];
        const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
        for (let index = 0; index < CASES_PER_OPERATION; index++) {
          const kind = KINDS[index % KINDS.length]!;
          const path = template.replace(/\{([^}]+)\}/g, (_, name: string) =>
            encodeURIComponent(pathValue(template, name, kind)).replace(/%25/g, '%'),
          );
          const query = new URLSearchParams();
          for (const parameter of parameters.filter((p) => p.in === 'query'))
            if (kind !== 'missing' || parameter.required)
              query.set(parameter.name, String(queryValue(parameter, kind, random)));
          if (kind === 'unknownField') query.set('unknownParameter', '1');
          const url = query.size > 0 ? `${path}?${query}` : path;
          const sentBody =
            bodySchema || method !== 'get' ? body(bodySchema, kind, random) : undefined;
          const caseHeaders = headers(operation, kind, random);
          const contentType =
            kind === 'malformed'
              ? random.pick([
                  'application/json',
                  'text/plain',
                  'application/x-www-form-urlencoded',
                  'application/json; charset=latin1',
                  'multipart/form-data; boundary=x',
                ])
              : undefined;
          await Promise.all(
            FUZZ_ROLES.map(async (role) => {
              const sent: Sent = {
                method,
                url,
                role,
                kind,
                body:
                  method === 'get' || (method === 'delete' && kind !== 'malformed')
                    ? undefined
                    : sentBody,
                contentType,
              };
              try {
                failures.push(...problemsWith(sent, await send({ ...sent, headers: caseHeaders })));
              } catch (error) {
                failures.push(`${key} as ${role} (${kind}): ${(error as Error).message}`);
              }
            }),
          );
        }
      }
    expect(failures).toEqual([]);
    // Every documented operation was tried, or excluded with a reason and tested below; an
    // exclusion of a route the document no longer has is stale.
    expect(tried.size).toBeGreaterThan(0);
    const documented = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(Object.keys(EXCLUDED).filter((key) => !documented.includes(key))).toEqual([]);
  }, 120_000);

  it('a URL or headers over the parser limit: 431 problem+json, as documented on every route', async () => {
    const res = await world.t
      .http()
      .get(`/api/v1/tutors?q=${'x'.repeat(100_000)}`)
      .buffer(true);
    expect(res.status).toBe(431);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['x-request-id']).toEqual(expect.any(String));
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.body).toMatchObject({
      status: 431,
      code: 'request.headers_too_large',
      title: 'Request Header Fields Too Large',
      detail: expect.any(String),
      type: expect.stringContaining('request.headers_too_large'),
    });
    expect(contract.violations('get', '/api/v1/tutors', res)).toEqual([]);
  });

  it('bytes that are not HTTP: 400 problem+json, and the connection closes', async () => {
    const server = world.t.app.getHttpServer() as Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const answer = await new Promise<string>((resolve, reject) => {
        let received = '';
        const socket = connect(port, '127.0.0.1', () => socket.write('NOT HTTP AT ALL\r\n\r\n'));
        socket.on('data', (chunk) => (received += chunk.toString()));
        socket.on('close', () => resolve(received));
        socket.on('error', reject);
      });
      const [head, body] = answer.split('\r\n\r\n');
      expect(head).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
      expect(head).toMatch(/content-type: application\/problem\+json/i);
      expect(JSON.parse(body!)).toMatchObject({ status: 400, code: 'request.malformed' });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('a body that is not JSON, sent to a route that takes none: 415 problem+json, as documented', async () => {
    const res = await world.t
      .http()
      .post('/api/v1/notifications/read-all')
      .set(world.actors.student.auth)
      .set('content-type', 'text/plain')
      .send('read them all');
    expect(res.status).toBe(415);
    expect(res.body).toMatchObject({ status: 415, code: 'request.unsupported_media_type' });
    expect(contract.violations('post', '/api/v1/notifications/read-all', res)).toEqual([]);
    expect(document.paths['/api/v1/admin/payouts/run']!.post!.responses).toHaveProperty('415');
  });

  describe('the excluded routes refuse bad input', () => {
    it('the notification stream: 401 without a token, 400 for a malformed Last-Event-ID', async () => {
      const anonymous = await world.t.http().get('/api/v1/notifications/stream');
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers['content-type']).toMatch(/^application\/problem\+json/);
      const malformed = await world.t
        .http()
        .get('/api/v1/notifications/stream')
        .set(world.actors.student.auth)
        .set('last-event-id', 'not-an-event-id');
      expect(malformed.status).toBe(400);
      expect(malformed.body).toMatchObject({ status: 400, code: expect.any(String) });
    });
  });
});
