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
   * Stores each item once for each of its recipients, at the recipients' next positions, in
   * `tx`, in the order given; returns each item's recipients with their positions. Every
   * recipient's position is taken in one statement, in user id order: the rows stay locked until
   * `tx` ends, so a user's items commit in position order, and two transactions never wait on
   * each other's positions in a circle. Call it last in a transaction (the feed does, just before
   * the commit), so the positions are held as briefly as possible.
   */
  async appendAll(
    tx: Transaction,
    appends: readonly { recipients: readonly string[]; item: FeedItem; createdAt: Date }[],
  ): Promise<[userId: string, sequence: number][][]> {
    const everyRecipient = appends.flatMap((append) => append.recipients);
    if (everyRecipient.length === 0) return appends.map(() => []);
    const positions = (await tx.manager.query(
      `WITH counts AS (
         SELECT user_id, count(*)::bigint AS n FROM unnest($1::uuid[]) AS r (user_id) GROUP BY user_id
       )
       INSERT INTO messaging.feed_positions AS p (user_id, last_sequence)
       SELECT user_id, n FROM counts ORDER BY user_id
       ON CONFLICT (user_id) DO UPDATE SET last_sequence = p.last_sequence + EXCLUDED.last_sequence
       RETURNING user_id, last_sequence`,
      [everyRecipient],
    )) as { user_id: string; last_sequence: string }[];
    const counts = new Map<string, number>();
    for (const userId of everyRecipient) counts.set(userId, (counts.get(userId) ?? 0) + 1);
    // The first of the positions this transaction took for each user.
    const next = new Map(
      positions.map((row) => [
        row.user_id,
        Number(row.last_sequence) - counts.get(row.user_id)! + 1,
      ]),
    );
    const stored = appends.map(({ recipients }) =>
      recipients.map((userId): [string, number] => {
        const sequence = next.get(userId)!;
        next.set(userId, sequence + 1);
        return [userId, sequence];
      }),
    );
    const rows = appends.flatMap((append, i) =>
      stored[i]!.map(([userId, sequence]) => ({ userId, sequence, ...append })),
    );
    await tx.manager.query(
      `INSERT INTO messaging.feed_items (user_id, sequence, type, data, created_at)
       SELECT user_id, sequence, type, data::jsonb, created_at
         FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::text[], $5::timestamptz[])
           AS i (user_id, sequence, type, data, created_at)`,
      [
        rows.map((row) => row.userId),
        rows.map((row) => row.sequence),
        rows.map((row) => row.item.type),
        rows.map((row) => JSON.stringify(row.item.data)),
        rows.map((row) => row.createdAt),
      ],
    );
    return stored;
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
