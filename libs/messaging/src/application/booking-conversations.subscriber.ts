import { Injectable } from '@nestjs/common';
import { Clock, newId, OnEvent, type DomainEvent, type Transaction } from '@etutors/platform';
import {
  BookingCancelled,
  BookingCompleted,
  BookingConfirmed,
  BookingRescheduled,
  type BookingCancelledPayload,
  type BookingCompletedPayload,
  type BookingConfirmedPayload,
  type BookingRescheduledPayload,
} from '@etutors/scheduling/events';
import { bookingNewsText, type BookingNews } from '../domain/message.js';
import { ConversationContactsRepository } from '../infrastructure/conversation-contacts.repository.js';
import { ConversationRepository } from '../infrastructure/conversation.repository.js';
import { MessagesService } from './messages.service.js';

interface Pair {
  tutorId: string;
  studentId: string;
}

/**
 * A confirmed booking opens the pair's conversation (and lifts the masking of contact details);
 * booking news appears in it as system messages. Each runs once per event (the inbox).
 */
@Injectable()
export class BookingConversationsSubscriber {
  constructor(
    private readonly conversations: ConversationRepository,
    private readonly contacts: ConversationContactsRepository,
    private readonly messages: MessagesService,
    private readonly clock: Clock,
  ) {}

  @OnEvent(BookingConfirmed, { name: 'messaging.open-conversation-on-confirmed-booking' })
  async confirmed(
    { payload, occurredAt }: DomainEvent<BookingConfirmedPayload>,
    tx: Transaction,
  ): Promise<void> {
    await this.contacts.recordBooking(tx, payload, new Date(occurredAt), true);
    const { id } = await this.conversations.openBetween(
      tx,
      payload.tutorId,
      payload.studentId,
      newId(),
      this.clock.now(),
    );
    await this.messages.appendSystem(
      tx,
      id,
      bookingNewsText({ kind: 'confirmed', startsAt: payload.startsAt }),
    );
  }

  @OnEvent(BookingRescheduled, { name: 'messaging.tell-booking-rescheduled' })
  async rescheduled({ payload }: DomainEvent<BookingRescheduledPayload>, tx: Transaction) {
    await this.tell(tx, payload, {
      kind: 'rescheduled',
      startsAt: payload.startsAt,
      previousStartsAt: payload.previousStartsAt,
    });
  }

  @OnEvent(BookingCancelled, { name: 'messaging.tell-booking-cancelled' })
  async cancelled({ payload }: DomainEvent<BookingCancelledPayload>, tx: Transaction) {
    await this.tell(tx, payload, {
      kind: 'cancelled',
      cancelledBy: payload.cancelledBy,
      reason: payload.reason,
    });
  }

  @OnEvent(BookingCompleted, { name: 'messaging.tell-booking-completed' })
  async completed({ payload }: DomainEvent<BookingCompletedPayload>, tx: Transaction) {
    await this.tell(tx, payload, { kind: 'completed' });
  }

  /** News of a booking in the pair's conversation, when they have one (an unpaid request that lapses opens none). */
  private async tell(tx: Transaction, pair: Pair, news: BookingNews): Promise<void> {
    const id = await this.conversations.findBetween(tx, pair.tutorId, pair.studentId);
    if (id) await this.messages.appendSystem(tx, id, bookingNewsText(news));
  }
}
