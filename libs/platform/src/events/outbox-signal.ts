import { Injectable } from '@nestjs/common';
import { PubSub } from '../redis/pub-sub.js';

const CHANNEL = 'outbox-committed';

/**
 * "Events were committed": a pub/sub nudge from the processes that write the outbox to the ones
 * that relay it, so a worker relays at once instead of at its next poll. Only a hint (a lost one
 * costs a poll interval), sent after the commit and never awaited, so it adds nothing to a
 * request. (PostgreSQL's NOTIFY would be transactional, but it serializes every notifying commit
 * behind one lock, group commit included: a ceiling on bookings per second.)
 */
@Injectable()
export class OutboxSignal {
  constructor(private readonly pubSub: PubSub) {}

  /** Tells every listening relay that events were committed. */
  send(): void {
    this.pubSub.publish(CHANNEL, '').catch(() => undefined);
  }

  /**
   * Calls `listener` whenever any process sends, and whenever listening (re)starts, so what was
   * committed while it was away is picked up too. Without Redis there is nothing to hear: every
   * process relays its own commits.
   */
  listen(listener: () => void): void {
    this.pubSub.subscribe(CHANNEL, listener, listener);
  }
}
