import {
  HttpException,
  Injectable,
  Logger,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import type { Strategy } from 'passport';
import { IS_PUBLIC } from './auth.decorators.js';
import { RouteMetadata } from './route-metadata.js';
import { ACCESS_TOKEN_STRATEGY, attemptAuthentication } from './strategy-attempt.js';
import { unavailableDependency } from '../http/dependency-errors.js';

/**
 * Global guard: every route needs a valid bearer token unless marked `@Public()`. The token
 * strategy (passport-jwt, registered through `@nestjs/passport`) belongs to the identity context,
 * which provides it as `ACCESS_TOKEN_STRATEGY`; the user it returns becomes `request.user`.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  private readonly logger = new Logger('Auth');
  private readonly isPublic: RouteMetadata<boolean>;
  private strategy?: Strategy;

  constructor(
    reflector: Reflector,
    private readonly moduleRef: ModuleRef,
  ) {
    this.isPublic = new RouteMetadata(reflector, IS_PUBLIC);
  }

  /** Synchronous for public routes (probes, sign-in): no promise where there is nothing to wait for. */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (this.isPublic.of(context)) return true;
    return this.authenticate(context.switchToHttp().getRequest<{ user?: unknown }>());
  }

  private async authenticate(request: { user?: unknown }): Promise<boolean> {
    let user: unknown;
    try {
      user = await attemptAuthentication(this.accessTokenStrategy(), request);
    } catch (error) {
      if (error instanceof HttpException) throw error;
      // The account could not be looked up (PostgreSQL away): a 503, not a sign-out.
      if (unavailableDependency(error)) throw error;
      // A broken or missing strategy must still deny, never answer 500 with its message.
      this.logger.error(`Authentication failed unexpectedly: ${(error as Error).message}`);
      user = false;
    }
    if (!user) throw new UnauthorizedException('A valid access token is required');
    request.user = user;
    return true;
  }

  private accessTokenStrategy(): Strategy {
    this.strategy ??= this.moduleRef.get<Strategy>(ACCESS_TOKEN_STRATEGY, { strict: false });
    return this.strategy;
  }
}
