import { newId } from '@etutors/platform';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import {
  PaymentNotConfirmableError,
  PaymentNotRefundableError,
  RefundExceedsCapturedError,
} from '../billing.errors.js';
import { feeReversal, platformFee } from './ledger.js';
import type { PaymentStatus } from './payment-status.js';

/** What the provider said about a confirmation attempt. */
export type ConfirmationOutcome =
  | { status: 'succeeded' }
  | { status: 'requires_action' }
  | { status: 'failed'; declineCode: string; reason: string };

/** The forward moves a provider's reports may make. */
const FORWARD: Record<PaymentStatus, readonly PaymentStatus[]> = {
  requires_confirmation: ['requires_action', 'succeeded', 'failed'],
  requires_action: ['succeeded', 'failed'],
  failed: ['succeeded'],
  succeeded: [],
};
const mayBecome = (from: PaymentStatus, to: PaymentStatus) => FORWARD[from].includes(to);

const bigintAsNumber = { to: (value: number) => value, from: (value: string) => Number(value) };
const nullableBigintAsNumber = {
  to: (value: number | null) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

const HOUR = 3_600_000;

/** The commission a payment pays: its rate and the rule version it came from (null: the default). */
export interface Commission {
  feeBps: number;
  ruleVersion: number | null;
}

/**
 * A student's payment for one booking. Its amount and currency come from the booking (never from
 * the client); its fee rate is provisional until it succeeds, when the commission rule then in
 * force is snapshotted on it. It may be confirmed until it succeeds; a failed attempt leaves it
 * payable with another method.
 *
 * Once paid, the tutor's share is held in escrow: when the lesson is completed the hold starts,
 * and once it has passed without an open dispute the share is released to the tutor, once.
 */
@Entity({ schema: 'billing', name: 'payments' })
export class PaymentEntity {
  @PrimaryColumn('uuid') id: string;
  /** The booking paid for; null on a weekly series' charge (see `seriesId`). */
  @Column('uuid', { nullable: true }) bookingId: string | null;
  /** On a weekly series' charge: the series. Its occurrences each get a payment of their own. */
  @Column('uuid', { nullable: true }) seriesId: string | null;
  /** On an occurrence's payment: the series' charge it is part of (its provider charge). */
  @Column('uuid', { nullable: true }) seriesPaymentId: string | null;
  @Column('uuid') studentId: string;
  @Column('uuid') tutorId: string;
  @Column('bigint', { transformer: bigintAsNumber }) amount: number;
  @Column('text') currency: string;
  @Column('int') feeBps: number;
  @Column('text') status: PaymentStatus;
  @Column('text') provider: string;
  @Column('text') providerPaymentId: string;
  @Column('text', { nullable: true }) clientSecret: string | null;
  @Column('int') confirmAttempts: number;
  @Column('text', { nullable: true }) declineCode: string | null;
  @Column('text', { nullable: true }) failureReason: string | null;
  @Column('timestamptz', { nullable: true }) succeededAt: Date | null;
  @Column('bigint', { transformer: bigintAsNumber }) refundedAmount: number;
  @Column('bigint', { transformer: bigintAsNumber }) refundedFee: number;
  @Column('int', { nullable: true }) commissionRuleVersion: number | null;
  @Column('timestamptz', { nullable: true }) lessonCompletedAt: Date | null;
  /** The booking was cancelled late, the policy leaving the tutor a share (held from then). */
  @Column('timestamptz', { nullable: true }) lateCancelledAt: Date | null;
  @Column('timestamptz', { nullable: true }) releaseDueAt: Date | null;
  @Column('timestamptz', { nullable: true }) releasedAt: Date | null;
  @Column('bigint', { nullable: true, transformer: nullableBigintAsNumber })
  releasedAmount: number | null;
  @Column('timestamptz', { nullable: true }) disputedAt: Date | null;
  @Column('timestamptz', { nullable: true }) caseOpenedAt: Date | null;
  @Column('timestamptz') createdAt: Date;
  @Column('timestamptz') updatedAt: Date;

  static forBooking(input: {
    id?: string;
    booking: { bookingId: string; studentId: string; tutorId: string };
    price: { amount: number; currency: string };
    feeBps: number;
    provider: string;
    providerPaymentId: string;
    clientSecret: string | null;
    now: Date;
    /** The series' charge this occurrence's payment is part of. */
    seriesPaymentId?: string;
  }): PaymentEntity {
    const payment = PaymentEntity.create(input, input.booking);
    payment.bookingId = input.booking.bookingId;
    payment.seriesPaymentId = input.seriesPaymentId ?? null;
    return payment;
  }

  /**
   * The one provider charge for a weekly series' occurrences (`amount` their prices together);
   * each occurrence's own payment (`forBooking` with `seriesPaymentId`) follows its outcome.
   */
  static forSeries(input: {
    series: { seriesId: string; studentId: string; tutorId: string };
    price: { amount: number; currency: string };
    feeBps: number;
    provider: string;
    providerPaymentId: string;
    clientSecret: string | null;
    now: Date;
  }): PaymentEntity {
    const payment = PaymentEntity.create(input, input.series);
    payment.seriesId = input.series.seriesId;
    return payment;
  }

  private static create(
    input: {
      id?: string;
      price: { amount: number; currency: string };
      feeBps: number;
      provider: string;
      providerPaymentId: string;
      clientSecret: string | null;
      now: Date;
    },
    payer: { studentId: string; tutorId: string },
  ): PaymentEntity {
    const payment = new PaymentEntity();
    Object.assign(payment, {
      id: input.id ?? newId(),
      bookingId: null,
      seriesId: null,
      seriesPaymentId: null,
      studentId: payer.studentId,
      tutorId: payer.tutorId,
      amount: input.price.amount,
      currency: input.price.currency,
      feeBps: input.feeBps,
      status: 'requires_confirmation',
      provider: input.provider,
      providerPaymentId: input.providerPaymentId,
      clientSecret: input.clientSecret,
      confirmAttempts: 0,
      declineCode: null,
      failureReason: null,
      succeededAt: null,
      refundedAmount: 0,
      refundedFee: 0,
      commissionRuleVersion: null,
      lessonCompletedAt: null,
      lateCancelledAt: null,
      releaseDueAt: null,
      releasedAt: null,
      releasedAmount: null,
      disputedAt: null,
      caseOpenedAt: null,
      createdAt: input.now,
      updatedAt: input.now,
    } satisfies Partial<PaymentEntity>);
    return payment;
  }

  /** Whether this is a weekly series' charge, whose occurrences' payments carry the lessons. */
  get isSeriesCharge(): boolean {
    return this.seriesId !== null;
  }

  get isPaid(): boolean {
    return this.status === 'succeeded';
  }

  get platformFee(): number {
    return platformFee(this.amount, this.feeBps);
  }

  /** The tutor's part of what is kept: the amount less the fee, less what refunds took from it. */
  get tutorShare(): number {
    return this.amount - this.platformFee - (this.refundedAmount - this.refundedFee);
  }

  get isReleased(): boolean {
    return this.releasedAt !== null;
  }

  /** Where the tutor's share sits in the ledger: held until released, then the tutor's. */
  get tutorShareAccount(): 'tutor_pending' | 'tutor_available' {
    return this.isReleased ? 'tutor_available' : 'tutor_pending';
  }

  /**
   * Fixes the commission the payment pays, when it succeeds: a later change of the rules never
   * reprices it.
   */
  chargeCommission(commission: Commission, now: Date): void {
    if (!this.isPaid || this.refundedAmount > 0) {
      throw new Error(`the commission is fixed when a payment succeeds, not when ${this.status}`);
    }
    if (
      !Number.isInteger(commission.feeBps) ||
      commission.feeBps < 0 ||
      commission.feeBps > 10_000
    ) {
      throw new RangeError(`fee must be 0..10000 basis points, got ${commission.feeBps}`);
    }
    this.feeBps = commission.feeBps;
    this.commissionRuleVersion = commission.ruleVersion;
    this.updatedAt = now;
  }

  /**
   * The lesson was completed at `at`: the hold of `holdHours` starts. Only a paid payment holds
   * anything, and only the first completion counts. Returns whether anything changed.
   */
  lessonCompleted(at: Date, holdHours: number): boolean {
    if (this.lessonCompletedAt || !this.startHold(at, holdHours)) return false;
    this.lessonCompletedAt = at;
    return true;
  }

  /**
   * The booking was cancelled at `at` after its policy's refund (already applied): what the policy
   * left the tutor is theirs as for a taught lesson, held from the cancellation. A cancellation
   * refunded in full leaves nothing to hold. Returns whether anything changed.
   */
  cancelledLate(at: Date, holdHours: number): boolean {
    if (this.tutorShare === 0 || !this.startHold(at, holdHours)) return false;
    this.lateCancelledAt = at;
    return true;
  }

  private startHold(at: Date, holdHours: number): boolean {
    if (!this.isPaid || this.releaseDueAt) return false;
    this.releaseDueAt = new Date(at.getTime() + holdHours * HOUR);
    this.updatedAt = at;
    return true;
  }

  /** Completed, held long enough, no open dispute or case, not yet released. */
  isDueForRelease(now: Date): boolean {
    return (
      this.isPaid &&
      !this.isReleased &&
      this.disputedAt === null &&
      this.caseOpenedAt === null &&
      this.releaseDueAt !== null &&
      this.releaseDueAt <= now
    );
  }

  /**
   * Releases the tutor's share (what refunds left of it; nothing for a payment refunded in full)
   * and returns it; the caller moves it pending → available in the ledger.
   */
  release(now: Date): number {
    if (!this.isDueForRelease(now)) throw new Error(`payment ${this.id} is not due for release`);
    const share = this.tutorShare;
    this.releasedAt = now;
    this.releasedAmount = share;
    this.updatedAt = now;
    return share;
  }

  /** The payer disputed the charge with their bank: nothing is released until it is won. */
  disputeOpened(now: Date): boolean {
    return this.placeHold('disputedAt', now);
  }

  /**
   * The dispute was closed: won, or lost and charged back (a refund, recorded first). The share,
   * what is left of it, may be released again when due.
   */
  disputeClosed(now: Date): boolean {
    return this.liftHold('disputedAt', now);
  }

  /**
   * A case about the lesson was opened on the platform (an absence report or a dispute): nothing
   * is released until it is resolved. Independent of a chargeback's `disputedAt`.
   */
  caseOpened(now: Date): boolean {
    return this.placeHold('caseOpenedAt', now);
  }

  /** The case was resolved: the share (what its refund left) may be released again when due. */
  caseResolved(now: Date): boolean {
    return this.liftHold('caseOpenedAt', now);
  }

  /** Holds a paid payment's release on `hold`; false if it is not paid or already held so. */
  private placeHold(hold: 'disputedAt' | 'caseOpenedAt', now: Date): boolean {
    if (!this.isPaid || this[hold]) return false;
    this[hold] = now;
    this.updatedAt = now;
    return true;
  }

  /** Lifts the hold on `hold`; false if there was none. */
  private liftHold(hold: 'disputedAt' | 'caseOpenedAt', now: Date): boolean {
    if (!this[hold]) return false;
    this[hold] = null;
    this.updatedAt = now;
    return true;
  }

  /** What may still be refunded: the captured amount less what went back already. */
  get refundable(): number {
    return this.isPaid ? this.amount - this.refundedAmount : 0;
  }

  /**
   * Gives `amount` back (never more than is refundable) and returns how much of it comes out of
   * the platform's fee; the rest comes out of the tutor's share.
   */
  refund(amount: number, now: Date): { feeReversed: number } {
    if (!this.isPaid) throw new PaymentNotRefundableError(this.status);
    if (amount > this.refundable) throw new RefundExceedsCapturedError(this.refundable);
    const reversed = feeReversal({
      amount: this.amount,
      fee: this.platformFee,
      refundedBefore: this.refundedAmount,
      feeReversedBefore: this.refundedFee,
      refund: amount,
    });
    this.refundedAmount += amount;
    this.refundedFee += reversed;
    this.updatedAt = now;
    return { feeReversed: reversed };
  }

  /**
   * Starts a confirmation attempt; returns the provider idempotency key for it, the same for a
   * retry of the same attempt, so the provider never charges twice for one attempt.
   */
  beginConfirmation(now: Date): string {
    if (this.status === 'succeeded' || this.status === 'requires_action') {
      throw new PaymentNotConfirmableError(this.status);
    }
    this.confirmAttempts += 1;
    this.status = 'requires_confirmation';
    this.updatedAt = now;
    return `payment:${this.id}:confirm:${this.confirmAttempts}`;
  }

  canBecome(status: PaymentStatus): boolean {
    return mayBecome(this.status, status);
  }

  /**
   * Records what the provider said, by its answer or a webhook, in whatever order they come: a
   * payment only moves forward (requires_confirmation -> requires_action -> succeeded or failed)
   * and never leaves `succeeded`. Returns whether anything changed.
   */
  settle(outcome: ConfirmationOutcome, now: Date): boolean {
    if (!this.canBecome(outcome.status)) return false;
    this.status = outcome.status;
    this.declineCode = outcome.status === 'failed' ? outcome.declineCode : null;
    this.failureReason = outcome.status === 'failed' ? outcome.reason : null;
    if (outcome.status === 'succeeded') this.succeededAt = now;
    this.updatedAt = now;
    return true;
  }
}
