import {
  HttpException,
  Injectable,
  Logger,
  UnauthorizedException,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { IS_PUBLIC } from './auth.decorators.js';

/**
 * Global guard: every route needs a valid bearer token unless marked `@Public()`. The `jwt`
 * passport strategy itself belongs to the identity context.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  private readonly logger = new Logger('Auth');

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    try {
      return (await super.canActivate(context)) as boolean;
    } catch (error) {
      if (error instanceof HttpException) throw error;
      // A broken or missing strategy must still deny, never answer 500 with its message.
      this.logger.error(`Authentication failed unexpectedly: ${(error as Error).message}`);
      throw new UnauthorizedException('A valid access token is required');
    }
  }

  override handleRequest<TUser>(error: unknown, user: TUser): TUser {
    if (error || !user) throw new UnauthorizedException('A valid access token is required');
    return user;
  }
}
