import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { Clock, defineJob, EventBus, JobHandler, JobQueue, UnitOfWork } from '@etutors/platform';
import { earningsReleased } from '../domain/ledger.js';
import { EarningsReleased } from '../events.js';
import { LedgerRepository } from '../infrastructure/ledger.repository.js';
import { PaymentRepository } from '../infrastructure/payment.repository.js';

export const ReleaseEarnings = defineJob<Record<string, never>>(
  'billing',
  'billing.release-earnings',
);

const BATCH = 200;

/**
 * Moves the tutor share of every payment whose lesson was completed and whose hold has passed
 * without an open dispute from pending to available. Each payment is released once: its row is
 * locked and skipped by any other worker, marked in the same transaction as the posting, and the
 * ledger refuses a second release of one payment.
 */
@Injectable()
export class EarningsRelease {
  private readonly logger = new Logger('EarningsRelease');

  constructor(
    private readonly jobs: JobQueue,
    private readonly unitOfWork: UnitOfWork,
    private readonly payments: PaymentRepository,
    private readonly ledger: LedgerRepository,
    private readonly events: EventBus,
    private readonly clock: Clock,
  ) {}

  @Cron(CronExpression.EVERY_MINUTE)
  async enqueue(): Promise<void> {
    const minute = Math.floor(this.clock.now().getTime() / 60_000);
    await this.jobs.enqueue(ReleaseEarnings, {}, { jobId: `release-earnings:${minute}` });
  }

  /** Releases everything due, batch by batch; returns how many payments it released. */
  @JobHandler(ReleaseEarnings)
  async releaseDue(): Promise<number> {
    let total = 0;
    for (let batch = await this.releaseBatch(); batch > 0; batch = await this.releaseBatch()) {
      total += batch;
    }
    if (total > 0) this.logger.log(`Released the earnings of ${total} payments`);
    return total;
  }

  private releaseBatch(): Promise<number> {
    return this.unitOfWork.run(async (tx) => {
      const now = this.clock.now();
      const due = await this.payments.lockDueForRelease(tx, now, BATCH);
      // In tutor order (as the rows come), so two jobs never wait on each other's tutors.
      for (const tutorId of new Set(due.map((payment) => payment.tutorId))) {
        await this.ledger.lockTutor(tx, tutorId);
      }
      for (const payment of due) {
        const amount = payment.release(now);
        await this.payments.save(tx, payment);
        // A payment refunded in full has nothing left to release: it is marked, nothing posts.
        if (amount === 0) continue;
        await this.ledger.post(
          tx,
          earningsReleased({ tutorId: payment.tutorId, currency: payment.currency, amount }),
          { paymentId: payment.id },
          now,
        );
        await this.events.publish(tx, EarningsReleased, {
          aggregateId: payment.id,
          payload: {
            paymentId: payment.id,
            bookingId: payment.bookingId,
            tutorId: payment.tutorId,
            amount,
            currency: payment.currency,
          },
        });
      }
      return due.length;
    });
  }
}
