import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { PubSub } from '@etutors/platform';
import type { FeedEntry } from './feed.repository.js';

const CHANNEL = 'messaging.feed';

/** Whoever shows one user's feed on this instance (an open stream). */
export interface FeedListener {
  /** A committed item of this user's feed; may arrive twice or out of order. */
  deliver(entry: FeedEntry): void;
  /** Items may have been missed (pub/sub was away): read them from the store. */
  resync(): void;
}

/** One committed append, as it travels between instances. */
interface Published {
  origin: string;
  type: FeedEntry['type'];
  data: FeedEntry['data'];
  createdAt: string;
  recipients: [userId: string, sequence: number][];
}

/**
 * Carries committed feed items to the listeners of their users on every API instance: at once
 * in this process, and over Redis pub/sub (one channel, the user ids in the message) to the
 * others. Pub/sub may lose a message; listeners recover from the store, since each user's
 * positions are gap-free (a jump shows a miss) and `resync` is called whenever listening
 * (re)starts. Without Redis there is one instance and the in-process path is all there is.
 */
@Injectable()
export class FeedChannel {
  private readonly logger = new Logger('FeedChannel');
  /** Tells this instance's own messages apart: they were delivered in process already. */
  private readonly origin = randomUUID();
  private readonly listeners = new Map<string, Set<FeedListener>>();
  private subscribed = false;

  constructor(private readonly pubSub: PubSub) {}

  /** Hands a committed append to its recipients' listeners here and on every other instance. */
  publish(item: Omit<Published, 'origin'>): void {
    this.dispatch(item);
    const message: Published = { origin: this.origin, ...item };
    this.pubSub.publish(CHANNEL, JSON.stringify(message)).catch((error: Error) => {
      // The items are stored: other instances' streams catch up at their next item or resync.
      this.logger.warn(`Cannot publish feed items: ${error.message}`);
    });
  }

  /** Delivers `userId`'s items to `listener` until the returned function is called. */
  listen(userId: string, listener: FeedListener): () => void {
    if (!this.subscribed) {
      this.subscribed = true;
      this.pubSub.subscribe(
        CHANNEL,
        (message) => this.receive(message),
        () => this.resyncAll(),
      );
    }
    let own = this.listeners.get(userId);
    if (!own) this.listeners.set(userId, (own = new Set()));
    own.add(listener);
    return () => {
      own.delete(listener);
      if (own.size === 0 && this.listeners.get(userId) === own) this.listeners.delete(userId);
    };
  }

  private receive(message: string): void {
    let item: Published;
    try {
      item = JSON.parse(message) as Published;
    } catch {
      return;
    }
    if (item.origin !== this.origin) this.dispatch(item);
  }

  private dispatch({ type, data, createdAt, recipients }: Omit<Published, 'origin'>): void {
    for (const [userId, sequence] of recipients) {
      const own = this.listeners.get(userId);
      if (!own) continue;
      for (const listener of own) listener.deliver({ sequence, type, data, createdAt });
    }
  }

  private resyncAll(): void {
    for (const own of this.listeners.values()) for (const listener of own) listener.resync();
  }
}
