import { Injectable } from '@nestjs/common';
import { OnEvent, type DomainEvent, type Transaction } from '@etutors/platform';
import { BookingNoShow, type BookingNoShowPayload } from '@etutors/scheduling/events';
import { LessonCompleted, type LessonCompletedPayload } from '@etutors/tutoring/events';
import { BillingSettings } from '../billing.settings.js';
import { PaymentRepository } from '../infrastructure/payment.repository.js';

/**
 * A completed lesson starts the hold on its payment's tutor share (released later by a job); so
 * does a student's no-show, for which the tutor is paid as for a completed lesson.
 */
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
    await this.startHold(tx, payload.bookingId, new Date(payload.completedAt));
  }

  @OnEvent(BookingNoShow, { name: 'billing.hold-no-show-earnings' })
  async holdNoShowEarnings(
    { payload }: DomainEvent<BookingNoShowPayload>,
    tx: Transaction,
  ): Promise<void> {
    await this.startHold(tx, payload.bookingId, new Date(payload.markedAt));
  }

  private async startHold(tx: Transaction, bookingId: string, at: Date): Promise<void> {
    const payment = await this.payments.lockByBooking(tx, bookingId);
    // No paid payment (a free or unpaid booking): nothing is held, nothing will be released.
    if (!payment?.isPaid) return;
    if (payment.lessonCompleted(at, this.settings.PAYOUT_HOLD_HOURS)) {
      await this.payments.save(tx, payment);
    }
  }
}
