import type { INestApplication, Type } from '@nestjs/common';
import { ParseUUIDPipe } from '@nestjs/common';
import { PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { IS_PUBLIC, ROLES_METADATA } from '../../auth/auth.decorators.js';
import type { Role } from '../../auth/auth-user.js';
import { API_PROBLEMS } from '../api-problems.decorator.js';
import type { ProblemExample } from './problem-examples.js';

/** What the route's own decorators say, beyond what @nestjs/swagger reads. */
export interface RouteFacts {
  isPublic: boolean;
  roles: Role[];
  /** Path parameters parsed with ParseUUIDPipe (or ParseIdPipe, built on it). */
  uuidParams: string[];
  /** Whether a malformed id is refused as a validation error naming it (ParseIdPipe). */
  namesMalformedId: boolean;
  problems: ProblemExample[];
}

/** The operation id of a route: its controller (without the suffix) and its method. */
export const operationIdOf = (controllerKey: string, methodKey: string) =>
  `${controllerKey.replace(/Controller$/, '')}_${methodKey}`;

/** ParseUUIDPipe or a pipe built on it (the platform's ParseIdPipe), as a class or an instance. */
const isUuidPipe = (pipe: unknown) =>
  pipe === ParseUUIDPipe ||
  pipe instanceof ParseUUIDPipe ||
  (typeof pipe === 'function' && pipe.prototype instanceof ParseUUIDPipe);

/** A pipe built on ParseUUIDPipe (ParseIdPipe), which names the parameter in its 400. */
const isNamingPipe = (pipe: unknown) =>
  isUuidPipe(pipe) &&
  pipe !== ParseUUIDPipe &&
  (pipe as object | null)?.constructor !== ParseUUIDPipe;

/**
 * Every route of the application by operation id, with its auth and parameter metadata, read
 * from the same decorators the guards and pipes use, so the document cannot disagree with them.
 */
export function routeFactsById(app: INestApplication): Map<string, RouteFacts> {
  const reflector = new Reflector();
  const scanner = new MetadataScanner();
  const facts = new Map<string, RouteFacts>();
  const seen = new Set<Type<unknown>>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type<unknown> | undefined;
      if (!controller || seen.has(controller)) continue;
      seen.add(controller);
      const prototype = controller.prototype as Record<string, unknown>;
      for (const methodKey of scanner.getAllMethodNames(prototype)) {
        const handler = prototype[methodKey] as (...args: unknown[]) => unknown;
        if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        const id = operationIdOf(controller.name, methodKey);
        if (facts.has(id)) throw new Error(`Two routes share the operation id ${id}`);
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, methodKey) ??
          {}) as Record<string, { data?: unknown; pipes?: unknown[] }>;
        const uuidParams = Object.entries(args)
          .filter(([key]) => key.split(':')[0] === String(RouteParamtypes.PARAM))
          .filter(([, arg]) => typeof arg.data === 'string' && (arg.pipes ?? []).some(isUuidPipe));
        facts.set(id, {
          isPublic: reflector.getAllAndOverride<boolean>(IS_PUBLIC, [handler, controller]) ?? false,
          roles: reflector.getAllAndOverride<Role[]>(ROLES_METADATA, [handler, controller]) ?? [],
          uuidParams: uuidParams.map(([, arg]) => arg.data as string),
          namesMalformedId: uuidParams.some(([, arg]) => (arg.pipes ?? []).some(isNamingPipe)),
          problems: reflector.get<ProblemExample[]>(API_PROBLEMS, handler) ?? [],
        });
      }
    }
  }
  return facts;
}
