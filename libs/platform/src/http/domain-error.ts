/** What kind of failure a domain error is; the HTTP status follows from it, in one place. */
export type ErrorKind =
  | 'invalid'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'unprocessable'
  | 'rate_limited';

export const STATUS_BY_KIND: Record<ErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
  rate_limited: 429,
};

/**
 * A rule of the domain was broken. Each context declares its errors as subclasses with a stable
 * `code` (`booking.slot_taken`); the global filter turns them into problem+json.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly kind: ErrorKind;
  /** Extra, client-safe fields added to the problem body. */
  readonly details?: Record<string, unknown>;

  constructor(message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}

/** A resource that does not exist or is not the caller's: the same 404 either way. */
export class ResourceNotFoundError extends DomainError {
  readonly code: string;
  readonly kind = 'not_found' as const;

  constructor(resource: string) {
    super(`${resource.charAt(0).toUpperCase()}${resource.slice(1)} not found`);
    this.code = `${resource}.not_found`;
  }
}
