import { Module } from '@nestjs/common';
import { IdentityModule } from '@etutors/identity';
import { ConversationsController } from './http/conversations.controller.js';
import { NotificationsStreamController } from './http/notifications-stream.controller.js';
import { FeedStreams } from './infrastructure/feed-streams.js';
import { NotificationsController } from './http/notifications.controller.js';
import { MessagingModule } from './messaging.module.js';

/** Messaging's routes; imported by the API alone. */
@Module({
  // Identity: a stream's caller is checked again as it runs.
  imports: [MessagingModule, IdentityModule],
  controllers: [NotificationsController, ConversationsController, NotificationsStreamController],
  // Live streams exist where HTTP is served.
  providers: [FeedStreams],
})
export class MessagingHttpModule {}
