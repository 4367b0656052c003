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
