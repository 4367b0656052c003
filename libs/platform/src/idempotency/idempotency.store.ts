import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SqlReader } from '../database/sql-reader.js';
import { Clock } from '../time/clock.js';
import {
  decideOnExistingKey,
  IDEMPOTENCY_KEY_TTL_MS,
  IDEMPOTENCY_LEASE_MS,
  type KeyDecision,
  type StoredKey,
} from './idempotency-key.js';

/** One caller's key on one route. */
export interface KeyScope {
  ownerId: string;
  route: string;
  key: string;
}

export type ClaimOutcome = { kind: 'claimed' } | KeyDecision;

/**
 * `platform.idempotency_keys`: the first request with a key claims it (one INSERT, so of any
 * number of concurrent duplicates exactly one wins), later ones read what it left. A row whose
 * 24 h have passed, or an abandoned claim (its process died mid-request), is claimed afresh.
 */
@Injectable()
export class IdempotencyStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reader: SqlReader,
    private readonly clock: Clock,
  ) {}

  async claim(scope: KeyScope, fingerprint: string): Promise<ClaimOutcome> {
    // A row read as gone (released between the INSERT and the SELECT) is claimed again.
    for (let attempt = 0; attempt < 3; attempt++) {
      const now = this.clock.now();
      const claimed = (await this.dataSource.query(
        `INSERT INTO platform.idempotency_keys AS k
           (owner_id, route, key, fingerprint, state, locked_until, expires_at, created_at)
         VALUES ($1, $2, $3, $4, 'in_flight', $5, $6, $7)
         ON CONFLICT (owner_id, route, key) DO UPDATE
           SET fingerprint = EXCLUDED.fingerprint, state = 'in_flight',
               response_status = NULL, response_content_type = NULL, response_body = NULL,
               locked_until = EXCLUDED.locked_until, expires_at = EXCLUDED.expires_at,
               created_at = EXCLUDED.created_at
           WHERE k.expires_at <= EXCLUDED.created_at
              OR (k.state = 'in_flight' AND k.locked_until <= EXCLUDED.created_at
                  AND k.fingerprint = EXCLUDED.fingerprint)
         RETURNING 1`,
        [
          scope.ownerId,
          scope.route,
          scope.key,
          fingerprint,
          new Date(now.getTime() + IDEMPOTENCY_LEASE_MS),
          new Date(now.getTime() + IDEMPOTENCY_KEY_TTL_MS),
          now,
        ],
      )) as unknown[];
      if (claimed.length > 0) return { kind: 'claimed' };
      const [stored] = await this.reader.query<StoredKey>(
        `SELECT fingerprint, state, response_status AS "responseStatus",
                response_content_type AS "responseContentType", response_body AS "responseBody"
           FROM platform.idempotency_keys WHERE owner_id = $1 AND route = $2 AND key = $3`,
        [scope.ownerId, scope.route, scope.key],
      );
      if (stored) return decideOnExistingKey(stored, fingerprint);
    }
    // Three releases in a row under our feet: treat it as still running.
    return { kind: 'in_flight' };
  }

  /** Keeps the first answer for replay. */
  async complete(
    scope: KeyScope,
    status: number,
    contentType: string,
    body: string,
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE platform.idempotency_keys
          SET state = 'completed', response_status = $4, response_content_type = $5,
              response_body = $6, locked_until = NULL
        WHERE owner_id = $1 AND route = $2 AND key = $3`,
      [scope.ownerId, scope.route, scope.key, status, contentType, body],
    );
  }

  /** Frees the key: the request did not reach a final answer, so the same key may try again. */
  async release(scope: KeyScope): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM platform.idempotency_keys WHERE owner_id = $1 AND route = $2 AND key = $3 AND state = 'in_flight'`,
      [scope.ownerId, scope.route, scope.key],
    );
  }

  /** Deletes keys whose 24 h are over; returns how many. */
  async purgeExpired(): Promise<number> {
    const [, count] = (await this.dataSource.query(
      `DELETE FROM platform.idempotency_keys WHERE expires_at <= $1`,
      [this.clock.now()],
    )) as [unknown, number];
    return count;
  }
}
