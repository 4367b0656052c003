import { Injectable } from '@nestjs/common';
import {
  Clock,
  EventBus,
  isAdmin,
  pgError,
  PG_UNIQUE_VIOLATION,
  ResourceNotFoundError,
  UnitOfWork,
  type AuthUser,
  type Transaction,
} from '@etutors/platform';
import { SchedulingQueries, type PayableBooking, type PayableSeries } from '@etutors/scheduling';
import {
  BookingAlreadyPaidError,
  BookingNotPayableError,
  SeriesBookingPaidAloneError,
  SeriesPaymentPartError,
} from '../billing.errors.js';
import { BillingSettings } from '../billing.settings.js';
import { PaymentFailed, PaymentSucceeded } from '../events.js';
import { paymentCaptured } from '../domain/ledger.js';
import { PaymentProvider } from '../domain/payment-provider.js';
import { PaymentEntity, type ConfirmationOutcome } from '../domain/payment.entity.js';
import { LedgerRepository } from '../infrastructure/ledger.repository.js';
import { PaymentRepository } from '../infrastructure/payment.repository.js';
import { CommissionRulesService } from './commission-rules.service.js';

/** Why a booking cannot take a payment now, or null when it can. */
function whyNotPayable(booking: PayableBooking | null, now: Date) {
  if (booking?.status !== 'pending_payment') return 'not_pending_payment' as const;
  if (booking.holdExpiresAt <= now) return 'hold_expired' as const;
  return null;
}

/** The occurrences of a series still waiting for a payment at `now` (all share one hold). */
const pendingOccurrences = (series: PayableSeries, now: Date) =>
  series.bookings.filter((booking) => whyNotPayable(booking, now) === null);

/** Why a series cannot take a payment now, or null when it can. */
function whySeriesNotPayable(series: PayableSeries | null, now: Date) {
  if (!series) return 'not_pending_payment' as const;
  if (pendingOccurrences(series, now).length > 0) return null;
  return series.bookings.some((booking) => booking.status === 'pending_payment')
    ? ('hold_expired' as const)
    : ('not_pending_payment' as const);
}

export type PaymentCreation = { payment: PaymentEntity; created: boolean };

