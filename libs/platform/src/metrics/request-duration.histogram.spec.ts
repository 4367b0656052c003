import { Histogram, Registry } from 'prom-client';
import { RequestDurationHistogram } from './request-duration.histogram.js';

describe('RequestDurationHistogram', () => {
  it("renders exactly what prom-client's own histogram renders for the same observations", async () => {
    const ours = new Registry();
    const histogram = new RequestDurationHistogram(ours);
    const reference = new Registry();
    const theirs = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by method, route and status',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [reference],
    });
    const observations: [string, string, number, number][] = [
      ['GET', '/health/live', 200, 0.0004],
      ['GET', '/health/live', 200, 0.005],
      ['GET', '/health/live', 200, 0.0051],
      ['GET', '/api/v1/users/me', 401, 0.3],
      ['POST', '/api/v1/bookings', 201, 7.5],
      ['GET', '/health/live', 200, 2.5],
    ];
    for (const [method, route, status, seconds] of observations) {
      histogram.observe(method, route, status, seconds);
      theirs.observe({ method, route, status: String(status) }, seconds);
    }
    expect(await ours.metrics()).toBe(await reference.metrics());
    expect(await ours.metrics()).toContain(
      'http_request_duration_seconds_bucket{le="0.005",method="GET",route="/health/live",status="200"} 2',
    );
  });
});
