/** PostgreSQL error codes the contexts turn into domain errors. */
export const PG_UNIQUE_VIOLATION = '23505';
export const PG_FOREIGN_KEY_VIOLATION = '23503';
export const PG_EXCLUSION_VIOLATION = '23P01';
export const PG_DEADLOCK_DETECTED = '40P01';

/** The SQLSTATE and constraint of a failed query (TypeORM wraps the driver error). */
export function pgError(error: unknown): { code?: string; constraint?: string } {
  const driver = (error as { driverError?: { code?: string; constraint?: string } } | null)
    ?.driverError;
  return { code: driver?.code, constraint: driver?.constraint };
}
