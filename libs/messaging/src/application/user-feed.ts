import { Injectable } from '@nestjs/common';
import type { Transaction } from '@etutors/platform';

/** One thing a user's live stream shows: a new notification or a new message. */
export interface FeedItem {
  type: 'notification' | 'message';
  /** The notification's or the message's public view, as its REST route returns it. */
  data: Record<string, unknown>;
}

/**
 * Each user's live feed (`GET /notifications/stream`). Producers append in the transaction that
 * stores the notification or message; once it commits, open streams on every instance get it,
 * and a stream that reconnects with `Last-Event-ID` gets what it missed from the stored items.
 */
@Injectable()
export class UserFeed {
  async append(_tx: Transaction, _recipients: string[], _item: FeedItem): Promise<void> {
    // Built with the stream (issue 13, point 6).
  }
}
