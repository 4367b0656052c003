import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { isReplayableStatus } from './idempotency-key.js';
import { IDEMPOTENCY_CLAIM, type ClaimingRequest } from './idempotency.interceptor.js';
import { IdempotencyStore } from './idempotency.store.js';

/**
 * Settles each claimed key with the exact bytes about to be sent, whether the handler answered or
 * an error filter did, before the client can see the answer: a retry that follows it finds the
 * key completed, never still in flight.
 */
@Injectable()
export class IdempotencyRecorder implements OnModuleInit {
  private readonly logger = new Logger('Idempotency');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly store: IdempotencyStore,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify?.addHook) return;
    fastify.addHook('onSend', async (request: ClaimingRequest, reply: FastifyReply, payload) => {
      const scope = request[IDEMPOTENCY_CLAIM];
      if (!scope) return payload;
      delete request[IDEMPOTENCY_CLAIM];
      const body =
        typeof payload === 'string'
          ? payload
          : Buffer.isBuffer(payload)
            ? payload.toString()
            : null;
      try {
        if (body !== null && isReplayableStatus(reply.statusCode)) {
          const contentType = String(reply.getHeader('content-type') ?? 'application/json');
          await this.store.complete(scope, reply.statusCode, contentType, body);
        } else {
          await this.store.release(scope);
        }
      } catch (error) {
        // The answer itself stands; the key stays claimed until its lease runs out.
        this.logger.error(`Could not settle idempotency key ${scope.key}: ${String(error)}`);
      }
      return payload;
    });
  }
}
