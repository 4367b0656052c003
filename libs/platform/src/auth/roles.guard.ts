import {
  ForbiddenException,
  Injectable,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { AuthUser, Role } from './auth-user.js';
import { ROLES_METADATA } from './auth.decorators.js';
import { RouteMetadata } from './route-metadata.js';

/** Reads `@Roles()` from the handler, then the class; a caller without one of them gets 403. */
@Injectable()
export class RolesGuard implements CanActivate {
  private readonly requiredRoles: RouteMetadata<Role[]>;

  constructor(reflector: Reflector) {
    this.requiredRoles = new RouteMetadata(reflector, ROLES_METADATA);
  }

  canActivate(context: ExecutionContext): boolean {
    const roles = this.requiredRoles.of(context);
    if (!roles || roles.length === 0) return true;
    const user = context.switchToHttp().getRequest<{ user?: AuthUser }>().user;
    if (user && user.roles.some((role) => roles.includes(role))) return true;
    throw new ForbiddenException('Your role does not allow this');
  }
}
