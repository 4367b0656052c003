import type { ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';

/**
 * One metadata key of each route (handler first, then its controller), read through the
 * reflector once per route and then remembered: decorators are fixed once the classes load,
 * and the reflector walks prototype chains on every call, on every request through a guard.
 * Keyed by controller and handler both, as a handler inherited by two controllers may sit under
 * different controller-level metadata.
 */
export class RouteMetadata<T> {
  private readonly byController = new WeakMap<object, WeakMap<object, { value: T | undefined }>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly key: string,
  ) {}

  of(context: ExecutionContext): T | undefined {
    const controller = context.getClass();
    const handler = context.getHandler();
    let byHandler = this.byController.get(controller);
    if (!byHandler) this.byController.set(controller, (byHandler = new WeakMap()));
    let entry = byHandler.get(handler);
    if (!entry) {
      entry = {
        value: this.reflector.getAllAndOverride<T | undefined>(this.key, [handler, controller]),
      };
      byHandler.set(handler, entry);
    }
    return entry.value;
  }
}
