import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { RequestOrigin } from '../application/audit-log.js';

/** The caller's IP (proxy-aware when TRUST_PROXY is on) and user agent, for limits and the audit log. */
export const Origin = createParamDecorator(
  (_data: unknown, context: ExecutionContext): RequestOrigin => {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    return { ip: request.ip, userAgent: request.headers['user-agent'] ?? null };
  },
);
