import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { JobQueue } from '../jobs/job-queue.js';
import { RequestDurationHistogram } from './request-duration.histogram.js';

/** Prometheus metrics of this process. Queue depth and outbox lag are read when scraped. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  private readonly httpDuration = new RequestDurationHistogram(this.registry);

  constructor(dataSource: DataSource, jobs: JobQueue) {
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
        const [row] = (await dataSource
          .query(
            `SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(occurred_at)), 0)::float8 AS lag,
                    count(*)::int AS pending
               FROM platform.outbox WHERE published_at IS NULL`,
          )
          .catch(() => [])) as { lag: number; pending: number }[];
        if (row) this.set(row.lag);
      },
    });
  }

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    this.httpDuration.observe(method, route, status, seconds);
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}
