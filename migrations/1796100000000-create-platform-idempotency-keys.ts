import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatePlatformIdempotencyKeys1796100000000 implements MigrationInterface {
  name = 'CreatePlatformIdempotencyKeys1796100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE platform.idempotency_keys (
        owner_id uuid NOT NULL,
        route text NOT NULL,
        key text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
        fingerprint char(64) NOT NULL,
        state text NOT NULL CHECK (state IN ('in_flight', 'completed')),
        response_status int,
        response_content_type text,
        response_body text,
        locked_until timestamptz,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (owner_id, route, key),
        CHECK ((state = 'completed') = (response_status IS NOT NULL)),
        CHECK ((state = 'in_flight') = (locked_until IS NOT NULL))
      )`);
    await q.query(
      `CREATE INDEX idempotency_keys_expires_idx ON platform.idempotency_keys (expires_at)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE platform.idempotency_keys`);
  }
}
