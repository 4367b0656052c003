// Reference server for `bench/floor.mjs`: the bare baseline's `/health/live` (plain Fastify, no
// Nest) plus what every API response must carry: helmet's security headers and `X-Request-Id`
// (set as the API sets them) and the request-duration metric. Whatever this loses to the bare
// baseline, no framework choice can win back.
import Fastify from 'fastify';
import { Registry } from 'prom-client';
import { RESPONSE_HEADER_OPTIONS } from '../dist/libs/platform/src/http/create-http-app.js';
import { RequestDurationHistogram } from '../dist/libs/platform/src/metrics/request-duration.histogram.js';

const histogram = new RequestDurationHistogram(new Registry());
const app = Fastify({ logger: false, ...RESPONSE_HEADER_OPTIONS });
app.addHook('onResponse', (request, reply, done) => {
  const route = request.routeOptions.url ?? 'unmatched';
  histogram.observe(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
  done();
});
app.get('/health/live', async () => ({ status: 'ok' }));

process.once('SIGTERM', async () => {
  await app.close();
  process.exit(0);
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
