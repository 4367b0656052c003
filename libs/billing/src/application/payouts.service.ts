import { Injectable, Logger } from '@nestjs/common';
import {
  Clock,
  DependencyUnavailableError,
  EventBus,
  UnitOfWork,
  type AuthUser,
  type Transaction,
} from '@etutors/platform';
import { PayoutNotFoundError, PayoutNotPendingError } from '../billing.errors.js';
import { BillingSettings } from '../billing.settings.js';
import { PayoutSent } from '../events.js';
import { payoutSent } from '../domain/ledger.js';
import { PaymentProvider, type PayoutDestination } from '../domain/payment-provider.js';
import { PayoutDestinations } from '../domain/payout-destinations.js';
import { payoutPlan } from '../domain/payout-plan.js';
import { PayoutEntity } from '../domain/payout.entity.js';
import { LedgerRepository, type TutorBalance } from '../infrastructure/ledger.repository.js';
import { PayoutRepository, type PayoutWithLessons } from '../infrastructure/payout.repository.js';
import type { Page } from '@etutors/platform';

export type SendResult = 'sent' | 'failed' | 'taken';

/**
 * Pays tutors what they have earned: a run plans one payout per tutor and currency for the whole
 * available balance, then sends each through the provider in its own transaction. Every write
 * that moves an available balance holds the tutor's lock, so a payout is sent only against the
 * balance as it is at that moment, and the provider's idempotency key (the payout's id) makes a
 * send that crashed before its commit find the first transfer when it runs again.
 */
