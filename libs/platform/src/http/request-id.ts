import type { IncomingMessage } from 'node:http';
import { newId } from '../ids.js';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Echo the caller's `X-Request-Id` when it is a sane token; otherwise mint one. */
export function requestIdFor(request: IncomingMessage): string {
  const sent = request.headers['x-request-id'];
  const candidate = Array.isArray(sent) ? sent[0] : sent;
  return candidate && SAFE_REQUEST_ID.test(candidate) ? candidate : newId();
}
