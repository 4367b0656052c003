import { defineEvent } from '@etutors/platform';

/** A message was sent in a conversation (system messages included). */
export interface MessageSentPayload {
  messageId: string;
  conversationId: string;
  senderId: string | null;
  recipientIds: string[];
  /** What was stored, possibly masked; for notifications and e-mail previews. */
  body: string;
  kind: 'user' | 'system';
}

export const MessageSent = defineEvent<MessageSentPayload>('messaging.message.sent');

/**
 * A notification was stored for a user (in-app), and, when the user wants it by e-mail, the
 * e-mail that will carry it (`emailDeliveryId`, due at `emailDueAt`). Messaging queues the
 * e-mail from this event, so the job exists only once the notification has committed.
 */
export interface NotificationCreatedPayload {
  notificationId: string;
  userId: string;
  type: string;
  emailDeliveryId: string | null;
  emailDueAt: string | null;
}

export const NotificationCreated = defineEvent<NotificationCreatedPayload>(
  'messaging.notification.created',
);
