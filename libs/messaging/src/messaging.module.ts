import { Module } from '@nestjs/common';
import { publishesEvents } from '@etutors/platform';
import * as messagingEvents from './events.js';

/** The messaging context's core: conversations, messages, notifications and their delivery. */
@Module({
  providers: [publishesEvents('messaging', messagingEvents)],
  exports: [],
})
export class MessagingModule {}
