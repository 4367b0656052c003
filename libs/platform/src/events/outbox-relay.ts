import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import type { Environment } from '../config/environment.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { unavailableDependency } from '../http/dependency-errors.js';
import { JobQueue } from '../jobs/job-queue.js';
import { PROCESS_ROLE, processesJobsHere, type ProcessRole } from '../jobs/process-role.js';
import { OUTBOX_COLUMNS, toDomainEvent, type OutboxRow } from './outbox-row.js';
import { OutboxSignal } from './outbox-signal.js';
import { DOMAIN_EVENTS_QUEUE, SubscriberRegistry } from './subscriber.registry.js';

const BATCH_SIZE = 200;

/**
 * Moves committed events from `platform.outbox` to subscriber jobs. Runs where jobs are processed
 * (the worker; the API too with the inline driver or `JOBS_PROCESS_IN_API`), so an API next to a
 * worker spends nothing on it but a nudge. A pass starts when any process commits events (the
 * OutboxSignal, or right after a commit in this process) and on a slow poll as a safety net. `FOR UPDATE SKIP LOCKED` lets any number of processes relay at once without handing out
 * an event twice; a crash between enqueue and commit only re-enqueues with the same job id, and
 * the inbox turns that into a no-op.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap {
  private readonly logger = new Logger('OutboxRelay');
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private rerun = false;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly subscribers: SubscriberRegistry,
    private readonly jobs: JobQueue,
    private readonly signal: OutboxSignal,
    private readonly config: ConfigService<Environment, true>,
    @Inject(PROCESS_ROLE) private readonly role: ProcessRole,
  ) {}

  onApplicationBootstrap(): void {
    const processInApi = this.config.get('JOBS_PROCESS_IN_API', { infer: true });
    if (!processesJobsHere(this.role, this.jobs.driver, processInApi)) {
      this.unitOfWork.onCommit((commit) => commit.wroteEvents && this.signal.send());
      this.logger.log('Outbox relay off in this process: the worker relays');
      return;
    }
    this.unitOfWork.onCommit((commit) => commit.wroteEvents && this.poke());
    this.signal.listen(() => this.poke());
    const interval = this.config.get('OUTBOX_POLL_MS', { infer: true });
    this.timer = setInterval(() => this.poke(), interval);
    this.timer.unref();
    this.poke();
  }

  /** Ends relaying here and waits for a pass under way (before the pool and queues close). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Asks for a relay pass soon; passes never overlap within one process. */
  poke(): void {
    if (this.stopped) return;
    if (this.running) {
      this.rerun = true;
      return;
    }
    this.running = this.drain()
      .catch((error: Error) => {
        // Redis or PostgreSQL away: the events wait in the outbox, the next pass relays them.
        if (unavailableDependency(error)) this.logger.warn(`Relay pass failed: ${error.message}`);
        else this.logger.error(`Relay pass failed: ${error.message}`);
        return 0;
      })
      .finally(() => {
        this.running = undefined;
        if (this.rerun && !this.stopped) {
          this.rerun = false;
          this.poke();
        }
      });
  }

  /** Relays until the outbox is empty; returns how many events were handed out. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const relayed = await this.relayBatch();
      total += relayed;
      if (relayed < BATCH_SIZE || this.stopped) return total;
    }
  }

  /** One batch in one transaction: lock unpublished rows, enqueue a job per subscriber, mark them published. */
  async relayBatch(limit = BATCH_SIZE): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows = (await manager.query(
        `SELECT ${OUTBOX_COLUMNS}
           FROM platform.outbox
          WHERE published_at IS NULL
          ORDER BY occurred_at, id
          LIMIT $1
          FOR UPDATE SKIP LOCKED`,
        [limit],
      )) as OutboxRow[];
      if (rows.length === 0) return 0;
      for (const row of rows) {
        const event = toDomainEvent(row);
        for (const subscriber of this.subscribers.subscribersOf(row.type)) {
          await this.jobs.add(DOMAIN_EVENTS_QUEUE, subscriber, event, {
            jobId: `${row.id}:${subscriber}`,
          });
        }
      }
      await manager.query(
        `UPDATE platform.outbox SET published_at = now() WHERE id = ANY($1::uuid[])`,
        [rows.map((row) => row.id)],
      );
      return rows.length;
    });
  }
}
