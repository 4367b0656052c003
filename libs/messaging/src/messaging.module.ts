import { Module } from '@nestjs/common';
import { IdentityModule } from '@etutors/identity';
import { defineSettings, publishesEvents } from '@etutors/platform';
import { BookingConversationsSubscriber } from './application/booking-conversations.subscriber.js';
import { ConversationEligibilitySubscriber } from './application/conversation-eligibility.subscriber.js';
import { ConversationsService } from './application/conversations.service.js';
import { MessagesService } from './application/messages.service.js';
import { AnalyticsNotificationsSubscriber } from './application/analytics-notifications.subscriber.js';
import { BillingNotificationsSubscriber } from './application/billing-notifications.subscriber.js';
import { BookingNotificationsSubscriber } from './application/booking-notifications.subscriber.js';
import { DisputeNotificationsSubscriber } from './application/dispute-notifications.subscriber.js';
import { MessageNotificationsSubscriber } from './application/message-notifications.subscriber.js';
import { NotificationEmailJob } from './application/notification-email.job.js';
import { NotificationEmailSubscriber } from './application/notification-email.subscriber.js';
import { NotificationsService } from './application/notifications.service.js';
import { PeopleSubscriber } from './application/people.subscriber.js';
import { TutoringNotificationsSubscriber } from './application/tutoring-notifications.subscriber.js';
import { UserFeed } from './application/user-feed.js';
import * as messagingEvents from './events.js';
import { MessagingSettings } from './messaging.settings.js';
import { NotificationRepository } from './infrastructure/notification.repository.js';
import { PeopleRepository } from './infrastructure/people.repository.js';
import { ConversationContactsRepository } from './infrastructure/conversation-contacts.repository.js';
import { ConversationRepository } from './infrastructure/conversation.repository.js';
import { FeedChannel } from './infrastructure/feed-channel.js';
import { FeedRepository } from './infrastructure/feed.repository.js';

/** The messaging context's core: conversations, messages, notifications and their delivery. */
@Module({
  // For identity's query port: the people messaging has no copy of yet.
  imports: [IdentityModule],
  providers: [
    publishesEvents('messaging', messagingEvents),
    defineSettings(MessagingSettings),
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
    // Notifications and their e-mail
    PeopleRepository,
    PeopleSubscriber,
    NotificationRepository,
    NotificationsService,
    BookingNotificationsSubscriber,
    DisputeNotificationsSubscriber,
    BillingNotificationsSubscriber,
    TutoringNotificationsSubscriber,
    AnalyticsNotificationsSubscriber,
    MessageNotificationsSubscriber,
    NotificationEmailSubscriber,
    NotificationEmailJob,
  ],
  exports: [
    // For the live streams of the HTTP module.
    MessagingSettings,
    UserFeed,
    FeedRepository,
    FeedChannel,
    ConversationsService,
    MessagesService,
    NotificationsService,
  ],
})
export class MessagingModule {}
