import {
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { unavailableDependency } from './dependency-errors.js';
import { DomainError, STATUS_BY_KIND } from './domain-error.js';
import { PROBLEM_CONTENT_TYPE, problemType, type Problem } from './problem.js';
import { securityHeadersFor } from './security-headers.js';
import type { RouteMethods } from './route-methods.js';
import { RequestValidationError } from './validation.js';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const GENERIC_CODES: Record<number, string> = {
  400: 'request.invalid',
  401: 'auth.unauthorized',
  403: 'auth.forbidden',
  404: 'resource.not_found',
  405: 'request.method_not_allowed',
  409: 'request.conflict',
  413: 'request.too_large',
  414: 'request.uri_too_long',
  415: 'request.unsupported_media_type',
  422: 'request.unprocessable',
  429: 'rate_limit.exceeded',
  500: 'internal.error',
  503: 'service.unavailable',
};

/** Errors Fastify raises before Nest sees the request (body parsing, size). */
interface FastifyError extends Error {
  statusCode?: number;
  code?: string;
}

/**
 * The one place errors become HTTP: RFC 9457 `application/problem+json`. Domain errors keep
 * their code; anything unexpected is a 500 whose cause is logged with the request id and never
 * sent to the client.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  /** With the served routes, a known path asked with a method it does not take is a 405. */
  constructor(private readonly routeMethods?: RouteMethods) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    this.send(exception, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>());
  }

  /** Answers `exception` as problem+json, also where Fastify fails a request before Nest runs. */
  send(exception: unknown, request: FastifyRequest, reply: FastifyReply): void {
    const allowed = this.allowedInstead(exception, request);
    const problem = allowed
      ? this.methodNotAllowed(request, allowed)
      : this.toProblem(exception, request);
    if (allowed) void reply.header('allow', allowed.join(', '));
    const dependency = unavailableDependency(exception);
    if (dependency) {
      this.logger.warn(
        `${request.method} ${request.url} [request ${request.id}]: ${dependency} unavailable`,
      );
    } else if (problem.status >= 500) {
      const cause =
        exception instanceof Error ? (exception.stack ?? exception.message) : String(exception);
      this.logger.error(
        `Unhandled error on ${request.method} ${request.url} [request ${request.id}]: ${cause}`,
      );
    }
    if (problem.status === 429) {
      // Rate-limit errors carry their wait in seconds; anything else gets a conservative minute.
      const wait = typeof problem.retryAfterSeconds === 'number' ? problem.retryAfterSeconds : 60;
      if (!reply.getHeader('retry-after')) void reply.header('retry-after', String(wait));
    }
    void reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
  }

  /**
   * The methods the request's path takes, when it reached no route (Nest's not-found handler, not
   * a handler's own 404) though the path is served: undefined otherwise.
   */
  private allowedInstead(exception: unknown, request: FastifyRequest): string[] | undefined {
    if (!this.routeMethods || request.routeOptions?.url !== undefined) return undefined;
    if (!(exception instanceof HttpException) || exception.getStatus() !== 404) return undefined;
    const allowed = this.routeMethods.allowedAt(request.url.split('?')[0] ?? request.url);
    return allowed.length > 0 && !allowed.includes(request.method) ? allowed : undefined;
  }

  private methodNotAllowed(request: FastifyRequest, allowed: string[]): Problem {
    const path = request.url.split('?')[0] ?? request.url;
    return this.base(request, 405, GENERIC_CODES[405]!, `${path} takes ${allowed.join(', ')}`);
  }

  private base(request: FastifyRequest, status: number, code: string, detail: string): Problem {
    return {
      type: problemType(code),
      title: TITLES[status] ?? HttpStatus[status] ?? 'Error',
      status,
      detail,
      code,
      instance: request.url.split('?')[0] ?? request.url,
      requestId: String(request.id),
    };
  }

  private toProblem(exception: unknown, request: FastifyRequest): Problem {
    const base = (status: number, code: string, detail: string): Problem =>
      this.base(request, status, code, detail);

    if (exception instanceof DomainError) {
      return {
        ...base(STATUS_BY_KIND[exception.kind], exception.code, exception.message),
        ...exception.details,
      };
    }
    if (exception instanceof RequestValidationError) {
      return {
        ...base(400, 'request.validation_failed', 'The request is not valid'),
        errors: exception.errors,
      };
    }
    const dependency = unavailableDependency(exception);
    if (dependency) {
      return base(503, GENERIC_CODES[503]!, `Unavailable: ${dependency}`);
    }
    if (exception instanceof ThrottlerException) {
      return base(429, GENERIC_CODES[429]!, 'Too many requests, slow down');
    }
    if (exception instanceof HttpException && exception.getStatus() === 503) {
      // Health checks: keep Terminus's per-check report (`error.redis.status: "down"`) as extension members.
      const report = exception.getResponse();
      const checks =
        typeof report === 'object' && report !== null ? (report as Record<string, unknown>) : {};
      const failing = Object.keys((checks.error as Record<string, unknown> | undefined) ?? {});
      return {
        ...base(
          503,
          GENERIC_CODES[503]!,
          failing.length ? `Unavailable: ${failing.join(', ')}` : 'Service unavailable',
        ),
        info: checks.info,
        error: checks.error,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = GENERIC_CODES[status] ?? `http.${status}`;
      // Fastify's 415 names no type it would take: bodies are JSON only (JsonBodiesFastifyAdapter).
      const detail =
        status === 404
          ? `No route ${request.method} ${request.url.split('?')[0]}`
          : status === 415
            ? 'Send the body as application/json'
            : exception.message;
      return base(status, code, status >= 500 ? 'Something went wrong on our side' : detail);
    }
    const fastifyError = exception as FastifyError;
    if (
      fastifyError?.statusCode &&
      fastifyError.statusCode >= 400 &&
      fastifyError.statusCode < 500
    ) {
      const status = fastifyError.statusCode;
      return base(status, GENERIC_CODES[status] ?? `http.${status}`, fastifyError.message);
    }
    return base(500, GENERIC_CODES[500]!, 'Something went wrong on our side');
  }
}

const frameworkErrorFilter = new ProblemDetailsFilter();
let securityHeaders: ReturnType<typeof securityHeadersFor> | undefined;

/**
 * Fastify's `frameworkErrors`: a malformed percent-encoding in the URL or a path parameter
 * longer than the router takes fails before any route, hook or Nest runs; without this, Fastify
 * answers with its own JSON instead of problem+json. The `onRequest` hook has not run either, so
 * the headers every response carries are set here.
 */
export function answerFrameworkError(
  error: Error,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  securityHeaders ??= securityHeadersFor();
  void reply.headers(securityHeaders(request.url)).header('x-request-id', String(request.id));
  frameworkErrorFilter.send(error, request, reply);
}
