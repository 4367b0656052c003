import { Injectable } from '@nestjs/common';
import {
  Clock,
  EventBus,
  newId,
  RateLimiter,
  ResourceNotFoundError,
  UnitOfWork,
  type AuthUser,
  type Transaction,
} from '@etutors/platform';
import { maskContactDetails } from '../domain/contact-masking.js';
import { SEND_RATE_LIMIT, sendRateLimitKey, type MessageView } from '../domain/message.js';
import { MessageSent } from '../events.js';
import { ConversationRepository } from '../infrastructure/conversation.repository.js';
import { MessageCursorInvalidError, MessageRateLimitedError } from '../messaging.errors.js';
import { UserFeed } from './user-feed.js';

/** Sending, reading and paging the messages of a conversation. */
@Injectable()
export class MessagesService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly conversations: ConversationRepository,
    private readonly events: EventBus,
    private readonly feed: UserFeed,
    private readonly limiter: RateLimiter,
    private readonly clock: Clock,
  ) {}

  /**
   * A participant's message, stored as written except that contact details are hidden until
   * the pair has a confirmed booking. Counted against the sender's rate limit first.
   */
  async send(sender: AuthUser, conversationId: string, body: string): Promise<MessageView> {
    await this.countSend(sender.id);
    return this.unitOfWork.run(async (tx) => {
      const message = await this.append(tx, conversationId, sender.id, (pairConfirmed) =>
        pairConfirmed ? { text: body, masked: false } : maskContactDetails(body),
      );
      if (!message) throw new ResourceNotFoundError('conversation');
      return message;
    });
  }

  /** A system message (booking news) in `tx`, seen by both participants. */
  async appendSystem(tx: Transaction, conversationId: string, text: string): Promise<MessageView> {
    const message = await this.append(tx, conversationId, null, () => ({ text, masked: false }));
    if (!message) throw new Error(`conversation ${conversationId} does not exist`);
    return message;
  }

  /** Newest first, older than `before`; 404 for anyone outside the conversation. */
  async page(reader: AuthUser, conversationId: string, before: string | null, limit: number) {
    if (!(await this.conversations.isParticipant(conversationId, reader.id)))
      throw new ResourceNotFoundError('conversation');
    const page = await this.conversations.messagesPage(conversationId, before, limit);
    if (!page) throw new MessageCursorInvalidError();
    return page;
  }

  /** Moves the reader's cursor forward to `upToMessageId` (an older one leaves it where it is). */
  async markRead(reader: AuthUser, conversationId: string, upToMessageId: string): Promise<void> {
    await this.unitOfWork.run(async (tx) => {
      if (await this.conversations.markRead(tx, conversationId, reader.id, upToMessageId)) return;
      if (!(await this.conversations.viewFor(tx, conversationId, reader.id)))
        throw new ResourceNotFoundError('conversation');
      throw new ResourceNotFoundError('message');
    });
  }

  /**
   * Stores one message in `tx` and announces it: a `messaging.message.sent` event and an item
   * on every recipient's live feed, in the same transaction. Null when `senderId` (when not a
   * system message) is not in the conversation.
   */
  private async append(
    tx: Transaction,
    conversationId: string,
    senderId: string | null,
    bodyFor: (pairConfirmed: boolean) => { text: string; masked: boolean },
  ): Promise<MessageView | null> {
    const id = newId();
    const now = this.clock.now();
    const conversation = await this.conversations.lockForMessage(
      tx,
      conversationId,
      senderId,
      id,
      now,
    );
    if (!conversation) return null;
    const { text, masked } = bodyFor(conversation.pairConfirmed);
    const message = await this.conversations.insertMessage(tx, {
      id,
      conversationId,
      senderId,
      kind: senderId ? 'user' : 'system',
      body: text,
      masked,
      createdAt: now,
    });
    const recipientIds = conversation.participantIds.filter((userId) => userId !== senderId);
    await this.events.publish(tx, MessageSent, {
      aggregateId: conversationId,
      actorId: senderId,
      payload: {
        messageId: id,
        conversationId,
        senderId,
        recipientIds,
        body: text,
        kind: message.kind,
      },
    });
    this.feed.append(tx, recipientIds, {
      type: 'message',
      data: { ...message },
    });
    return message;
  }

  private async countSend(userId: string): Promise<void> {
    // Counters out of reach (Redis down): the limiter lets it through, messaging stays available.
    const result = await this.limiter.hit(
      sendRateLimitKey(userId),
      SEND_RATE_LIMIT.limit,
      SEND_RATE_LIMIT.windowMs,
    );
    if (!result.allowed) throw new MessageRateLimitedError(result.retryAfterSeconds);
  }
}
