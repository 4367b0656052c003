/** PostgreSQL error codes the contexts turn into domain errors. */
export const PG_UNIQUE_VIOLATION = '23505';
export const PG_FOREIGN_KEY_VIOLATION = '23503';
export const PG_EXCLUSION_VIOLATION = '23P01';
export const PG_DEADLOCK_DETECTED = '40P01';

type DriverError = { code?: string; constraint?: string };

/**
 * The SQLSTATE and constraint of a failed query: TypeORM wraps the driver's error, `SqlReader`
 * passes it on as it is.
 */
export function pgError(error: unknown): DriverError {
  const failed = error as (DriverError & { driverError?: DriverError }) | null;
  const driver = failed?.driverError ?? failed;
  return { code: driver?.code, constraint: driver?.constraint };
}
