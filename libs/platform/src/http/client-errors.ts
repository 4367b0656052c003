import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import { PROBLEM_CONTENT_TYPE, problemType, type Problem } from './problem.js';
import { securityHeadersFor } from './security-headers.js';

/** What Node's HTTP parser reports when a request cannot even be read. */
interface ClientError extends Error {
  code?: string;
}

const ANSWERS: Record<string, { status: number; title: string; code: string; detail: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    title: 'Request Header Fields Too Large',
    code: 'request.headers_too_large',
    detail: 'The request line or its headers are too large',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    title: 'Request Timeout',
    code: 'request.timeout',
    detail: 'The request was not received in time',
  },
};
const MALFORMED = {
  status: 400,
  title: 'Bad Request',
  code: 'request.malformed',
  detail: 'The request is not valid HTTP',
};

let securityHeaders: string | undefined;

/**
 * Fastify's `clientErrorHandler`: a request Node's parser refuses (a URL or headers over the
 * size limit, a malformed request line) never reaches Fastify, which would answer with its own
 * JSON; this answers problem+json, as every other error, and closes the connection.
 */
export function answerClientError(error: ClientError, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const answer = ANSWERS[error.code ?? ''] ?? MALFORMED;
    const requestId = randomUUID();
    const problem: Problem = {
      type: problemType(answer.code),
      title: answer.title,
      status: answer.status,
      detail: answer.detail,
      code: answer.code,
      instance: '/',
      requestId,
    };
    const body = JSON.stringify(problem);
    // Sent before any route or hook, so the headers every response carries are written here.
    securityHeaders ??= Object.entries(securityHeadersFor()('/api'))
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    socket.write(
      `HTTP/1.1 ${answer.status} ${answer.title}\r\n` +
        `Content-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        `X-Request-Id: ${requestId}\r\n` +
        securityHeaders +
        'Connection: close\r\n\r\n' +
        body,
    );
  }
  socket.destroy(error);
}
