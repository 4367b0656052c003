import { Module } from '@nestjs/common';
import { publishesEvents } from '@etutors/platform';
import { UserFeed } from './application/user-feed.js';
import * as messagingEvents from './events.js';

/** The messaging context's core: conversations, messages, notifications and their delivery. */
@Module({
  providers: [publishesEvents('messaging', messagingEvents), UserFeed],
  exports: [UserFeed],
})
export class MessagingModule {}
