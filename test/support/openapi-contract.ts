import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type request from 'supertest';

type Json = Record<string, unknown>;
type Client = ReturnType<typeof request>;

interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: Json }> }>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Json> };
}

/** A response as supertest gives it. */
export interface ObservedResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  text?: string;
}

const DOCUMENT_ID = 'openapi.json';
const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'] as const;
/** Routes of the test-only fixture modules, which document nothing on purpose. */
const FIXTURE_PATHS = /^\/api\/v1\/test(\/|$)/;

/**
 * The schema as a strict validator reads it: an object that lists its properties takes no
 * others (unless it says so), OpenAPI 3.0 `nullable` becomes a union with `null`, and refs point
 * into the registered document.
 */
function strict(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strict);
  if (!schema || typeof schema !== 'object') return schema;
  const result: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/'))
      result.$ref = `${DOCUMENT_ID}${value}`;
    else if (key === 'properties' && value && typeof value === 'object')
      result.properties = Object.fromEntries(
        Object.entries(value).map(([name, property]) => [name, strict(property)]),
      );
    else if (key === 'example' || key === 'examples') continue;
    else result[key] = strict(value);
  }
  if (result.properties && result.additionalProperties === undefined)
    result.additionalProperties = false;
  if (result.nullable === true) {
    delete result.nullable;
    return { anyOf: [{ type: 'null' }, result] };
  }
  delete result.nullable;
  return result;
}

const mediaType = (header: string | string[] | undefined) =>
  String(header ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();

/**
 * Checks real responses against the OpenAPI document the application serves: the status must
 * be documented for the route, the content type too, and a JSON body must match the schema with
 * no undeclared field and no declared required field missing.
 */
export class OpenApiContract {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly routes: { method: string; template: string; pattern: RegExp; params: number }[];

  constructor(private readonly document: OpenApiDocument) {
    addFormats.default(this.ajv);
    this.ajv.addSchema(
      { $id: DOCUMENT_ID, components: strict(document.components ?? {}) },
      DOCUMENT_ID,
    );
    this.routes = Object.entries(document.paths)
      .flatMap(([template, item]) =>
        Object.keys(item)
          .filter((method) => (HTTP_METHODS as readonly string[]).includes(method))
          .map((method) => ({
            method,
            template,
            pattern: new RegExp(
              `^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`,
            ),
            params: (template.match(/\{/g) ?? []).length,
          })),
      )
      // A literal segment wins over a parameter: /tutors/me before /tutors/{id}.
      .sort((a, b) => a.params - b.params);
  }

  /** The documented route a request went to, or undefined when the document has none. */
  route(method: string, url: string): string | undefined {
    const path = url.split('?')[0]!;
    return this.routes.find((route) => route.method === method && route.pattern.test(path))
      ?.template;
  }

  /** What is wrong with `response` to `method url` by the document; empty when it conforms. */
  violations(method: string, url: string, response: ObservedResponse): string[] {
    const lower = method.toLowerCase();
    const path = url.split('?')[0]!;
    if (FIXTURE_PATHS.test(path)) return [];
    const template = this.route(lower, path);
    if (!template) return [];
    const operation = this.document.paths[template]![lower]!;
    const documented = operation.responses[String(response.status)] ?? operation.responses.default;
    const where = `${method.toUpperCase()} ${template} → ${response.status}`;
    if (!documented) return [`${where}: status not documented`];
    if (!documented.content || response.status === 204) return [];
    const type = mediaType(response.headers['content-type']);
    const media = documented.content[type];
    if (!media) return [`${where}: content type ${type || '(none)'} not documented`];
    if (!media.schema || !/json$/.test(type)) return [];
    const validate = this.validator(
      `${lower} ${template} ${response.status} ${type}`,
      media.schema,
    );
    if (validate(response.body)) return [];
    return (validate.errors ?? []).map(
      (error) =>
        `${where}: ${error.instancePath || '(body)'} ${error.message}${
          error.keyword === 'additionalProperties'
            ? ` (${String(error.params.additionalProperty)})`
            : ''
        }`,
    );
  }

  /** `client` whose every response is checked: a violation rejects the request's promise. */
  checked(client: Client): Client {
    const wrapped = { ...client } as Record<string, unknown>;
    for (const method of HTTP_METHODS) {
      const send = client[method] as (url: string) => request.Test;
      wrapped[method] = (url: string) => {
        const test = send(url);
        const then = test.then.bind(test);
        test.then = ((onFulfilled, onRejected) =>
          then((response) => {
            const problems = this.violations(method, url, response);
            if (problems.length > 0)
              throw new Error(
                `Response does not match /docs-json:\n  ${problems.join('\n  ')}\nbody: ${JSON.stringify(
                  response.body,
                ).slice(0, 2000)}`,
              );
            return response;
          }).then(onFulfilled, onRejected)) as request.Test['then'];
        return test;
      };
    }
    wrapped.del = wrapped.delete;
    return wrapped as unknown as Client;
  }

  private validator(key: string, schema: Json): ValidateFunction {
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(strict(schema) as Json);
      this.validators.set(key, validate);
    }
    return validate;
  }
}
