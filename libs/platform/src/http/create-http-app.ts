import helmet from '@fastify/helmet';
import { RequestMethod, VersioningType, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import type { Environment } from '../config/environment.js';
import { PinoNestLogger } from '../logging/logger.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { ProblemDetailsFilter } from './problem-details.filter.js';
import { requestIdFor } from './request-id.js';
import { setupSwagger } from './swagger.js';
import { createValidationPipe } from './validation.js';

interface RequestWithUser {
  user?: { id?: string };
}

/**
 * Builds the HTTP application exactly as production runs it (the tests use it too): Fastify,
 * `/api/v1` URI versioning, validation, problem+json errors, request ids, helmet, CORS, body
 * limit, one log line and one metric per request, Swagger.
 */
export async function createHttpApp(
  rootModule: Type<unknown>,
  env: Environment,
  logger: Logger,
  options: { docs?: boolean; prefix?: boolean } = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: env.BODY_LIMIT_BYTES,
    trustProxy: env.TRUST_PROXY,
    genReqId: requestIdFor,
    requestIdHeader: false,
    return503OnClosing: true,
  });
  const app = await NestFactory.create<NestFastifyApplication>(rootModule, adapter, {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
  });

  const fastify = app.getHttpAdapter().getInstance();
  const metrics = app.get(MetricsService);
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  fastify.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    metrics.observeRequest(request.method, route, reply.statusCode, seconds);
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
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'validator.swagger.io'],
      },
    },
  });
  const origins = env.CORS_ORIGINS?.split(',').map((origin) => origin.trim()).filter(Boolean) ?? [];
  app.enableCors({ origin: origins.length > 0 ? origins : false, credentials: true, exposedHeaders: ['X-Request-Id', 'Retry-After'] });

  if (options.prefix !== false) {
    app.setGlobalPrefix('api', {
      exclude: [
        { path: 'health/live', method: RequestMethod.GET },
        { path: 'health/ready', method: RequestMethod.GET },
        { path: 'metrics', method: RequestMethod.GET },
      ],
    });
    app.enableVersioning({ type: VersioningType.URI, defaultVersion: '1' });
  }
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.enableShutdownHooks();
  if (options.docs ?? env.DOCS_ENABLED) setupSwagger(app);
  return app;
}
