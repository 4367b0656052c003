import { Injectable } from '@nestjs/common';
import { Clock, EventBus, OnEvent, type DomainEvent, type Transaction } from '@etutors/platform';
import { PaymentSucceeded, type PaymentSucceededPayload } from '@etutors/billing/events';
import { LessonCompleted, type LessonCompletedPayload } from '@etutors/tutoring/events';
import {
  BookingAwaitingTutor,
  BookingCompleted,
  BookingConfirmed,
  BookingPaymentAfterExpiry,
} from '../events.js';
import { bookingFacts } from './booking-view.js';
import { BookingRepository } from '../infrastructure/booking.repository.js';
import { SchedulingSettings } from '../scheduling.settings.js';
import { BookingSettingsService } from './booking-settings.service.js';

/** Moves bookings on what other contexts report: a payment confirms, a completed lesson completes. */
@Injectable()
export class BookingLifecycleSubscriber {
  constructor(
    private readonly bookings: BookingRepository,
    private readonly events: EventBus,
    private readonly clock: Clock,
    private readonly bookingSettings: BookingSettingsService,
    private readonly settings: SchedulingSettings,
  ) {}

  @OnEvent(PaymentSucceeded, {
    name: 'scheduling.confirm-booking-on-payment',
    formerNames: ['BookingLifecycleSubscriber.confirmOnPayment'],
  })
  async confirmOnPayment(
    { payload }: DomainEvent<PaymentSucceededPayload>,
    tx: Transaction,
  ): Promise<void> {
    const booking = await this.bookings.lock(tx, payload.bookingId);
    if (
      !booking ||
      ['awaiting_tutor', 'confirmed', 'completed', 'no_show'].includes(booking.status)
    )
      return;
    const now = this.clock.now();
    if (booking.holdRanOut(now)) {
      booking.expire('hold ran out before the payment', now);
      await this.bookings.save(tx, booking);
    }
    if (booking.status !== 'pending_payment') {
      // The slot may be someone else's by now: billing refunds this payment.
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
    const tutorSettings = await this.bookingSettings.forTutor(booking.tutorId, tx.manager);
    if (tutorSettings.requiresConfirmation) {
      // Request to book: the slot stays held while the tutor answers.
      const dueAt = tutorSettings.responseDeadline(
        now,
        booking.startsAt,
        this.settings.TUTOR_RESPONSE_HOURS,
      );
      booking.awaitTutor(payload.studentId, `payment ${payload.paymentId}`, dueAt, now);
      await this.bookings.save(tx, booking);
      await this.events.publish(tx, BookingAwaitingTutor, {
        aggregateId: booking.id,
        actorId: booking.studentId,
        payload: { ...bookingFacts(booking), tutorResponseDueAt: dueAt.toISOString() },
      });
      return;
    }
    booking.confirm(payload.studentId, `payment ${payload.paymentId}`, now);
    await this.bookings.save(tx, booking);
    await this.events.publish(tx, BookingConfirmed, {
      aggregateId: booking.id,
      actorId: booking.studentId,
      payload: bookingFacts(booking),
    });
  }

  @OnEvent(LessonCompleted, {
    name: 'scheduling.complete-booking-with-lesson',
    formerNames: ['BookingLifecycleSubscriber.completeWithLesson'],
  })
  async completeWithLesson(
    { payload, actorId }: DomainEvent<LessonCompletedPayload>,
    tx: Transaction,
  ): Promise<void> {
    const booking = await this.bookings.lock(tx, payload.bookingId);
    if (!booking || booking.status !== 'confirmed') return;
    booking.complete(actorId ?? null, this.clock.now());
    await this.bookings.save(tx, booking);
    await this.events.publish(tx, BookingCompleted, {
      aggregateId: booking.id,
      actorId,
      payload: { bookingId: booking.id, tutorId: booking.tutorId, studentId: booking.studentId },
    });
  }
}
