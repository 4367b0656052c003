import {
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { from, type Observable, of, switchMap } from 'rxjs';
import type { AuthUser } from '../auth/auth-user.js';
import {
  IdempotencyKeyReusedError,
  IdempotencyRequestInFlightError,
  parseIdempotencyKey,
  requestFingerprint,
} from './idempotency-key.js';
import { IdempotencyStore, type KeyScope } from './idempotency.store.js';

/** The claim a request holds on its key, for the recorder to settle once the answer is known. */
export const IDEMPOTENCY_CLAIM = Symbol('idempotency-claim');

export type ClaimingRequest = FastifyRequest & { user?: AuthUser; [IDEMPOTENCY_CLAIM]?: KeyScope };

/**
 * `Idempotency-Key` on a route that moves money: the first request with a key runs, a repeat
 * with the same body gets the first answer again (status and bytes), a repeat with another body
 * is refused, and one arriving while the first still runs is told to wait. Runs after the
 * guards, so the key is scoped to the authenticated caller and to the route.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly store: IdempotencyStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<ClaimingRequest>();
    const scope: KeyScope = {
      ownerId: request.user!.id,
      route: `${request.method} ${request.routeOptions.url}`,
      key: parseIdempotencyKey(request.headers['idempotency-key']),
    };
    const fingerprint = requestFingerprint(request.url.split('?')[0]!, request.body);
    return from(this.store.claim(scope, fingerprint)).pipe(
      switchMap((outcome) => {
        switch (outcome.kind) {
          case 'claimed':
            request[IDEMPOTENCY_CLAIM] = scope;
            return next.handle();
          case 'replay':
            // A web Response: its status and headers win over the route's own status code.
            return of(
              new Response(outcome.body, {
                status: outcome.status,
                headers: { 'content-type': outcome.contentType, 'idempotent-replayed': 'true' },
              }),
            );
          case 'reused':
            throw new IdempotencyKeyReusedError();
          case 'in_flight':
            throw new IdempotencyRequestInFlightError();
        }
      }),
    );
  }
}
