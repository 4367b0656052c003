import { Injectable } from '@nestjs/common';
import { OnEvent, type DomainEvent, type Transaction } from '@etutors/platform';
import {
  BookingCancelled,
  BookingPaymentAfterExpiry,
  type BookingCancelledPayload,
  type BookingPaymentAfterExpiryPayload,
} from '@etutors/scheduling/events';
import { BillingSettings } from '../billing.settings.js';
import { PaymentRepository } from '../infrastructure/payment.repository.js';
import { RefundsService } from './refunds.service.js';

/**
 * Refunds what scheduling's events say is owed back: the cancellation policy's share, or a late
 * payment. What a late cancellation leaves the tutor is held from the cancellation, then released
 * like a taught lesson's share.
 */
@Injectable()
export class BookingRefundsSubscriber {
  constructor(
    private readonly payments: PaymentRepository,
    private readonly refunds: RefundsService,
    private readonly settings: BillingSettings,
  ) {}

  @OnEvent(BookingCancelled, { name: 'billing.refund-cancelled-booking' })
  async refundCancellation(
    { payload, actorId, occurredAt }: DomainEvent<BookingCancelledPayload>,
    tx: Transaction,
  ): Promise<void> {
    const payment = await this.payments.lockByBooking(tx, payload.bookingId);
    // Nothing was captured: nothing to give back (a payment still arriving is refunded as late).
    if (!payment?.isPaid) return;
    if (payload.refund.amount > 0) {
      await this.refunds.issue(tx, payment, {
        amount: Math.min(payload.refund.amount, payment.refundable),
        reason:
          `booking cancelled by the ${payload.cancelledBy}${payload.reason ? `: ${payload.reason}` : ''}`.slice(
            0,
            500,
          ),
        source: 'cancellation',
        actorId,
      });
    }
    if (payment.cancelledLate(new Date(occurredAt), this.settings.PAYOUT_HOLD_HOURS)) {
      await this.payments.save(tx, payment);
    }
  }

  @OnEvent(BookingPaymentAfterExpiry, { name: 'billing.refund-late-payment' })
  async refundLatePayment(
    { payload }: DomainEvent<BookingPaymentAfterExpiryPayload>,
    tx: Transaction,
  ): Promise<void> {
    const payment = await this.payments.lock(tx, payload.paymentId);
    if (!payment?.isPaid || payment.refundable === 0) return;
    await this.refunds.issue(tx, payment, {
      amount: payment.refundable,
      reason: 'payment arrived after the booking had expired or been cancelled',
      source: 'payment_after_expiry',
      actorId: null,
    });
  }
}
