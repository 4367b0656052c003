import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateBillingRefunds1796120000000 implements MigrationInterface {
  name = 'CreateBillingRefunds1796120000000';

  async up(q: QueryRunner): Promise<void> {
    // What has gone back so far; the check makes refunding more than was captured impossible.
    await q.query(`
      ALTER TABLE billing.payments
        ADD COLUMN refunded_amount bigint NOT NULL DEFAULT 0,
        ADD COLUMN refunded_fee bigint NOT NULL DEFAULT 0,
        ADD CONSTRAINT payments_refund_within_captured CHECK (
          refunded_amount >= 0 AND refunded_fee >= 0 AND refunded_fee <= refunded_amount
          AND (refunded_amount = 0 OR status = 'succeeded') AND refunded_amount <= amount)`);
    await q.query(`
      CREATE TABLE billing.refunds (
        id uuid PRIMARY KEY,
        payment_id uuid NOT NULL REFERENCES billing.payments (id),
        booking_id uuid NOT NULL,
        amount bigint NOT NULL CHECK (amount > 0),
        currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        -- What the refund took back from the platform's fee; the rest came from the tutor's share.
        fee_reversed bigint NOT NULL CHECK (fee_reversed >= 0 AND fee_reversed <= amount),
        source text NOT NULL CHECK (source IN ('cancellation', 'payment_after_expiry', 'admin')),
        reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
        provider_refund_id text NOT NULL,
        created_by uuid,
        created_at timestamptz NOT NULL
      )`);
    // A booking's cancellation (or late payment) is refunded once, whatever redelivers its event.
    await q.query(`
      CREATE UNIQUE INDEX refunds_once_per_booking_event ON billing.refunds (payment_id, source)
        WHERE source IN ('cancellation', 'payment_after_expiry')`);
    await q.query(`CREATE INDEX refunds_payment_idx ON billing.refunds (payment_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE billing.refunds`);
    await q.query(`
      ALTER TABLE billing.payments DROP CONSTRAINT payments_refund_within_captured,
        DROP COLUMN refunded_fee, DROP COLUMN refunded_amount`);
  }
}
