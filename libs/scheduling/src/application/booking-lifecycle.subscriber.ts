import { Injectable } from '@nestjs/common';
import { Clock, EventBus, OnEvent, type DomainEvent, type Transaction } from '@etutors/platform';
import { PaymentSucceeded, type PaymentSucceededPayload } from '@etutors/billing';
import { LessonCompleted, type LessonCompletedPayload } from '@etutors/tutoring';
import { BookingEntity } from '../domain/booking.entity.js';
import { BookingCompleted, BookingConfirmed, BookingPaymentAfterExpiry } from '../events.js';
import { bookingFacts } from './booking-view.js';
import { BookingsService } from './bookings.service.js';

/** Moves bookings on what other contexts report: a payment confirms, a completed lesson completes. */
@Injectable()
export class BookingLifecycleSubscriber {
  constructor(
    private readonly bookings: BookingsService,
    private readonly events: EventBus,
    private readonly clock: Clock,
  ) {}

  @OnEvent(PaymentSucceeded)
  async confirmOnPayment(
    { payload }: DomainEvent<PaymentSucceededPayload>,
    tx: Transaction,
  ): Promise<void> {
    const booking = await tx.manager.findOne(BookingEntity, {
      where: { id: payload.bookingId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!booking || booking.status === 'confirmed' || booking.status === 'completed') return;
    const holdRanOut =
      booking.status === 'pending_payment' && booking.holdExpiresAt <= this.clock.now();
    if (booking.status !== 'pending_payment' || holdRanOut) {
      // The slot may be someone else's by now: billing refunds this payment.
      if (holdRanOut)
        await this.bookings.transition(
          tx,
          booking,
          'expired',
          null,
          'hold ran out before the payment',
        );
      await this.events.publish(tx, BookingPaymentAfterExpiry, {
        aggregateId: booking.id,
        payload: {
          bookingId: booking.id,
          paymentId: payload.paymentId,
          studentId: booking.studentId,
          amount: payload.amount,
          currency: payload.currency,
        },
      });
      return;
    }
    await this.bookings.transition(
      tx,
      booking,
      'confirmed',
      payload.studentId,
      `payment ${payload.paymentId}`,
    );
    await this.events.publish(tx, BookingConfirmed, {
      aggregateId: booking.id,
      actorId: booking.studentId,
      payload: bookingFacts(booking),
    });
  }

  @OnEvent(LessonCompleted)
  async completeWithLesson(
    { payload, actorId }: DomainEvent<LessonCompletedPayload>,
    tx: Transaction,
  ): Promise<void> {
    const booking = await tx.manager.findOne(BookingEntity, {
      where: { id: payload.bookingId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!booking || booking.status !== 'confirmed') return;
    await this.bookings.transition(tx, booking, 'completed', actorId, 'lesson completed');
    await this.events.publish(tx, BookingCompleted, {
      aggregateId: booking.id,
      actorId,
      payload: { bookingId: booking.id, tutorId: booking.tutorId, studentId: booking.studentId },
    });
  }
}
