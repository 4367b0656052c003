import { RequestMethod, VersioningType, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import type { Environment } from '../config/environment.js';
import { PinoNestLogger } from '../logging/logger.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { JsonBodiesFastifyAdapter } from './json-bodies.js';
import { answerClientError } from './client-errors.js';
import { answerFrameworkError, ProblemDetailsFilter } from './problem-details.filter.js';
import { requestIdFor } from './request-id.js';
import { RouteMethods } from './route-methods.js';
import { securityHeadersFor } from './security-headers.js';
import { setupSwagger } from './swagger.js';
import { createValidationPipe } from './validation.js';

interface RequestWithUser {
  user?: { id?: string };
}

/** The Fastify adapter as production runs it: body limit, proxy trust, request ids. */
export const createFastifyAdapter = (env: Environment) =>
  new JsonBodiesFastifyAdapter({
    // Fastify's own header option would echo any value; `requestIdFor` keeps only sane ones.
    requestIdHeader: false,
    genReqId: requestIdFor,
    bodyLimit: env.BODY_LIMIT_BYTES,
    trustProxy: env.TRUST_PROXY,
    return503OnClosing: true,
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
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
      // Webhook signatures are checked over the exact bytes received (`request.rawBody`).
      rawBody: true,
    },
  );
  return configureHttpApp(app, env, logger, options);
}

/**
 * Everything around the routes, shared by production and the tests: `/api/v1` URI versioning,
 * validation, problem+json errors (a served path asked with another method is a 405 with `Allow`), request ids, helmet, CORS, one log line and one metric per
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
  // Routes are added at init, after this: the hook sees each, so a wrong method can be a 405.
  const routeMethods = new RouteMethods();
  fastify.addHook('onRoute', (route) => routeMethods.add(route.method, route.url));
  // Every response, errors and 404s included, carries the security headers and its request id;
  // helmet ran once for each header set (no per-request nonces), so the hook only copies them.
  const headersFor = securityHeadersFor();
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.headers(headersFor(request.url)).header('x-request-id', request.id);
    done();
  });
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
  app.useGlobalFilters(new ProblemDetailsFilter(routeMethods));
  if (options.docs ?? env.DOCS_ENABLED) setupSwagger(app);
  return app;
}
