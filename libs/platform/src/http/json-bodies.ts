import { FastifyAdapter } from '@nestjs/platform-fastify';

/**
 * A Fastify adapter that reads request bodies as JSON only. Nest would also parse forms and
 * Fastify plain text, which no route reads; refused at parsing, they get 415 problem+json
 * instead of reaching a DTO as something it was never written for.
 */
export class JsonBodiesFastifyAdapter extends FastifyAdapter {
  override registerParserMiddleware(prefix?: string, rawBody?: boolean): void {
    super.registerParserMiddleware(prefix, rawBody);
    const fastify = this.getInstance();
    for (const type of ['application/x-www-form-urlencoded', 'text/plain'])
      if (fastify.hasContentTypeParser(type)) fastify.removeContentTypeParser(type);
  }
}
