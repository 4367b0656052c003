import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateBillingProviderEvents1796125000000 implements MigrationInterface {
  name = 'CreateBillingProviderEvents1796125000000';

  async up(q: QueryRunner): Promise<void> {
    // Each webhook event a provider sends is processed once: a replay finds its row and stops.
    await q.query(`
      CREATE TABLE billing.provider_events (
        provider text NOT NULL,
        event_id text NOT NULL CHECK (length(event_id) BETWEEN 1 AND 255),
        type text NOT NULL,
        provider_payment_id text,
        outcome text NOT NULL CHECK (outcome IN ('applied', 'no_change', 'ignored', 'unknown_payment')),
        received_at timestamptz NOT NULL,
        PRIMARY KEY (provider, event_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE billing.provider_events`);
  }
}
