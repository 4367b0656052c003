import type { FactoryProvider, Type } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync, type ValidationError } from 'class-validator';
import { Environment } from './environment.js';

/** What of the platform's settings a context's rules may depend on. */
export type PlatformFacts = Pick<Environment, 'NODE_ENV'>;

/**
 * Rules no single decorator expresses, on a settings class: one setting required with another,
 * or in production. One line per problem, naming the variables.
 */
export interface CrossFieldRules {
  crossFieldProblems(platform: PlatformFacts): string[];
}

/** Thrown when the environment is wrong; carries one line per problem, no stack worth showing. */
export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}

function describe(errors: ValidationError[]): string[] {
  return errors.map((error) => {
    if (error.value === undefined) return `${error.property} is required`;
    const reasons = Object.values(error.constraints ?? {}).map((message) =>
      message.startsWith(`${error.property} `) ? message.slice(error.property.length + 1) : message,
    );
    return `${error.property}: ${reasons.join('; ')}`;
  });
}

/** The variables a settings class declares: every property with a validation decorator. */
function declaredVariables(type: Type<object>): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(type, '', true, false);
  return [...new Set(metadata.map((entry) => entry.propertyName))];
}

const hasCrossFieldRules = (settings: object): settings is CrossFieldRules =>
  typeof (settings as Partial<CrossFieldRules>).crossFieldProblems === 'function';

/** One settings class from raw variables: only those it declares, empty ones as unset, defaults filled, types converted. */
function decoratedSettings<T extends object>(type: Type<T>, raw: Record<string, unknown>) {
  const present = Object.fromEntries(
    declaredVariables(type)
      .filter((name) => raw[name] !== undefined && raw[name] !== '')
      .map((name) => [name, raw[name]]),
  );
  const settings = plainToInstance(type, present, { exposeDefaultValues: true });
  return { settings, problems: describe(validateSync(settings, { skipMissingProperties: false })) };
}

/** The platform's own settings (it has no cross-field rules). */
const platformSettings = (raw: Record<string, unknown>) => decoratedSettings(Environment, raw);

/** Reads a context's settings class and checks its decorators and cross-field rules. */
export function readSettings<T extends object>(
  type: Type<T>,
  raw: Record<string, unknown>,
  platform: PlatformFacts,
): { settings: T; problems: string[] } {
  const { settings, problems } = decoratedSettings(type, raw);
  if (hasCrossFieldRules(settings)) problems.push(...settings.crossFieldProblems(platform));
  return { settings, problems };
}

/** Every context's settings class, registered by `defineSettings` when its module is loaded. */
const registry = new Map<Type<object>, string[]>();

/**
 * Declares a context's settings class and returns the Nest provider of its validated instance
 * (put it in the context module's providers; inject the class itself). Registered here, so
 * `validateAllSettings` checks it with every other before anything boots. A variable belongs to
 * one class only: declaring the platform's or another context's is refused.
 */
export function defineSettings<T extends object>(type: Type<T>): FactoryProvider<T> {
  if (!registry.has(type)) {
    const variables = declaredVariables(type);
    const owners: [string, string[]][] = [
      [Environment.name, declaredVariables(Environment)],
      ...[...registry].map(([other, names]): [string, string[]] => [other.name, names]),
    ];
    for (const [owner, names] of owners) {
      const shared = variables.filter((name) => names.includes(name));
      if (shared.length > 0) {
        throw new Error(`${type.name} declares ${shared.join(', ')}, already declared by ${owner}`);
      }
    }
    registry.set(type, variables);
  }
  return {
    provide: type,
    // Read when the module graph is built, from the environment the process was started with.
    useFactory: () => {
      const { settings: platform } = platformSettings(process.env);
      const { settings, problems } = readSettings(type, process.env, platform);
      if (problems.length > 0) throw new ConfigValidationError(problems);
      return settings;
    },
  };
}

/**
 * Validates the platform's settings and every registered context's at once: returns the
 * platform's, or throws one ConfigValidationError listing every problem, platform first.
 */
export function validateAllSettings(raw: Record<string, unknown>): Environment {
  const { settings: platform, problems } = platformSettings(raw);
  for (const type of registry.keys()) {
    problems.push(...readSettings(type, raw, platform).problems);
  }
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return platform;
}
