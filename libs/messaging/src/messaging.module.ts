import { Module } from '@nestjs/common';
import { publishesEvents } from '@etutors/platform';
import { UserFeed } from './application/user-feed.js';
import * as messagingEvents from './events.js';
import { FeedChannel } from './infrastructure/feed-channel.js';
import { FeedRepository } from './infrastructure/feed.repository.js';

/** The messaging context's core: conversations, messages, notifications and their delivery. */
@Module({
  providers: [publishesEvents('messaging', messagingEvents), UserFeed, FeedRepository, FeedChannel],
  exports: [UserFeed, FeedRepository, FeedChannel],
})
export class MessagingModule {}
