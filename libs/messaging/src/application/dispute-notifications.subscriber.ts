import { Injectable } from '@nestjs/common';
import { OnEvent, type DomainEvent, type Transaction } from '@etutors/platform';
import {
  BookingNoShow,
  DisputeContested,
  DisputeOpened,
  DisputeResolved,
  type BookingNoShowPayload,
  type DisputeContestedPayload,
  type DisputeOpenedPayload,
  type DisputeResolvedPayload,
} from '@etutors/scheduling/events';
import { PeopleRepository } from '../infrastructure/people.repository.js';
import { NotificationsService, type NotificationRequest } from './notifications.service.js';

interface Pair {
  bookingId: string;
  tutorId: string;
  studentId: string;
  startsAt: string;
}

/** Tells both sides of a lesson about a no-show and every step of a case about it. */
@Injectable()
export class DisputeNotificationsSubscriber {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly people: PeopleRepository,
  ) {}

  @OnEvent(BookingNoShow, { name: 'messaging.notify-no-show' })
  async noShow(event: DomainEvent<BookingNoShowPayload>, tx: Transaction): Promise<void> {
    await this.tellBoth(tx, event, event.payload, 'no_show_marked', {
      markedAt: event.payload.markedAt,
    });
  }

  @OnEvent(DisputeOpened, { name: 'messaging.notify-dispute-opened' })
  async opened(event: DomainEvent<DisputeOpenedPayload>, tx: Transaction): Promise<void> {
    const { payload } = event;
    await this.tellBoth(tx, event, payload, 'dispute_opened', {
      disputeId: payload.disputeId,
      kind: payload.kind,
      reason: payload.reason,
      contestDeadline: payload.contestDeadline,
    });
  }

  @OnEvent(DisputeContested, { name: 'messaging.notify-dispute-contested' })
  async contested(event: DomainEvent<DisputeContestedPayload>, tx: Transaction): Promise<void> {
    const { payload } = event;
    await this.tellBoth(tx, event, payload, 'dispute_contested', {
      disputeId: payload.disputeId,
      kind: payload.kind,
      reason: payload.reason,
    });
  }

  @OnEvent(DisputeResolved, { name: 'messaging.notify-dispute-resolved' })
  async resolved(event: DomainEvent<DisputeResolvedPayload>, tx: Transaction): Promise<void> {
    const { payload } = event;
    await this.tellBoth(tx, event, payload, 'dispute_resolved', {
      disputeId: payload.disputeId,
      kind: payload.kind,
      resolution: payload.resolution,
      refundAmount: payload.refund.amount,
      refundCurrency: payload.refund.currency,
    });
  }

  /** One notification for the tutor and one for the student, each naming the other. */
  private async tellBoth(
    tx: Transaction,
    event: DomainEvent<unknown>,
    pair: Pair,
    type: NotificationRequest['type'],
    data: NotificationRequest['data'],
  ): Promise<void> {
    const names = await this.people.findMany(tx, [pair.tutorId, pair.studentId]);
    await this.notifications.notify(
      tx,
      event,
      [
        { userId: pair.tutorId, other: pair.studentId, role: 'tutor' },
        { userId: pair.studentId, other: pair.tutorId, role: 'student' },
      ].map(({ userId, other, role }) => ({
        userId,
        type,
        data: {
          bookingId: pair.bookingId,
          startsAt: pair.startsAt,
          ...data,
          role,
          withId: other,
          withName: names.get(other)?.displayName ?? null,
        },
      })),
    );
  }
}
