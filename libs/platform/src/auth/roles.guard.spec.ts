import { ForbiddenException, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Roles } from './auth.decorators.js';
import { RolesGuard } from './roles.guard.js';
import type { Role } from './auth-user.js';

class Controller {
  @Roles('admin')
  adminOnly() {}

  open() {}
}

@Roles('tutor')
class TutorController {
  anything() {}

  @Roles('admin', 'student')
  overridden() {}
}

const contextFor = (cls: new () => object, method: string, roles?: Role[]): ExecutionContext =>
  ({
    getHandler: () => (cls.prototype as Record<string, unknown>)[method],
    getClass: () => cls,
    switchToHttp: () => ({ getRequest: () => ({ user: roles ? { id: 'u1', roles } : undefined }) }),
  }) as unknown as ExecutionContext;

describe('RolesGuard', () => {
  const guard = new RolesGuard(new Reflector());

  it('lets anyone through a route without @Roles', () => {
    expect(guard.canActivate(contextFor(Controller, 'open', ['student']))).toBe(true);
  });

  it('requires one of the listed roles', () => {
    expect(guard.canActivate(contextFor(Controller, 'adminOnly', ['student', 'admin']))).toBe(true);
    expect(() => guard.canActivate(contextFor(Controller, 'adminOnly', ['student']))).toThrow(
      ForbiddenException,
    );
    expect(() => guard.canActivate(contextFor(Controller, 'adminOnly'))).toThrow(
      ForbiddenException,
    );
  });

  it('reads the handler first, then the class', () => {
    expect(guard.canActivate(contextFor(TutorController, 'anything', ['tutor']))).toBe(true);
    expect(() => guard.canActivate(contextFor(TutorController, 'anything', ['student']))).toThrow(
      ForbiddenException,
    );
    expect(guard.canActivate(contextFor(TutorController, 'overridden', ['student']))).toBe(true);
    expect(() => guard.canActivate(contextFor(TutorController, 'overridden', ['tutor']))).toThrow(
      ForbiddenException,
    );
  });
});
