import { Injectable } from '@nestjs/common';
import { OnEvent, type DomainEvent, type Transaction } from '@etutors/platform';
import { MessageSent, type MessageSentPayload } from '../events.js';
import { PeopleRepository } from '../infrastructure/people.repository.js';
import { NotificationsService } from './notifications.service.js';

/** How much of a message a notification and its e-mail quote. */
const PREVIEW_LENGTH = 280;

/** Tells each recipient of a message about it; system messages repeat events notified already. */
@Injectable()
export class MessageNotificationsSubscriber {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly people: PeopleRepository,
  ) {}

  @OnEvent(MessageSent, { name: 'messaging.notify-new-message' })
  async messageSent(event: DomainEvent<MessageSentPayload>, tx: Transaction): Promise<void> {
    const { payload } = event;
    if (payload.kind !== 'user' || payload.senderId === null) return;
    const sender = await this.people.find(tx, payload.senderId);
    // By code point, so an emoji is never cut in half.
    const characters = Array.from(payload.body);
    const preview =
      characters.length > PREVIEW_LENGTH
        ? `${characters.slice(0, PREVIEW_LENGTH - 1).join('')}…`
        : payload.body;
    await this.notifications.notify(
      tx,
      event,
      payload.recipientIds
        .filter((id) => id !== payload.senderId)
        .map((userId) => ({
          userId,
          type: 'new_message' as const,
          conversationId: payload.conversationId,
          data: {
            conversationId: payload.conversationId,
            messageId: payload.messageId,
            senderId: payload.senderId,
            senderName: sender?.displayName ?? null,
            preview,
          },
        })),
    );
  }
}
