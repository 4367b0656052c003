import { Injectable } from '@nestjs/common';
import { SqlReader, type Transaction } from '@etutors/platform';
import type { FeedItem } from '../application/user-feed.js';

/** One user's stored feed item, as a stream sends it; `sequence` is its SSE event id. */
export interface FeedEntry extends FeedItem {
  sequence: number;
  createdAt: string;
}

interface EntryRow {
  sequence: string;
  type: FeedItem['type'];
  data: Record<string, unknown>;
  created_at: Date;
}

/** The stored feeds (`messaging.feed_items`) and each user's position in theirs. */
@Injectable()
export class FeedRepository {
  constructor(private readonly reader: SqlReader) {}

  /**
   * Stores `item` once for each recipient at the recipient's next position, in `tx`. The
   * position row stays locked until `tx` ends, so a user's appends commit in position order.
   * Recipients are locked in id order, so two appends never wait on each other in a circle.
   */
  async append(
    tx: Transaction,
    recipients: readonly string[],
    item: FeedItem,
    createdAt: Date,
  ): Promise<{ userId: string; sequence: number }[]> {
    const rows = (await tx.manager.query(
      `WITH positions AS (
         INSERT INTO messaging.feed_positions AS p (user_id, last_sequence)
         SELECT user_id, 1 FROM unnest($1::uuid[]) AS r (user_id) ORDER BY user_id
         ON CONFLICT (user_id) DO UPDATE SET last_sequence = p.last_sequence + 1
         RETURNING user_id, last_sequence
       )
       INSERT INTO messaging.feed_items (user_id, sequence, type, data, created_at)
       SELECT user_id, last_sequence, $2, $3::jsonb, $4 FROM positions
       RETURNING user_id, sequence`,
      [recipients, item.type, JSON.stringify(item.data), createdAt],
    )) as { user_id: string; sequence: string }[];
    return rows.map((row) => ({ userId: row.user_id, sequence: Number(row.sequence) }));
  }

  /** The last position handed out to `userId` (0 before their first item). */
  async positionOf(userId: string): Promise<number> {
    const [row] = await this.reader.query<{ last_sequence: string }>(
      `SELECT last_sequence FROM messaging.feed_positions WHERE user_id = $1`,
      [userId],
    );
    return row ? Number(row.last_sequence) : 0;
  }

  /** Up to `limit` of `userId`'s items after position `after`, oldest first. */
  async itemsAfter(userId: string, after: number, limit: number): Promise<FeedEntry[]> {
    const rows = await this.reader.query<EntryRow>(
      `SELECT sequence, type, data, created_at FROM messaging.feed_items
        WHERE user_id = $1 AND sequence > $2
        ORDER BY sequence
        LIMIT $3`,
      [userId, after, limit],
    );
    return rows.map((row) => ({
      sequence: Number(row.sequence),
      type: row.type,
      data: row.data,
      createdAt: row.created_at.toISOString(),
    }));
  }
}
