// The messaging context's public API. Its events have their own entry point,
// `@etutors/messaging/events`, so a subscriber never loads this module.
export { MessagingModule } from './messaging.module.js';
export { MessagingHttpModule } from './messaging-http.module.js';
export { MESSAGING_ENTITIES } from './messaging.entities.js';
export {
  seedMessaging,
  type MessagingSeedBooking,
  type MessagingSeedPerson,
} from './infrastructure/messaging.seeder.js';
