import { createHash } from 'node:crypto';
import { DomainError } from '../http/domain-error.js';

/** How long a key and its first response are kept (the IETF draft and Stripe both use 24 h). */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60 * 1000;
/**
 * How long a first request may run before its claim is taken over: only a process that died
 * mid-request leaves a claim this old (the provider calls behind these routes time out sooner).
 */
export const IDEMPOTENCY_LEASE_MS = 5 * 60 * 1000;

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export class IdempotencyKeyMissingError extends DomainError {
  readonly code = 'idempotency.key_missing';
  readonly kind = 'invalid' as const;
  constructor() {
    super(
      'This request moves money: send an Idempotency-Key header (1 to 255 visible ASCII characters)',
    );
  }
}

export class IdempotencyKeyInvalidError extends DomainError {
  readonly code = 'idempotency.key_invalid';
  readonly kind = 'invalid' as const;
  constructor() {
    super('The Idempotency-Key header must be 1 to 255 visible ASCII characters');
  }
}

export class IdempotencyKeyReusedError extends DomainError {
  readonly code = 'idempotency.key_reused';
  readonly kind = 'unprocessable' as const;
  constructor() {
    super('This Idempotency-Key was already used with a different request');
  }
}

export class IdempotencyRequestInFlightError extends DomainError {
  readonly code = 'idempotency.in_flight';
  readonly kind = 'conflict' as const;
  constructor() {
    super('A request with this Idempotency-Key is still being processed; retry shortly');
  }
}

/** The key from the header, or an error saying why it cannot be used. */
export function parseIdempotencyKey(header: string | string[] | undefined): string {
  if (header === undefined || header === '') throw new IdempotencyKeyMissingError();
  if (Array.isArray(header) || !KEY_PATTERN.test(header)) throw new IdempotencyKeyInvalidError();
  return header;
}

/** JSON with object keys sorted, so two bodies that mean the same have the same fingerprint. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** What makes two requests "the same": the path they address and the body they carry. */
export function requestFingerprint(path: string, body: unknown): string {
  return createHash('sha256').update(path).update('\n').update(canonicalJson(body)).digest('hex');
}

/**
 * Whether a response is the request's final answer, to be replayed for the same key. A 5xx may be
 * retried; so may a request refused before it ran (malformed, rate-limited), as Stripe does.
 */
export function isReplayableStatus(status: number): boolean {
  return status < 500 && status !== 400 && status !== 429;
}

export interface StoredKey {
  fingerprint: string;
  state: 'in_flight' | 'completed';
  responseStatus: number | null;
  responseContentType: string | null;
  responseBody: string | null;
}

export type KeyDecision =
  | { kind: 'replay'; status: number; contentType: string; body: string }
  | { kind: 'reused' }
  | { kind: 'in_flight' };

/** What to answer a request whose key is already held by `stored`. */
export function decideOnExistingKey(stored: StoredKey, fingerprint: string): KeyDecision {
  if (stored.fingerprint !== fingerprint) return { kind: 'reused' };
  if (stored.state === 'in_flight') return { kind: 'in_flight' };
  return {
    kind: 'replay',
    status: stored.responseStatus!,
    contentType: stored.responseContentType ?? 'application/json; charset=utf-8',
    body: stored.responseBody ?? '',
  };
}
