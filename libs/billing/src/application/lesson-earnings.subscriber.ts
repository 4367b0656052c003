import { Injectable } from '@nestjs/common';
import { OnEvent, type DomainEvent, type Transaction } from '@etutors/platform';
import { LessonCompleted, type LessonCompletedPayload } from '@etutors/tutoring/events';
import { BillingSettings } from '../billing.settings.js';
import { PaymentRepository } from '../infrastructure/payment.repository.js';

/** A completed lesson starts the hold on its payment's tutor share (released later by a job). */
@Injectable()
export class LessonEarningsSubscriber {
  constructor(
    private readonly payments: PaymentRepository,
    private readonly settings: BillingSettings,
  ) {}

  @OnEvent(LessonCompleted, { name: 'billing.hold-lesson-earnings' })
  async holdEarnings(
    { payload }: DomainEvent<LessonCompletedPayload>,
    tx: Transaction,
  ): Promise<void> {
    const payment = await this.payments.lockByBooking(tx, payload.bookingId);
    // No paid payment (a free or unpaid booking): nothing is held, nothing will be released.
    if (!payment?.isPaid) return;
    if (payment.lessonCompleted(new Date(payload.completedAt), this.settings.PAYOUT_HOLD_HOURS)) {
      await this.payments.save(tx, payment);
    }
  }
}
