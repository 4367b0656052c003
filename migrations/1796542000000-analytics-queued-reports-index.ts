import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the five-minute sweep for reports left queued reads: only the few queued rows, in the
 * order it takes them, instead of every report ever made.
 */
export class AnalyticsQueuedReportsIndex1796542000000 implements MigrationInterface {
  name = 'AnalyticsQueuedReportsIndex1796542000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX reports_queued_idx ON analytics.reports (created_at, id) WHERE status = 'queued'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX analytics.reports_queued_idx`);
  }
}
