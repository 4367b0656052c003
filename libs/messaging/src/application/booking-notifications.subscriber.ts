import { Injectable } from '@nestjs/common';
import { OnEvent, type DomainEvent, type Transaction } from '@etutors/platform';
import {
  BookingCancelled,
  BookingConfirmed,
  BookingReminderDue,
  BookingRequested,
  BookingRescheduled,
  type BookingCancelledPayload,
  type BookingConfirmedPayload,
  type BookingReminderDuePayload,
  type BookingRequestedPayload,
  type BookingRescheduledPayload,
} from '@etutors/scheduling/events';
import { PeopleRepository } from '../infrastructure/people.repository.js';
import { NotificationsService, type NotificationRequest } from './notifications.service.js';

interface Pair {
  tutorId: string;
  studentId: string;
}

/** Tells tutors and students what happens to their bookings. */
@Injectable()
export class BookingNotificationsSubscriber {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly people: PeopleRepository,
  ) {}

  @OnEvent(BookingRequested, { name: 'messaging.notify-booking-requested' })
  async requested(event: DomainEvent<BookingRequestedPayload>, tx: Transaction): Promise<void> {
    const { payload } = event;
    const student = await this.people.find(tx, payload.studentId);
    await this.notifications.notify(tx, event, [
      {
        userId: payload.tutorId,
        type: 'booking_requested',
        data: {
          bookingId: payload.bookingId,
          studentId: payload.studentId,
          studentName: student?.displayName ?? null,
          startsAt: payload.startsAt,
          endsAt: payload.endsAt,
          price: payload.price,
        },
      },
    ]);
  }

  @OnEvent(BookingConfirmed, { name: 'messaging.notify-booking-confirmed' })
  async confirmed(event: DomainEvent<BookingConfirmedPayload>, tx: Transaction): Promise<void> {
    const { payload } = event;
    await this.notifications.notify(
      tx,
      event,
      await this.forParticipants(tx, payload, null, 'booking_confirmed', {
        bookingId: payload.bookingId,
        startsAt: payload.startsAt,
        endsAt: payload.endsAt,
      }),
    );
  }

  /** The participants other than the one who cancelled (both when an admin did). */
  @OnEvent(BookingCancelled, { name: 'messaging.notify-booking-cancelled' })
  async cancelled(event: DomainEvent<BookingCancelledPayload>, tx: Transaction): Promise<void> {
    const { payload } = event;
    await this.notifications.notify(
      tx,
      event,
      await this.forParticipants(tx, payload, payload.cancelledById, 'booking_cancelled', {
        bookingId: payload.bookingId,
        cancelledBy: payload.cancelledBy,
        reason: payload.reason,
        refundAmount: payload.refund.amount,
        refundCurrency: payload.refund.currency,
        wasConfirmed: payload.wasConfirmed,
      }),
    );
  }

  /** The participants other than the one who moved it. */
  @OnEvent(BookingRescheduled, { name: 'messaging.notify-booking-rescheduled' })
  async rescheduled(event: DomainEvent<BookingRescheduledPayload>, tx: Transaction): Promise<void> {
    const { payload } = event;
    await this.notifications.notify(
      tx,
      event,
      await this.forParticipants(tx, payload, event.actorId ?? null, 'booking_rescheduled', {
        bookingId: payload.bookingId,
        startsAt: payload.startsAt,
        endsAt: payload.endsAt,
        previousStartsAt: payload.previousStartsAt,
        previousEndsAt: payload.previousEndsAt,
      }),
    );
  }

  @OnEvent(BookingReminderDue, { name: 'messaging.notify-lesson-reminder' })
  async reminder(event: DomainEvent<BookingReminderDuePayload>, tx: Transaction): Promise<void> {
    const { payload } = event;
    await this.notifications.notify(
      tx,
      event,
      await this.forParticipants(tx, payload, null, 'lesson_reminder', {
        bookingId: payload.bookingId,
        startsAt: payload.startsAt,
        before: payload.before,
      }),
    );
  }

  /** One request per participant (but `except`), each naming the other participant. */
  private async forParticipants(
    tx: Transaction,
    pair: Pair,
    except: string | null,
    type: NotificationRequest['type'],
    data: NotificationRequest['data'],
  ): Promise<NotificationRequest[]> {
    const names = await this.people.findMany(tx, [pair.tutorId, pair.studentId]);
    return [
      { userId: pair.tutorId, other: pair.studentId, role: 'tutor' },
      { userId: pair.studentId, other: pair.tutorId, role: 'student' },
    ]
      .filter(({ userId }) => userId !== except)
      .map(({ userId, other, role }) => ({
        userId,
        type,
        data: {
          ...data,
          role,
          withId: other,
          withName: names.get(other)?.displayName ?? null,
        },
      }));
  }
}
