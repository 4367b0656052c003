import { Controller, Get, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, type HealthIndicatorFunction } from '@nestjs/terminus';
import { Public } from '../auth/auth.decorators.js';
import { PROBLEM_CONTENT_TYPE } from '../http/problem.js';
import { DependencyIndicators } from './dependency.indicators.js';

/** Terminus' per-check report: `{ database: { status: 'up' } }`. */
const CHECKS_SCHEMA = {
  type: 'object',
  additionalProperties: {
    type: 'object',
    required: ['status'],
    properties: {
      status: { type: 'string', enum: ['up', 'down'] },
      message: { type: 'string' },
      responseTime: { type: 'integer', description: 'milliseconds' },
    },
  },
  example: {
    database: { status: 'up', responseTime: 2 },
    redis: { status: 'up', responseTime: 1 },
  },
};

/**
 * Probes: `live` while the process runs; `ready` when PostgreSQL (and Redis, if configured)
 * answer. Terminus runs the indicators at once and answers 503 naming the one that failed.
 */
@ApiTags('platform')
@Public()
@Controller({ path: 'health', version: VERSION_NEUTRAL })
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly dependencies: DependencyIndicators,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process runs' })
  @ApiOkResponse({
    schema: {
      type: 'object',
      required: ['status'],
      properties: { status: { type: 'string', enum: ['ok'] } },
    },
  })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  // Terminus' own Swagger lines would replace the problem+json 503 below with its raw report.
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOperation({
    summary: 'Readiness: PostgreSQL and Redis (when configured) answer',
    description: 'For load balancers: 503 names the failing check, never the driver’s message.',
  })
  @ApiOkResponse({
    description: 'Every dependency answers',
    schema: {
      type: 'object',
      required: ['status', 'info', 'error', 'details'],
      properties: {
        status: { type: 'string', enum: ['ok'] },
        info: CHECKS_SCHEMA,
        error: CHECKS_SCHEMA,
        details: CHECKS_SCHEMA,
      },
    },
  })
  @ApiResponse({
    status: 503,
    description: 'The failing check is named under `error`',
    content: {
      [PROBLEM_CONTENT_TYPE]: {
        schema: {
          type: 'object',
          required: ['type', 'title', 'status', 'detail', 'code', 'instance'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer', enum: [503] },
            detail: { type: 'string' },
            code: { type: 'string', enum: ['service.unavailable'] },
            instance: { type: 'string' },
            requestId: { type: 'string' },
            info: CHECKS_SCHEMA,
            error: CHECKS_SCHEMA,
          },
        },
        example: {
          type: 'https://etutors.dev/problems/service.unavailable',
          title: 'Service Unavailable',
          status: 503,
          detail: 'Unavailable: database',
          code: 'service.unavailable',
          instance: '/health/ready',
          info: { redis: { status: 'up' } },
          error: { database: { status: 'down', message: 'did not answer' } },
        },
      },
    },
  })
  ready() {
    const checks: HealthIndicatorFunction[] = [() => this.dependencies.database()];
    if (this.dependencies.hasRedis) checks.push(() => this.dependencies.redis());
    return this.health.check(checks);
  }
}
