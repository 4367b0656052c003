import { Injectable } from '@nestjs/common';
import {
  Clock,
  EventBus,
  ResourceNotFoundError,
  UnitOfWork,
  type AuthUser,
  type Transaction,
} from '@etutors/platform';
import { SeriesChargeNotRefundableError } from '../billing.errors.js';
import { RefundIssued } from '../events.js';
import { refundIssued } from '../domain/ledger.js';
import { PaymentProvider } from '../domain/payment-provider.js';
import type { PaymentEntity } from '../domain/payment.entity.js';
import { RefundEntity, type RefundSource } from '../domain/refund.entity.js';
import { LedgerRepository } from '../infrastructure/ledger.repository.js';
import { PaymentRepository } from '../infrastructure/payment.repository.js';

/**
 * Gives money back on a captured payment. Each refund holds the payment's row lock from the
 * check to the commit, so concurrent refunds queue and their total can never pass what was
 * captured (the database's check on the payment says the same).
 */
@Injectable()
export class RefundsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly payments: PaymentRepository,
    private readonly ledger: LedgerRepository,
    private readonly provider: PaymentProvider,
    private readonly events: EventBus,
    private readonly clock: Clock,
  ) {}

  /** An admin's refund of part or all of a payment. */
  async refundByAdmin(admin: AuthUser, paymentId: string, amount: number, reason: string) {
    return this.unitOfWork.run(async (tx) => {
      const payment = await this.payments.lock(tx, paymentId);
      if (!payment) throw new ResourceNotFoundError('payment');
      return this.issue(tx, payment, { amount, reason, source: 'admin', actorId: admin.id });
    });
  }

  /**
   * Refunds `payment` by `amount` in `tx` (locked by the caller): through the provider, in the
   * ledger, and as a `billing.refund.issued` event. The tutor's part comes out of wherever the
   * share sits: pending while held, available once released (which may go negative, to be
   * settled by later earnings); the latter under the tutor's lock, as a payout reads it.
   */
  issue(
    tx: Transaction,
    payment: PaymentEntity,
    refund: { amount: number; reason: string; source: RefundSource; actorId: string | null },
  ): Promise<RefundEntity> {
    return this.record(tx, payment, refund, async (entity) => {
      const { providerRefundId } = await this.provider.refund({
        providerPaymentId: payment.providerPaymentId,
        amount: refund.amount,
        currency: payment.currency,
        idempotencyKey: entity.providerIdempotencyKey,
      });
      return providerRefundId;
    });
  }

  /**
   * The payer's bank took back what was left of `payment` (locked by the caller): a dispute was
   * lost. Recorded as a refund (source `chargeback`, the provider's dispute as its reference)
   * with the same ledger posting and event, so the tutor's share and the fee are reversed as for
   * any refund; no money is sent, the provider has already moved it. Null when nothing was left.
   */
  async chargeBack(
    tx: Transaction,
    payment: PaymentEntity,
    disputeId: string,
  ): Promise<RefundEntity | null> {
    if (payment.refundable === 0) return null;
    const refund = {
      amount: payment.refundable,
      reason: "The payer's bank took the charge back: the dispute was lost.",
      source: 'chargeback' as const,
      actorId: null,
    };
    return this.record(tx, payment, refund, () => Promise.resolve(disputeId));
  }

  private async record(
    tx: Transaction,
    payment: PaymentEntity,
    refund: { amount: number; reason: string; source: RefundSource; actorId: string | null },
    giveBack: (entity: RefundEntity) => Promise<string>,
  ): Promise<RefundEntity> {
    // A series' charge is refunded lesson by lesson, through its occurrences' payments.
    if (payment.bookingId === null) throw new SeriesChargeNotRefundableError();
    const now = this.clock.now();
    if (payment.isReleased) await this.ledger.lockTutor(tx, payment.tutorId);
    const { feeReversed } = payment.refund(refund.amount, now);
    const entity = RefundEntity.create({
      paymentId: payment.id,
      bookingId: payment.bookingId,
      amount: refund.amount,
      currency: payment.currency,
      feeReversed,
      source: refund.source,
      reason: refund.reason,
      createdBy: refund.actorId,
      createdAt: now,
    });
    entity.providerRefundId = await giveBack(entity);
    await tx.manager.getRepository(RefundEntity).insert(entity);
    await this.payments.save(tx, payment);
    await this.ledger.post(
      tx,
      refundIssued({
        tutorId: payment.tutorId,
        currency: payment.currency,
        refund: refund.amount,
        feeReversed,
        from: payment.tutorShareAccount,
      }),
      { paymentId: payment.id },
      now,
    );
    await this.events.publish(tx, RefundIssued, {
      aggregateId: payment.id,
      actorId: refund.actorId,
      payload: {
        refundId: entity.id,
        paymentId: payment.id,
        bookingId: payment.bookingId,
        studentId: payment.studentId,
        tutorId: payment.tutorId,
        amount: refund.amount,
        currency: payment.currency,
        source: refund.source,
        reason: refund.reason,
        feeReversed,
      },
    });
    return entity;
  }
}
