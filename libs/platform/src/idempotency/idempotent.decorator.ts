import { applyDecorators, UseInterceptors } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { IdempotencyInterceptor } from './idempotency.interceptor.js';

/**
 * Marks a route that moves money: it requires an `Idempotency-Key` header, and a repeat of the
 * same request with the same key within 24 h gets the first answer instead of running again.
 */
export const Idempotent = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: true,
      description:
        'A unique key per intended operation (1–255 visible ASCII characters). The same key and body within 24 h replays the first response; another body with the same key is refused (422 idempotency.key_reused); a repeat while the first still runs gets 409 idempotency.in_flight.',
      schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]+$' },
    }),
    UseInterceptors(IdempotencyInterceptor),
  );
