import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { AuthUser, Role } from './auth-user.js';

export const IS_PUBLIC = 'etutors:public';
export const ROLES_METADATA = 'etutors:roles';

/** Opts a route (or controller) out of the global JWT guard. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Only callers holding one of these roles pass (checked after authentication). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_METADATA, roles);

/** The authenticated caller. */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthUser =>
    context.switchToHttp().getRequest<FastifyRequest & { user: AuthUser }>().user,
);
