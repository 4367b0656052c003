import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatePlatformOutbox1795500000000 implements MigrationInterface {
  name = 'CreatePlatformOutbox1795500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS platform`);
    await q.query(`
      CREATE TABLE platform.outbox (
        id uuid PRIMARY KEY,
        type text NOT NULL,
        version int NOT NULL CHECK (version > 0),
        aggregate_id text NOT NULL,
        actor_id uuid,
        payload jsonb NOT NULL,
        occurred_at timestamptz NOT NULL,
        published_at timestamptz
      )`);
    // The relay's scan: only unpublished rows, oldest first.
    await q.query(
      `CREATE INDEX outbox_unpublished_idx ON platform.outbox (occurred_at, id) WHERE published_at IS NULL`,
    );
    // Replay and retention read by type and time.
    await q.query(`CREATE INDEX outbox_type_occurred_idx ON platform.outbox (type, occurred_at)`);
    await q.query(`
      CREATE TABLE platform.inbox (
        subscriber text NOT NULL,
        event_id uuid NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (subscriber, event_id)
      )`);
    await q.query(`CREATE INDEX inbox_processed_at_idx ON platform.inbox (processed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE platform.inbox`);
    await q.query(`DROP TABLE platform.outbox`);
    await q.query(`DROP SCHEMA platform`);
  }
}
