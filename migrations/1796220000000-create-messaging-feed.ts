import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateMessagingFeed1796220000000 implements MigrationInterface {
  name = 'CreateMessagingFeed1796220000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS messaging`);
    // The last feed position handed out per user. Incremented in the transaction that appends,
    // so its row lock orders one user's appends: position n commits (or rolls back, taking its
    // increment with it) before n + 1 is handed out, and positions are gap-free in commit order.
    await q.query(`
      CREATE TABLE messaging.feed_positions (
        user_id uuid PRIMARY KEY,
        last_sequence bigint NOT NULL CHECK (last_sequence > 0)
      )`);
    // What each user's live stream showed or will show; `sequence` is the SSE event id.
    await q.query(`
      CREATE TABLE messaging.feed_items (
        user_id uuid NOT NULL REFERENCES messaging.feed_positions (user_id),
        sequence bigint NOT NULL CHECK (sequence > 0),
        type text NOT NULL CHECK (type IN ('notification', 'message')),
        data jsonb NOT NULL CHECK (jsonb_typeof(data) = 'object'),
        created_at timestamptz NOT NULL,
        PRIMARY KEY (user_id, sequence)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE messaging.feed_items`);
    await q.query(`DROP TABLE messaging.feed_positions`);
  }
}
