import { Module } from '@nestjs/common';
import { MessagingModule } from './messaging.module.js';

/** Messaging's routes; imported by the API alone. */
@Module({
  imports: [MessagingModule],
  controllers: [],
})
export class MessagingHttpModule {}
