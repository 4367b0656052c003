import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { SqlReader } from '../database/sql-reader.js';
import { JobQueue } from '../jobs/job-queue.js';

type RequestLabel = 'method' | 'route' | 'status';

/** Prometheus metrics of this process. Queue depth and outbox lag are read when scraped. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  private readonly httpDuration = new Histogram<RequestLabel>({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  /**
   * One labelled child per method, route and status: `labels()` validates and hashes its
   * arguments, which only needs doing once per series, not on every request.
   */
  private readonly httpDurationSeries = new Map<string, Histogram.Internal<RequestLabel>>();

  constructor(reader: SqlReader, jobs: JobQueue) {
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'job_queue_jobs',
      help: 'Jobs by queue and state',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      async collect() {
        const counts = await jobs.counts().catch(() => undefined);
        if (!counts) return;
        for (const [queue, byState] of Object.entries(counts)) {
          for (const [state, value] of Object.entries(byState)) this.set({ queue, state }, value);
        }
      },
    });
    new Gauge({
      name: 'outbox_lag_seconds',
      help: 'Age of the oldest unpublished domain event (0 when none wait)',
      registers: [this.registry],
      async collect() {
        const [row] = await reader
          .query<{ lag: number }>(
            `SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(occurred_at)), 0)::float8 AS lag
               FROM platform.outbox WHERE published_at IS NULL`,
          )
          .catch(() => []);
        if (row) this.set(row.lag);
      },
    });
  }

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${status} ${route}`;
    let series = this.httpDurationSeries.get(key);
    if (!series) {
      series = this.httpDuration.labels(method, route, String(status));
      this.httpDurationSeries.set(key, series);
    }
    series.observe(seconds);
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}
