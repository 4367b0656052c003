import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { RequestMethod, VersioningType, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import type { Environment } from '../config/environment.js';
import { PinoNestLogger } from '../logging/logger.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { ProblemDetailsFilter } from './problem-details.filter.js';
import { requestIdFor } from './request-id.js';
import { securityHeadersFor } from './security-headers.js';
import { setupSwagger } from './swagger.js';
import { createValidationPipe } from './validation.js';

interface RequestWithUser {
  user?: { id?: string };
}

const REQUEST_ID = Symbol('requestId');
type ArrivingRequest = IncomingMessage & { [REQUEST_ID]?: string };

/**
 * The HTTP server under Fastify. Every response gets its security headers and `X-Request-Id`
 * here, as the request arrives, with one plain call each: a Fastify `onRequest` hook doing the
 * same cost a tenth of `/health/live`'s throughput. Fastify takes the id from the request
 * (`genReqId`), so logs, problem details and the header agree.
 */
function serverFactory(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
  options: { keepAliveTimeout?: number; requestTimeout?: number; connectionTimeout?: number },
): Server {
  const headersFor = securityHeadersFor();
  const server = createServer((request: ArrivingRequest, response) => {
    const id = requestIdFor(request);
    request[REQUEST_ID] = id;
    for (const [name, value] of headersFor(request.url ?? '')) response.setHeader(name, value);
    response.setHeader('x-request-id', id);
    handler(request, response);
  });
  // What Fastify sets on a server it creates itself.
  if (options.keepAliveTimeout !== undefined) server.keepAliveTimeout = options.keepAliveTimeout;
  if (options.requestTimeout !== undefined) server.requestTimeout = options.requestTimeout;
  if (options.connectionTimeout !== undefined) server.setTimeout(options.connectionTimeout);
  return server;
}

/**
 * The Fastify options behind every response's security headers and `X-Request-Id`; exported for
 * the bench baseline (`BASELINE_RESPONSE_EXTRAS=1` in `npm run bench:floor`), which measures what
 * they cost without Nest.
 */
export const RESPONSE_HEADER_OPTIONS = {
  serverFactory,
  genReqId: (request: ArrivingRequest) => request[REQUEST_ID] ?? requestIdFor(request),
  requestIdHeader: false,
} as const;

/** The Fastify adapter as production runs it: body limit, proxy trust, request ids, headers. */
export const createFastifyAdapter = (env: Environment) =>
  new FastifyAdapter({
    ...RESPONSE_HEADER_OPTIONS,
    bodyLimit: env.BODY_LIMIT_BYTES,
    trustProxy: env.TRUST_PROXY,
    return503OnClosing: true,
  });

export interface HttpAppOptions {
  docs?: boolean;
}

/** Builds the HTTP application (API or worker) exactly as production runs it. */
export async function createHttpApp(
  rootModule: Type<unknown>,
  env: Environment,
  logger: Logger,
  options: HttpAppOptions = {},
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    rootModule,
    createFastifyAdapter(env),
    {
      logger: new PinoNestLogger(logger),
      abortOnError: false,
    },
  );
  return configureHttpApp(app, env, logger, options);
}

/**
 * Everything around the routes, shared by production and the tests: `/api/v1` URI versioning,
 * validation, problem+json errors, request ids, helmet, CORS, one log line and one metric per
 * request, Swagger.
 */
export async function configureHttpApp(
  app: NestFastifyApplication,
  env: Environment,
  logger: Logger,
  options: HttpAppOptions = {},
): Promise<NestFastifyApplication> {
  const fastify = app.getHttpAdapter().getInstance();
  const metrics = app.get(MetricsService);
  // A callback hook, not an async one: it runs on every request, and a promise each costs.
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.observeRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    if (logger.isLevelEnabled('info'))
      logger.info(
        {
          requestId: request.id,
          userId: (request as unknown as RequestWithUser).user?.id,
          method: request.method,
          route,
          url: request.url,
          status: reply.statusCode,
          durationMs: Math.round(reply.elapsedTime * 100) / 100,
        },
        'request',
      );
    done();
  });

  // CORS only for the origins configured; with none, no cross-origin caller is answered with
  // CORS headers (browsers then refuse to share responses), and no request pays for the check.
  const origins =
    env.CORS_ORIGINS?.split(',')
      .map((origin) => origin.trim())
      .filter(Boolean) ?? [];
  if (origins.length > 0)
    app.enableCors({
      origin: origins,
      // Every method the API uses (the plugin's default is GET, HEAD and POST only).
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      credentials: true,
      exposedHeaders: ['X-Request-Id', 'Retry-After'],
    });

  app.setGlobalPrefix('api', {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
    ],
  });
  app.enableVersioning({ type: VersioningType.URI, defaultVersion: '1' });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  if (options.docs ?? env.DOCS_ENABLED) setupSwagger(app);
  return app;
}