@Injectable()
export class PayoutsService {
  private readonly logger = new Logger('Payouts');

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly payouts: PayoutRepository,
    private readonly ledger: LedgerRepository,
    private readonly provider: PaymentProvider,
    private readonly events: EventBus,
    private readonly clock: Clock,
    private readonly settings: BillingSettings,
    private readonly destinations: PayoutDestinations,
  ) {}

  /**
   * Plans the run's payouts in one transaction: for each tutor and currency whose available
   * balance reaches the minimum, with a payout account and no payout pending, a pending payout
   * of the whole balance covering the entries it is made of. Running it again plans nothing new
   * for anyone already planned (one payout per run, tutor and currency).
   */
  async plan(runId: string): Promise<number> {
    return this.unitOfWork.run(async (tx) => {
      // Two workers on one run plan one after the other; the second finds everything planned.
      const run = await this.payouts.lockRun(tx, runId);
      if (!run?.isRunning) return 0;
      const now = this.clock.now();
      const payable = await this.payouts.payable(tx, this.settings.PAYOUT_MINIMUM);
      let planned = 0;
      for (const tutorId of new Set(payable.map((row) => row.tutorId))) {
        await this.ledger.lockTutor(tx, tutorId);
        const hasAccount = (await this.destinationOf(tutorId, tx)) !== null;
        const pending = await this.payouts.pendingCurrencies(tx, tutorId);
        const balances = (await this.ledger.tutorBalances(tutorId, tx.manager)).filter(
          (balance) => !pending.has(balance.currency),
        );
        for (const { currency, amount } of payoutPlan(
          balances,
          this.settings.PAYOUT_MINIMUM,
          hasAccount,
        )) {
          const items = await this.payouts.uncoveredEntries(tx, tutorId, currency);
          const covered = items.reduce((sum, item) => sum + item.amount, 0);
          if (covered !== amount) {
            this.logger.error(
              `Not paying tutor ${tutorId} in ${currency}: the entries no payout covers sum to ${covered}, the available balance is ${amount}`,
            );
            continue;
          }
          const payout = PayoutEntity.plan({
            runId,
            tutorId,
            currency,
            amount,
            provider: this.provider.name,
            now,
          });
          if (await this.payouts.insertPlanned(tx, payout, items)) planned += 1;
        }
      }
      return planned;
    });
  }

  /**
   * Sends every pending payout, each in its own transaction. One that throws (the provider is
   * down) is rolled back and stays pending; the others still go, and the first error is thrown
   * at the end so the job retries the rest under the same keys.
   */
  async sendPending(): Promise<Record<SendResult, number>> {
    const results: Record<SendResult, number> = { sent: 0, failed: 0, taken: 0 };
    let firstError: unknown = null;
    for (const payoutId of await this.payouts.pendingIds()) {
      try {
        results[await this.send(payoutId)] += 1;
      } catch (error) {
        this.logger.warn(`Payout ${payoutId} not sent yet: ${(error as Error).message}`);
        firstError ??= error;
      }
    }
    if (firstError) throw firstError;
    return results;
  }

  /**
   * Sends one pending payout, unless another worker is sending it (`taken`). Under the tutor's
   * lock the balance is read again: if a refund since planning left less than the payout, it
   * fails rather than paying out money the tutor no longer has.
   */
  async send(payoutId: string): Promise<SendResult> {
    return this.unitOfWork.run(async (tx) => {
      const payout = await this.payouts.lockPendingUnlessTaken(tx, payoutId);
      if (!payout) return 'taken';
      await this.ledger.lockTutor(tx, payout.tutorId);
      const now = this.clock.now();
      const balance = (await this.ledger.tutorBalances(payout.tutorId, tx.manager)).find(
        (candidate) => candidate.currency === payout.currency,
      );
      const shortfall = payout.whyNotSendable(balance?.available ?? 0);
      if (shortfall) return this.fail(tx, payout, shortfall, now);
      const destination = await this.destinationOf(payout.tutorId, tx);
      if (!destination) return this.fail(tx, payout, 'The tutor has no payout account.', now);
      const outcome = await this.provider.transfer({
        payoutId: payout.id,
        amount: payout.amount,
        currency: payout.currency,
        destination,
        idempotencyKey: payout.transferIdempotencyKey,
      });
      if (outcome.status === 'failed') return this.fail(tx, payout, outcome.reason, now);
      return this.recordSent(tx, payout, outcome.providerTransferId, now);
    });
  }

  /**
   * An admin gives up on a payout whose sends keep failing without an answer (it keeps its run
   * running, so no other run starts). The provider is asked first: if the transfer went through
   * (its answer lost before our commit), the payout is recorded as sent, as the send would have
   * been; otherwise it fails with the admin's reason, the balance stays available and the next
   * run plans a new payout. Either way its run may then complete.
   */
  async giveUp(admin: AuthUser, payoutId: string, reason: string): Promise<PayoutWithLessons> {
    const runId = await this.unitOfWork.run(async (tx) => {
      const payout = await this.payouts.lock(tx, payoutId);
      if (!payout) throw new PayoutNotFoundError();
      if (payout.status !== 'pending') throw new PayoutNotPendingError(payout.status);
      await this.ledger.lockTutor(tx, payout.tutorId);
      const made = await this.provider
        .findTransfer({ payoutId: payout.id, idempotencyKey: payout.transferIdempotencyKey })
        .catch((error: unknown) => {
          // Without the provider's word the payout stays as it is: a 503, nothing changed.
          throw new DependencyUnavailableError('payment_provider', { cause: error });
        });
      const now = this.clock.now();
      if (made) {
        this.logger.warn(
          `Payout ${payout.id} given up by admin ${admin.id} had gone through: recorded as sent`,
        );
        await this.recordSent(tx, payout, made.providerTransferId, now);
      } else {
        await this.fail(tx, payout, `Given up by an admin: ${reason}`, now);
      }
      return payout.runId;
    });
    await this.complete(runId);
    return (await this.payouts.findWithLessons(payoutId))!;
  }

  /** The provider's transfer went through: the payout is sent, and paid out in the ledger. */
  private async recordSent(
    tx: Transaction,
    payout: PayoutEntity,
    providerTransferId: string,
    now: Date,
  ): Promise<'sent'> {
    payout.send(providerTransferId, now);
    await this.payouts.savePayout(tx, payout);
    await this.ledger.post(
      tx,
      payoutSent({ tutorId: payout.tutorId, currency: payout.currency, amount: payout.amount }),
      { payoutId: payout.id },
      now,
    );
    await this.events.publish(tx, PayoutSent, {
      aggregateId: payout.id,
      payload: {
        payoutId: payout.id,
        tutorId: payout.tutorId,
        amount: payout.amount,
        currency: payout.currency,
      },
    });
    return 'sent';
  }

  /** Completes the run once none of its payouts is left pending; false while one is. */
  async complete(runId: string): Promise<boolean> {
    return this.unitOfWork.run(async (tx) => {
      const run = await this.payouts.lockRun(tx, runId);
      if (!run?.isRunning) return false;
      const counts = await this.payouts.countsOfRun(runId, tx.manager);
      // Another worker is still sending one of them; it completes the run after.
      if (counts.pending > 0) return false;
      run.complete(counts, this.clock.now());
      await this.payouts.saveRun(tx, run);
      return true;
    });
  }

  /** The tutor's balances per currency, as the ledger has them. */
  earnings(tutor: AuthUser): Promise<TutorBalance[]> {
    return this.ledger.tutorBalances(tutor.id);
  }

  payoutsOf(
    tutor: AuthUser,
    page: { page: number; limit: number },
  ): Promise<Page<PayoutWithLessons>> {
    return this.payouts.pageOfTutor(tutor.id, page);
  }

  /** A refused payout: the balance stays available and what it covered is free for the next. */
  private async fail(
    tx: Transaction,
    payout: PayoutEntity,
    reason: string,
    now: Date,
  ): Promise<'failed'> {
    payout.fail(reason, now);
    await this.payouts.savePayout(tx, payout);
    await this.payouts.releaseItems(tx, payout.id);
    this.logger.warn(`Payout ${payout.id} to tutor ${payout.tutorId} failed: ${reason}`);
    return 'failed';
  }

  private destinationOf(tutorId: string, tx: Transaction): Promise<PayoutDestination | null> {
    return this.destinations.destinationOf(tutorId, tx.manager);
  }
}