/** Payments for bookings: created from what scheduling says the booking costs, then confirmed at the provider. */
@Injectable()
export class PaymentsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly payments: PaymentRepository,
    private readonly ledger: LedgerRepository,
    private readonly provider: PaymentProvider,
    private readonly bookings: SchedulingQueries,
    private readonly events: EventBus,
    private readonly clock: Clock,
    private readonly settings: BillingSettings,
    private readonly commission: CommissionRulesService,
  ) {}

  /**
   * A student starts paying for their booking. The price is the booking's, never the client's.
   * An unpaid payment already open for the booking is handed back rather than duplicated.
   */
  async create(student: AuthUser, bookingId: string): Promise<PaymentCreation> {
    const booking = await this.bookings.getPayableBooking(bookingId);
    if (!booking || booking.studentId !== student.id) throw new ResourceNotFoundError('booking');
    if (booking.seriesId) throw new SeriesBookingPaidAloneError(booking.seriesId);
    const existing = await this.payments.findByBooking(bookingId);
    if (existing?.isPaid) throw new BookingAlreadyPaidError(existing.id);
    if (existing) return { payment: existing, created: false };
    const now = this.clock.now();
    const problem = whyNotPayable(booking, now);
    if (problem) throw new BookingNotPayableError(problem);

    const payment = PaymentEntity.forBooking({
      booking,
      price: booking.price,
      // Provisional: the commission rule in force when the payment succeeds sets the fee.
      feeBps: this.settings.PLATFORM_FEE_BPS,
      provider: this.provider.name,
      providerPaymentId: '',
      clientSecret: null,
      now,
    });
    await this.openIntent(payment);
    try {
      await this.payments.insert(payment);
    } catch (error) {
      // A concurrent request for the same booking won: hand back its payment.
      if (pgError(error)?.code !== PG_UNIQUE_VIOLATION) throw error;
      const winner = await this.payments.findByBooking(bookingId);
      if (!winner) throw error;
      if (winner.isPaid) throw new BookingAlreadyPaidError(winner.id);
      return { payment: winner, created: false };
    }
    return { payment, created: true };
  }

  /** Opens the provider's intent for the payment (or series charge) and records its ids on it. */
  private async openIntent(payment: PaymentEntity): Promise<void> {
    const intent = await this.provider.createIntent({
      paymentId: payment.id,
      amount: payment.amount,
      currency: payment.currency,
      idempotencyKey: `payment:${payment.id}:create`,
    });
    payment.providerPaymentId = intent.providerPaymentId;
    payment.clientSecret = intent.clientSecret;
  }

  /**
   * A student starts paying for a weekly series at once: one provider charge for the prices of
   * the occurrences still waiting for payment, and a payment row per occurrence that carries
   * the lesson's share from then on. The charge already open for the series is handed back.
   */
  async createForSeries(student: AuthUser, seriesId: string): Promise<PaymentCreation> {
    const series = await this.bookings.getPayableSeries(seriesId);
    if (!series || series.studentId !== student.id) throw new ResourceNotFoundError('series');
    const existing = await this.payments.findBySeries(seriesId);
    if (existing?.isPaid) throw new BookingAlreadyPaidError(existing.id);
    if (existing) return { payment: existing, created: false };
    const now = this.clock.now();
    const problem = whySeriesNotPayable(series, now);
    if (problem) throw new BookingNotPayableError(problem);
    const occurrences = pendingOccurrences(series, now);

    const charge = PaymentEntity.forSeries({
      series,
      price: {
        amount: occurrences.reduce((sum, booking) => sum + booking.price.amount, 0),
        currency: occurrences[0]!.price.currency,
      },
      feeBps: this.settings.PLATFORM_FEE_BPS,
      provider: this.provider.name,
      providerPaymentId: '',
      clientSecret: null,
      now,
    });
    await this.openIntent(charge);
    const parts = occurrences.map((booking) =>
      PaymentEntity.forBooking({
        booking,
        price: booking.price,
        feeBps: charge.feeBps,
        provider: charge.provider,
        providerPaymentId: charge.providerPaymentId,
        clientSecret: null,
        now,
        seriesPaymentId: charge.id,
      }),
    );
    try {
      await this.unitOfWork.run((tx) => this.payments.insertSeries(tx, charge, parts));
    } catch (error) {
      // A concurrent request for the same series won: hand back its charge.
      if (pgError(error)?.code !== PG_UNIQUE_VIOLATION) throw error;
      const winner = await this.payments.findBySeries(seriesId);
      if (!winner) throw error;
      if (winner.isPaid) throw new BookingAlreadyPaidError(winner.id);
      return { payment: winner, created: false };
    }
    return { payment: charge, created: true };
  }

  /**
   * Confirms the payment with a payment method at the provider. The row stays locked for the
   * call, so two confirmations of one payment never both reach the provider; the provider call's
   * idempotency key is the attempt's, so a retry after a crash asks the same question again.
   */
  async confirm(payer: AuthUser, paymentId: string, paymentMethod: string): Promise<PaymentEntity> {
    return this.unitOfWork.run(async (tx) => {
      const payment = await this.payments.lock(tx, paymentId);
      if (!payment || payment.studentId !== payer.id) throw new ResourceNotFoundError('payment');
      if (payment.seriesPaymentId) throw new SeriesPaymentPartError(payment.seriesPaymentId);
      const now = this.clock.now();
      if (!payment.isPaid) await this.assertStillPayable(tx, payment, now);
      const idempotencyKey = payment.beginConfirmation(now);
      const outcome = await this.provider.confirm({
        providerPaymentId: payment.providerPaymentId,
        paymentMethod,
        idempotencyKey,
      });
      await this.recordOutcome(tx, payment, outcome, payer.id, now);
      return payment;
    });
  }

  /**
   * Applies a provider's outcome to a locked payment: on success the commission in force is
   * snapshotted on it, the charge is posted to the ledger and `billing.payment.succeeded`
   * published (scheduling confirms the booking); on a decline `billing.payment.failed`. An
   * outcome that would move the payment backwards (a late webhook) changes nothing.
   */
  async recordOutcome(
    tx: Transaction,
    payment: PaymentEntity,
    outcome: ConfirmationOutcome,
    actorId: string | null,
    now: Date,
  ): Promise<void> {
    if (payment.isSeriesCharge) return this.recordSeriesOutcome(tx, payment, outcome, actorId, now);
    const changed = payment.settle(outcome, now);
    if (changed && outcome.status === 'succeeded') {
      payment.chargeCommission(await this.commission.commissionFor(tx, payment.tutorId), now);
    }
    await this.payments.save(tx, payment);
    if (!changed) return;
    if (outcome.status === 'succeeded') {
      await this.ledger.post(
        tx,
        paymentCaptured({
          tutorId: payment.tutorId,
          amount: payment.amount,
          currency: payment.currency,
          feeBps: payment.feeBps,
        }),
        { paymentId: payment.id },
        now,
      );
      await this.events.publish(tx, PaymentSucceeded, {
        aggregateId: payment.id,
        actorId,
        payload: {
          paymentId: payment.id,
          bookingId: payment.bookingId!,
          studentId: payment.studentId,
          tutorId: payment.tutorId,
          amount: payment.amount,
          currency: payment.currency,
          platformFee: payment.platformFee,
        },
      });
    } else if (outcome.status === 'failed') {
      await this.events.publish(tx, PaymentFailed, {
        aggregateId: payment.id,
        actorId,
        payload: {
          paymentId: payment.id,
          bookingId: payment.bookingId!,
          studentId: payment.studentId,
          declineCode: outcome.declineCode,
          reason: outcome.reason,
        },
      });
    }
  }

  /**
   * A series' charge settles as the provider said; its occurrences' payments follow it, each as
   * a single booking's payment would (the commission snapshotted on each, a capture per lesson in
   * the ledger, `billing.payment.succeeded` per lesson, so scheduling confirms each).
   */
  private async recordSeriesOutcome(
    tx: Transaction,
    charge: PaymentEntity,
    outcome: ConfirmationOutcome,
    actorId: string | null,
    now: Date,
  ): Promise<void> {
    const changed = charge.settle(outcome, now);
    if (changed && outcome.status === 'succeeded') {
      charge.chargeCommission(await this.commission.commissionFor(tx, charge.tutorId), now);
    }
    await this.payments.save(tx, charge);
    if (!changed) return;
    for (const part of await this.payments.lockSeriesParts(tx, charge.id)) {
      part.confirmAttempts = charge.confirmAttempts;
      await this.recordOutcome(tx, part, outcome, actorId, now);
    }
  }

  /**
   * Charges nothing for a booking (or a series whose occurrences all) expired or was cancelled
   * meanwhile. (A payment that still lands on one, in a race, is refunded in full when
   * scheduling reports it.)
   */
  private async assertStillPayable(
    tx: Transaction,
    payment: PaymentEntity,
    now: Date,
  ): Promise<void> {
    const problem = payment.seriesId
      ? whySeriesNotPayable(await this.bookings.getPayableSeries(payment.seriesId, tx.manager), now)
      : whyNotPayable(await this.bookings.getPayableBooking(payment.bookingId!, tx.manager), now);
    if (problem) throw new BookingNotPayableError(problem);
  }

  async get(viewer: AuthUser, paymentId: string): Promise<PaymentEntity> {
    const payment = await this.payments.findById(paymentId);
    if (!payment || (payment.studentId !== viewer.id && !isAdmin(viewer))) {
      throw new ResourceNotFoundError('payment');
    }
    return payment;
  }

  list(viewer: AuthUser, page: { page: number; limit: number }) {
    return this.payments.page(isAdmin(viewer) ? null : viewer.id, page);
  }
}
