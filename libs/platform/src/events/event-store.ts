import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SqlReader } from '../database/sql-reader.js';
import { JobQueue } from '../jobs/job-queue.js';
import { OUTBOX_COLUMNS, toDomainEvent, type OutboxRow } from './outbox-row.js';
import { DOMAIN_EVENTS_QUEUE, SubscriberRegistry } from './subscriber.registry.js';

/** Housekeeping and replay over the kept events (read models are rebuilt by replaying). */
@Injectable()
export class EventStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reader: SqlReader,
    private readonly subscribers: SubscriberRegistry,
    private readonly jobs: JobQueue,
  ) {}

  /** Deletes published events (and their inbox rows) older than the retention. */
  async purgeOlderThan(days: number): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(
        `DELETE FROM platform.inbox WHERE processed_at < now() - make_interval(days => $1)`,
        [days],
      );
      const deleted = (await manager.query(
        `DELETE FROM platform.outbox
          WHERE published_at IS NOT NULL AND occurred_at < now() - make_interval(days => $1)
          RETURNING id`,
        [days],
      )) as [unknown[], number];
      return deleted[1];
    });
  }

  /**
   * Hands every kept event of the subscriber's types since `since` to it again. Its inbox rows for
   * those events are forgotten first, so a subscriber that cleared its read model rebuilds it.
   */
  async replay(subscriber: string, since: Date): Promise<number> {
    const types = this.subscribers.typesOf(subscriber);
    if (types.length === 0) throw new Error(`Unknown subscriber ${subscriber}`);
    const rows = await this.reader.query<OutboxRow>(
      `SELECT ${OUTBOX_COLUMNS}
         FROM platform.outbox WHERE type = ANY($1) AND occurred_at >= $2 ORDER BY occurred_at, id`,
      [types, since],
    );
    await this.dataSource.query(
      `DELETE FROM platform.inbox WHERE subscriber = $1 AND event_id = ANY($2::uuid[])`,
      [subscriber, rows.map((row) => row.id)],
    );
    const replayId = Date.now().toString(36);
    for (const row of rows) {
      await this.jobs.add(DOMAIN_EVENTS_QUEUE, subscriber, toDomainEvent(row), {
        jobId: `${row.id}:${subscriber}:replay-${replayId}`,
      });
    }
    return rows.length;
  }
}
