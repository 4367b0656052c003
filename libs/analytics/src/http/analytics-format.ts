import { applyDecorators } from '@nestjs/common';
import { ApiOkResponse, ApiProduces } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CSV_CONTENT_TYPE, negotiateMediaType } from '@etutors/platform';

/** What an analytics list answers in: JSON, or CSV for `Accept: text/csv`. */
export const LIST_MEDIA_TYPES = { json: 'application/json', csv: 'text/csv' } as const;

/**
 * CSV when `Accept` prefers it: the reply is typed and named as a download and `body` is sent;
 * otherwise undefined, and the caller answers JSON. Either way the answer varies with `Accept`.
 */
export function csvIfAsked(
  accept: string | undefined,
  reply: FastifyReply,
  fileName: string,
  body: () => string,
): string | undefined {
  void reply.header('vary', 'Accept');
  if (negotiateMediaType(accept, LIST_MEDIA_TYPES) !== 'csv') return undefined;
  void reply
    .type(CSV_CONTENT_TYPE)
    .header('content-disposition', `attachment; filename="${fileName}"`);
  return body();
}

/** Documents a list's 200 in JSON (`schema`) and in CSV (`example`). */
export const ApiListResponse = (schema: Record<string, unknown>, example: string) =>
  applyDecorators(
    ApiProduces(...Object.values(LIST_MEDIA_TYPES)),
    ApiOkResponse({
      description: 'JSON, or CSV with a header row when `Accept: text/csv` (RFC 4180, CRLF)',
      content: {
        'application/json': { schema },
        'text/csv': { schema: { type: 'string', example } },
      },
      headers: {
        'Content-Disposition': {
          description: 'for CSV: attachment; filename="analytics-<list>-<from>-<to>.csv"',
          schema: { type: 'string' },
        },
      },
    }),
  );
