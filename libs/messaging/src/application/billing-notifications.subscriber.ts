import { Injectable } from '@nestjs/common';
import { OnEvent, type DomainEvent, type Transaction } from '@etutors/platform';
import {
  PaymentSucceeded,
  PayoutSent,
  RefundIssued,
  type PaymentSucceededPayload,
  type PayoutSentPayload,
  type RefundIssuedPayload,
} from '@etutors/billing/events';
import { NotificationsService } from './notifications.service.js';

/** Tells students about their payments and refunds, and tutors about their payouts. */
@Injectable()
export class BillingNotificationsSubscriber {
  constructor(private readonly notifications: NotificationsService) {}

  @OnEvent(PaymentSucceeded, { name: 'messaging.notify-payment-succeeded' })
  async paymentSucceeded(
    event: DomainEvent<PaymentSucceededPayload>,
    tx: Transaction,
  ): Promise<void> {
    const { payload } = event;
    await this.notifications.notify(tx, event, [
      {
        userId: payload.studentId,
        type: 'payment_succeeded',
        data: {
          paymentId: payload.paymentId,
          bookingId: payload.bookingId,
          amount: payload.amount,
          currency: payload.currency,
        },
      },
    ]);
  }

  @OnEvent(RefundIssued, { name: 'messaging.notify-refund-issued' })
  async refundIssued(event: DomainEvent<RefundIssuedPayload>, tx: Transaction): Promise<void> {
    const { payload } = event;
    // A chargeback went back through the student's own bank, on their claim: nothing to tell.
    if (payload.source === 'chargeback') return;
    await this.notifications.notify(tx, event, [
      {
        userId: payload.studentId,
        type: 'refund_issued',
        data: {
          refundId: payload.refundId,
          paymentId: payload.paymentId,
          bookingId: payload.bookingId,
          amount: payload.amount,
          currency: payload.currency,
          reason: payload.reason,
        },
      },
    ]);
  }

  @OnEvent(PayoutSent, { name: 'messaging.notify-payout-sent' })
  async payoutSent(event: DomainEvent<PayoutSentPayload>, tx: Transaction): Promise<void> {
    const { payload } = event;
    await this.notifications.notify(tx, event, [
      {
        userId: payload.tutorId,
        type: 'payout_sent',
        data: { payoutId: payload.payoutId, amount: payload.amount, currency: payload.currency },
      },
    ]);
  }
}
