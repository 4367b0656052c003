import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Public, IS_PUBLIC } from './auth.decorators.js';
import { RouteMetadata } from './route-metadata.js';

class Base {
  shared() {}
}
@Public()
class OpenController extends Base {}
class ClosedController extends Base {
  @Public()
  open() {}
}

const contextFor = (cls: abstract new () => object, method: string): ExecutionContext =>
  ({
    getHandler: () => (cls.prototype as Record<string, unknown>)[method],
    getClass: () => cls,
  }) as unknown as ExecutionContext;

describe('RouteMetadata', () => {
  it('reads each route once, handler before controller', () => {
    const reflector = new Reflector();
    const read = jest.spyOn(reflector, 'getAllAndOverride');
    const isPublic = new RouteMetadata<boolean>(reflector, IS_PUBLIC);

    expect(isPublic.of(contextFor(ClosedController, 'open'))).toBe(true);
    expect(isPublic.of(contextFor(ClosedController, 'open'))).toBe(true);
    expect(isPublic.of(contextFor(ClosedController, 'shared'))).toBeUndefined();
    expect(isPublic.of(contextFor(ClosedController, 'shared'))).toBeUndefined();
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('tells apart one inherited handler under two controllers', () => {
    const isPublic = new RouteMetadata<boolean>(new Reflector(), IS_PUBLIC);
    expect(isPublic.of(contextFor(ClosedController, 'shared'))).toBeUndefined();
    expect(isPublic.of(contextFor(OpenController, 'shared'))).toBe(true);
    expect(isPublic.of(contextFor(ClosedController, 'shared'))).toBeUndefined();
  });
});
