export type Dependency = 'database' | 'redis' | 'payment_provider';

const DEPENDENCY_NAMES: Record<Dependency, string> = {
  database: 'PostgreSQL',
  redis: 'Redis',
  payment_provider: 'The payment provider',
};

/**
 * Thrown where this code itself finds a dependency away (e.g. enqueuing while Redis is, or the
 * payment provider not answering a call a request waits for).
 */
export class DependencyUnavailableError extends Error {
  constructor(
    readonly dependency: Dependency,
    options?: ErrorOptions,
  ) {
    super(`${DEPENDENCY_NAMES[dependency]} is not available`, options);
  }
}

/**
 * Which dependency an unexpected error says is away: PostgreSQL (a connection terminated, refused
 * or not yet open) or Redis (offline, or out of retries). Such a request failed through no fault
 * of its own and may be retried: a 503 naming the dependency, not a 500.
 */
export function unavailableDependency(error: unknown): Dependency | null {
  const failed = error as { code?: unknown; message?: unknown; driverError?: unknown } | null;
  if (error instanceof DependencyUnavailableError) return error.dependency;
  if (!failed || typeof failed !== 'object') return null;
  const driver = (failed.driverError ?? failed) as { code?: unknown; message?: unknown };
  const code = typeof driver.code === 'string' ? driver.code : '';
  const message = typeof failed.message === 'string' ? failed.message : '';
  // SQLSTATE class 08 (connection exception), 57P01..57P03 (terminated, shutting down, starting).
  if (/^08...$/.test(code) || /^57P0[123]$/.test(code)) return 'database';
  if (
    /^Connection terminated|Client has encountered a connection error|Driver not Connected|timeout exceeded when trying to connect/.test(
      message,
    )
  )
    return 'database';
  if (
    failed.constructor?.name === 'MaxRetriesPerRequestError' ||
    /enableOfflineQueue options is false|^Connection is closed\.$/.test(message)
  )
    return 'redis';
  return null;
}
