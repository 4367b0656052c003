export const PROCESS_ROLE = Symbol('PROCESS_ROLE');
export type ProcessRole = 'api' | 'worker';

/**
 * Whether this process runs job handlers and the outbox relay: always in the worker; in the API
 * only with the inline driver (no Redis, so no worker) or when `JOBS_PROCESS_IN_API` asks for it.
 */
export const processesJobsHere = (
  role: ProcessRole,
  driver: 'bull' | 'inline',
  processInApi: boolean,
): boolean => role === 'worker' || driver === 'inline' || processInApi;
