import type { OpenAPIObject } from '@nestjs/swagger';
import { problemResponse } from '../api-problems.decorator.js';
import { GENERIC_PROBLEMS, type ProblemExample } from './problem-examples.js';
import type { RouteFacts } from './route-facts.js';

type Json = Record<string, unknown>;
interface Operation {
  operationId?: string;
  tags?: string[];
  security?: Json[];
  parameters?: { name: string; in: string; schema?: Json }[];
  requestBody?: { content?: Record<string, { schema?: Json }> };
  responses: Record<string, Json>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;
const EXAMPLE_ID = '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

export const ADMIN_TAG = {
  name: 'admin',
  description: 'Everything an administrator can do, gathered here (also listed by context)',
};

/** Methods whose requests Fastify reads a body of, whether or not the route takes one. */
const BODY_METHODS: readonly string[] = ['post', 'put', 'patch', 'delete'];

function operations(document: OpenAPIObject): [string, Operation, string][] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const operation = (item as Record<string, Operation | undefined>)[method];
      return operation ? [[path, operation, method] as [string, Operation, string]] : [];
    }),
  );
}

/** The problems a route gives because of what it is, not what it does. */
function impliedProblems(
  operation: Operation,
  method: string,
  facts: RouteFacts,
): ProblemExample[] {
  const implied: ProblemExample[] = [];
  const hasBody = operation.requestBody !== undefined;
  const hasQuery = (operation.parameters ?? []).some((parameter) => parameter.in === 'query');
  const hasPath = (operation.parameters ?? []).some((parameter) => parameter.in === 'path');
  const [id] = facts.uuidParams;
  if (id !== undefined)
    implied.push(
      facts.namesMalformedId
        ? {
            ...GENERIC_PROBLEMS.validation,
            extensions: { errors: [{ field: id, message: `${id} must be a UUID` }] },
          }
        : GENERIC_PROBLEMS.malformedId,
    );
  // Any text the client sends is checked, path segments too (control characters, lengths).
  if (hasBody || hasQuery || hasPath) implied.push(GENERIC_PROBLEMS.validation);
  if (!facts.isPublic) implied.push(GENERIC_PROBLEMS.unauthorized);
  if (!facts.isPublic && facts.roles.length > 0) implied.push(GENERIC_PROBLEMS.forbidden);
  if (hasPath) implied.push(GENERIC_PROBLEMS.uriTooLong); // Fastify's limit on a parameter
  // A body sent to a route that takes none is still read: too large or not JSON, it is refused.
  if (hasBody || BODY_METHODS.includes(method))
    implied.push(GENERIC_PROBLEMS.tooLarge, GENERIC_PROBLEMS.notJson);
  // Node's parser refuses any request whose URL or headers outgrow its limit (answerClientError).
  implied.push(GENERIC_PROBLEMS.headersTooLarge);
  return implied;
}

/** Every `$ref` reachable from `schema`, through the components. */
function referencedSchemas(document: OpenAPIObject, schema: unknown, found = new Set<string>()) {
  if (Array.isArray(schema)) {
    for (const item of schema) referencedSchemas(document, item, found);
  } else if (schema && typeof schema === 'object') {
    for (const [key, value] of Object.entries(schema)) {
      if (key === '$ref' && typeof value === 'string') {
        const name = value.replace('#/components/schemas/', '');
        if (found.has(name)) continue;
        found.add(name);
        referencedSchemas(document, document.components?.schemas?.[name], found);
      } else referencedSchemas(document, value, found);
    }
  }
  return found;
}

/**
 * What @nestjs/swagger cannot see, added from the routes' own metadata in one pass:
 * - `security: []` on public routes (the document's default is the bearer token);
 * - path ids parsed as UUIDs are `format: uuid`;
 * - the problems every route gives by its nature (401, 403, the 400 of a malformed id or of
 *   invalid input, 413, 414, 415, 431), merged with the ones it declares, each example's `instance` its path;
 * - request bodies refuse unknown fields (`additionalProperties: false`), as the validation
 *   pipe does;
 * - an `admin` tag on every admin-only route, and no tag without operations;
 * - problem bodies may carry a context's own extension members.
 */
export function finishDocument(
  document: OpenAPIObject,
  factsById: Map<string, RouteFacts>,
): OpenAPIObject {
  const requestSchemas = new Set<string>();
  for (const [path, operation, method] of operations(document)) {
    const facts = operation.operationId ? factsById.get(operation.operationId) : undefined;
    if (!facts) throw new Error(`No route metadata for operation ${operation.operationId}`);

    if (facts.isPublic) operation.security = [];
    else delete operation.security; // the document's default: the bearer token

    for (const parameter of operation.parameters ?? []) {
      if (parameter.in === 'path' && facts.uuidParams.includes(parameter.name))
        parameter.schema = { ...parameter.schema, type: 'string', format: 'uuid' };
    }

    const instance = path.replace(/\{[^}]+\}/g, EXAMPLE_ID);
    const problems = [...facts.problems, ...impliedProblems(operation, method, facts)];
    for (const status of new Set(problems.map((problem) => problem.status))) {
      const unique = new Map<string, ProblemExample>();
      for (const problem of problems)
        if (problem.status === status && !unique.has(problem.code))
          unique.set(problem.code, problem);
      operation.responses[String(status)] = problemResponse(status, [...unique.values()], instance);
    }
    operation.responses = Object.fromEntries(
      Object.entries(operation.responses).sort(([a], [b]) => a.localeCompare(b)),
    );

    for (const media of Object.values(operation.requestBody?.content ?? {}))
      referencedSchemas(document, media.schema, requestSchemas);

    if (facts.roles.includes('admin') && !operation.tags?.includes(ADMIN_TAG.name))
      operation.tags = [...(operation.tags ?? []), ADMIN_TAG.name];
  }

  for (const name of requestSchemas) {
    const schema = document.components?.schemas?.[name] as Json | undefined;
    if (schema && schema.type === 'object') schema.additionalProperties = false;
  }

  // RFC 9457 problems are extensible: a context's error may carry members of its own
  // (`paymentId`), shown in the route's examples.
  const problem = document.components?.schemas?.ProblemDto as Json | undefined;
  if (problem) problem.additionalProperties = true;

  const used = new Set(operations(document).flatMap(([, operation]) => operation.tags ?? []));
  const declared = (document.tags ?? []).filter((tag) => used.has(tag.name));
  const undeclared = [...used].filter((name) => !declared.some((tag) => tag.name === name));
  // A tag missing from API_TAGS is still shown, without a description (the lint test says so).
  document.tags = [...declared, ...undeclared.map((name) => ({ name }))];
  return document;
}
