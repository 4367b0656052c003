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
