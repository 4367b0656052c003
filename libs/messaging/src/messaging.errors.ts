// The messaging context's domain errors, each with a stable code (`conversation.not_allowed`).
import { DomainError } from '@etutors/platform';

/** One more live stream than a user may hold open (each holds a connection and a listener). */
export class TooManyStreamsError extends DomainError {
  readonly code = 'stream.too_many';
  readonly kind = 'rate_limited' as const;
  constructor(limit: number) {
    super(`At most ${limit} live streams may be open at once; close one first`, { limit });
  }
}

/** The caller may not open a conversation with this user (see `mayOpenConversation`). */
export class ConversationNotAllowedError extends DomainError {
  readonly code = 'conversation.not_allowed';
  readonly kind = 'forbidden' as const;
  constructor() {
    super(
      'You can message an approved tutor as a student, or a student you have a booking with as a tutor',
    );
  }
}

export class ConversationWithSelfError extends DomainError {
  readonly code = 'conversation.with_self';
  readonly kind = 'unprocessable' as const;
  constructor() {
    super('A conversation needs another participant');
  }
}

export class MessageRateLimitedError extends DomainError {
  readonly code = 'message.rate_limited';
  readonly kind = 'rate_limited' as const;
  constructor(retryAfterSeconds: number) {
    super(`Too many messages; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
  }
}

/** `before` names no message of this conversation. */
export class MessageCursorInvalidError extends DomainError {
  readonly code = 'message.cursor_invalid';
  readonly kind = 'invalid' as const;
  constructor() {
    super('The cursor does not name a message of this conversation');
  }
}
