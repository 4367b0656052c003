import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@etutors/platform';
import type { DataSource } from 'typeorm';
import { DailyAggregates } from '../infrastructure/daily-aggregates.js';
import { readEventsAfter, type ReplayCursor } from '../infrastructure/event-replay.reader.js';
import { FactStore } from '../infrastructure/fact-store.js';
import { READ_MODEL_TABLES } from '../infrastructure/read-model-tables.js';
import { AnalyticsProjections } from './analytics-projections.js';

const DEFAULT_BATCH_SIZE = 500;

/**
 * `npm run analytics:rebuild`: empties the read models and replays, through the projections
 * the subscribers use, every event of the types they follow that the outbox still holds, in the
 * order they happened, one transaction per batch. Events older than the outbox retention
 * (`OUTBOX_RETENTION_DAYS`; the platform purges them nightly) are gone and cannot be replayed:
 * what they told is lost from the rebuilt models.
 *
 * Subscribers may keep running meanwhile: TRUNCATE waits for the projections in flight, an
 * event committed before it is in the outbox for the replay, one committed after is delivered
 * after it; and projecting an event twice changes nothing. Readers see partial figures until
 * the replay ends.
 */
@Injectable()
export class ReadModelRebuild {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly projections: AnalyticsProjections,
  ) {}

  async rebuild({ batchSize = DEFAULT_BATCH_SIZE } = {}): Promise<{ replayed: number }> {
    await this.unitOfWork.run((tx) => tx.manager.query(`TRUNCATE ${READ_MODEL_TABLES.join(', ')}`));
    const types = [...this.projections.byType.keys()];
    let cursor: ReplayCursor | null = null;
    let replayed = 0;
    for (;;) {
      const batch = await this.unitOfWork.run(async (tx) => {
        const events = await readEventsAfter(tx.manager, types, cursor, batchSize);
        for (const event of events) await this.projections.project(event, tx.manager);
        return events;
      });
      replayed += batch.length;
      const last = batch.at(-1);
      if (!last || batch.length < batchSize) break;
      cursor = { occurredAt: last.occurredAt, id: last.id };
    }
    return { replayed };
  }
}

/** The rebuild outside Nest, for the `analytics:rebuild` script. */
export const readModelRebuildOver = (dataSource: DataSource): ReadModelRebuild =>
  new ReadModelRebuild(
    new UnitOfWork(dataSource),
    new AnalyticsProjections(new FactStore(), new DailyAggregates()),
  );
