import { Injectable } from '@nestjs/common';
import { Clock, UnitOfWork, type Transaction } from '@etutors/platform';
import { FeedChannel } from '../infrastructure/feed-channel.js';
import { FeedRepository } from '../infrastructure/feed.repository.js';

/** One thing a user's live stream shows: a new notification or a new message. */
export interface FeedItem {
  type: 'notification' | 'message';
  /** The notification's or the message's public view, as its REST route returns it. */
  data: Record<string, unknown>;
}

interface PendingAppend {
  item: FeedItem;
  createdAt: Date;
  recipients: [userId: string, sequence: number][];
}

/**
 * Each user's live feed (`GET /notifications/stream`). Producers append in the transaction that
 * stores the notification or message; once it commits, open streams on every instance get it,
 * and a stream that reconnects with `Last-Event-ID` gets what it missed from the stored items.
 *
 * Published from the unit of work's commit hook rather than by a relay polling the table: the
 * items reach streams at once, and nothing is lost if the process dies right after the commit,
 * because the rows are the truth (a stream that missed an item reads it at its next one, at a
 * resync or at a reconnect).
 */
@Injectable()
export class UserFeed {
  /** What each open transaction appended, published once it commits (forgotten if it does not). */
  private readonly pending = new WeakMap<Transaction, PendingAppend[]>();

  constructor(
    private readonly repository: FeedRepository,
    private readonly channel: FeedChannel,
    private readonly clock: Clock,
    unitOfWork: UnitOfWork,
  ) {
    unitOfWork.onCommit(({ transaction }) => this.publishCommitted(transaction));
  }

  async append(tx: Transaction, recipients: string[], item: FeedItem): Promise<void> {
    const unique = [...new Set(recipients)];
    if (unique.length === 0) return;
    const createdAt = this.clock.now();
    const stored = await this.repository.append(tx, unique, item, createdAt);
    const appends = this.pending.get(tx) ?? [];
    appends.push({
      item,
      createdAt,
      recipients: stored.map(({ userId, sequence }) => [userId, sequence]),
    });
    this.pending.set(tx, appends);
  }

  private publishCommitted(tx: Transaction): void {
    const appends = this.pending.get(tx);
    if (!appends) return;
    this.pending.delete(tx);
    for (const { item, createdAt, recipients } of appends)
      this.channel.publish({
        type: item.type,
        data: item.data,
        createdAt: createdAt.toISOString(),
        recipients,
      });
  }
}
