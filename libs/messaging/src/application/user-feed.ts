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
  recipients: string[];
}

interface StoredAppend {
  item: FeedItem;
  createdAt: Date;
  recipients: [userId: string, sequence: number][];
}

/**
 * Each user's live feed (`GET /notifications/stream`). Producers append in the transaction that
 * stores the notification or message; what a transaction appended is stored at the end of it,
 * just before its commit, in one go (the users' positions are row locks, so they are taken last
 * and in one order: many deliveries for the same users then queue briefly instead of holding
 * each other up, or deadlocking). Once it commits, open streams on every instance get it, and a
 * stream that reconnects with `Last-Event-ID` gets what it missed from the stored items.
 *
 * Published from the unit of work's commit hook rather than by a relay polling the table: the
 * items reach streams at once, and nothing is lost if the process dies right after the commit,
 * because the rows are the truth (a stream that missed an item reads it at its next one, at a
 * resync or at a reconnect).
 */
@Injectable()
export class UserFeed {
  /** What each open transaction appended: stored before it commits, published once it has. */
  private readonly pending = new WeakMap<Transaction, PendingAppend[]>();
  private readonly stored = new WeakMap<Transaction, StoredAppend[]>();

  constructor(
    private readonly repository: FeedRepository,
    private readonly channel: FeedChannel,
    private readonly clock: Clock,
    unitOfWork: UnitOfWork,
  ) {
    unitOfWork.beforeCommit((tx) => this.store(tx));
    unitOfWork.onCommit(({ transaction }) => this.publishCommitted(transaction));
  }

  /** Adds `item` to each recipient's feed when `tx` (a unit of work's) commits. */
  append(tx: Transaction, recipients: string[], item: FeedItem): void {
    const unique = [...new Set(recipients)];
    if (unique.length === 0) return;
    const appends = this.pending.get(tx) ?? [];
    appends.push({ item, createdAt: this.clock.now(), recipients: unique });
    this.pending.set(tx, appends);
  }

  private async store(tx: Transaction): Promise<void> {
    const appends = this.pending.get(tx);
    if (!appends) return;
    this.pending.delete(tx);
    const positions = await this.repository.appendAll(tx, appends);
    this.stored.set(
      tx,
      appends.map((append, i) => ({ ...append, recipients: positions[i]! })),
    );
  }

  private publishCommitted(tx: Transaction): void {
    const appends = this.stored.get(tx);
    if (!appends) return;
    this.stored.delete(tx);
    for (const { item, createdAt, recipients } of appends)
      this.channel.publish({
        type: item.type,
        data: item.data,
        createdAt: createdAt.toISOString(),
        recipients,
      });
  }
}
