import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Echo the caller's `X-Request-Id` when it is a sane token; otherwise mint one. */
export function requestIdFor(request: IncomingMessage): string {
  const sent = request.headers['x-request-id'];
  const candidate = Array.isArray(sent) ? sent[0] : sent;
  // v4 from Node's pooled entropy: a request id needs no time order, and this is on every request.
  return candidate && SAFE_REQUEST_ID.test(candidate) ? candidate : randomUUID();
}
