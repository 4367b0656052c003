import { Controller, Get, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, type HealthIndicatorFunction } from '@nestjs/terminus';
import { Public } from '../auth/auth.decorators.js';
import { DependencyIndicators } from './dependency.indicators.js';

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
  @ApiOkResponse({ schema: { example: { status: 'ok' } } })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOkResponse({ description: 'Every dependency answers' })
  @ApiServiceUnavailableResponse({ description: 'The failing check is named under `error`' })
  ready() {
    const checks: HealthIndicatorFunction[] = [() => this.dependencies.database()];
    if (this.dependencies.hasRedis) checks.push(() => this.dependencies.redis());
    return this.health.check(checks);
  }
}
