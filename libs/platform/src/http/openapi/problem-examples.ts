import { STATUS_BY_KIND, type DomainError } from '../domain-error.js';
import { problemType, type Problem } from '../problem.js';

/** What each documented error status means, for every route. */
export const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request (validation errors listed in `errors`)',
  401: 'Missing, invalid or expired access token',
  403: 'Authenticated, but not allowed',
  404: 'Not found, or not yours',
  409: 'Conflicts with the current state',
  413: 'Body too large',
  414: 'A path segment is too long',
  415: 'Body is not JSON',
  431: 'The request line or headers are too large',
  422: 'Well-formed but breaks a rule',
  429: 'Rate limited; see Retry-After',
  503: 'A dependency does not answer',
};

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  431: 'Request Header Fields Too Large',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
};

/** One documented error of a route: its status and the problem body it answers with. */
export interface ProblemExample {
  status: number;
  code: string;
  detail: string;
  extensions?: Record<string, unknown>;
}

/**
 * The problems every route of a kind gives, whatever its context: the codes the global filter
 * and the guards produce (see problem-details.filter.ts).
 */
export const GENERIC_PROBLEMS = {
  validation: {
    status: 400,
    code: 'request.validation_failed',
    detail: 'The request is not valid',
    extensions: { errors: [{ field: 'email', message: 'email must be an email' }] },
  },
  /** What Nest's own ParseUUIDPipe answers (the platform's ParseIdPipe names the parameter). */
  malformedId: {
    status: 400,
    code: 'request.invalid',
    detail: 'Validation failed (uuid is expected)',
  },
  unauthorized: {
    status: 401,
    code: 'auth.unauthorized',
    detail: 'A valid access token is required',
  },
  forbidden: { status: 403, code: 'auth.forbidden', detail: 'Your role does not allow this' },
  notFound: { status: 404, code: 'resource.not_found', detail: 'Not found' },
  conflict: { status: 409, code: 'request.conflict', detail: 'Conflicts with the current state' },
  tooLarge: { status: 413, code: 'request.too_large', detail: 'Request body is too large' },
  uriTooLong: {
    status: 414,
    code: 'request.uri_too_long',
    detail: 'A path parameter is too long',
  },
  notJson: {
    status: 415,
    code: 'request.unsupported_media_type',
    detail: 'Send the body as application/json',
  },
  headersTooLarge: {
    status: 431,
    code: 'request.headers_too_large',
    detail: 'The request line or its headers are too large',
  },
  unprocessable: { status: 422, code: 'request.unprocessable', detail: 'Breaks a rule' },
  rateLimited: {
    status: 429,
    code: 'rate_limit.exceeded',
    detail: 'Too many requests, slow down',
    extensions: { retryAfterSeconds: 60 },
  },
  unavailable: { status: 503, code: 'service.unavailable', detail: 'Unavailable: database' },
} satisfies Record<string, ProblemExample>;

const GENERIC_BY_STATUS = new Map<number, ProblemExample>(
  Object.values(GENERIC_PROBLEMS)
    .filter((problem) => problem !== GENERIC_PROBLEMS.malformedId)
    .map((problem) => [problem.status, problem]),
);

/** The example of a bare status (`ApiProblems(404)`): the filter's generic code for it. */
export const genericProblem = (status: number): ProblemExample =>
  GENERIC_BY_STATUS.get(status) ?? { status, code: `http.${status}`, detail: 'Error' };

/** The example a domain error gives: its status, code, message and client-safe details. */
export const domainProblem = (error: DomainError): ProblemExample => ({
  status: STATUS_BY_KIND[error.kind],
  code: error.code,
  detail: error.message,
  extensions: error.details,
});

/** The problem body an example stands for, as the filter would send it from `instance`. */
export const problemBody = (example: ProblemExample, instance: string): Problem => ({
  type: problemType(example.code),
  title: TITLES[example.status] ?? 'Error',
  status: example.status,
  detail: example.detail,
  code: example.code,
  instance,
  requestId: '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
  ...example.extensions,
});
