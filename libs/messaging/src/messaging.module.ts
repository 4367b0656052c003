import { Module } from '@nestjs/common';
import { publishesEvents } from '@etutors/platform';
import { BookingConversationsSubscriber } from './application/booking-conversations.subscriber.js';
import { ConversationEligibilitySubscriber } from './application/conversation-eligibility.subscriber.js';
import { ConversationsService } from './application/conversations.service.js';
import { MessagesService } from './application/messages.service.js';
import { UserFeed } from './application/user-feed.js';
import * as messagingEvents from './events.js';
import { ConversationContactsRepository } from './infrastructure/conversation-contacts.repository.js';
import { ConversationRepository } from './infrastructure/conversation.repository.js';
import { FeedChannel } from './infrastructure/feed-channel.js';
import { FeedRepository } from './infrastructure/feed.repository.js';

/** The messaging context's core: conversations, messages, notifications and their delivery. */
@Module({
  providers: [
    publishesEvents('messaging', messagingEvents),
    UserFeed,
    FeedRepository,
    FeedChannel,
    // Conversations and messages
    ConversationRepository,
    ConversationContactsRepository,
    ConversationsService,
    MessagesService,
    ConversationEligibilitySubscriber,
    BookingConversationsSubscriber,
  ],
  exports: [UserFeed, FeedRepository, FeedChannel, ConversationsService, MessagesService],
})
export class MessagingModule {}
