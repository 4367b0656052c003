import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Refunds decided on a case about a lesson (source `dispute`), and the hold such a case puts on a
 * payment's release. The hold has its own column: a provider's chargeback (`disputed_at`) and a
 * case on the platform open and close independently, and one must never lift the other.
 */
export class BillingRefundsForDisputes1796521000000 implements MigrationInterface {
  name = 'BillingRefundsForDisputes1796521000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE billing.refunds DROP CONSTRAINT refunds_source_check`);
    await q.query(`
      ALTER TABLE billing.refunds ADD CONSTRAINT refunds_source_check
        CHECK (source IN ('cancellation', 'payment_after_expiry', 'admin', 'dispute'))`);
    await q.query(`
      ALTER TABLE billing.payments ADD COLUMN case_opened_at timestamptz,
        ADD CONSTRAINT payments_case_only_when_paid
          CHECK (case_opened_at IS NULL OR status = 'succeeded')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE billing.payments DROP CONSTRAINT payments_case_only_when_paid,
        DROP COLUMN case_opened_at`);
    // Refunds already decided on cases stay: re-adding the narrower check refuses them.
    await q.query(`ALTER TABLE billing.refunds DROP CONSTRAINT refunds_source_check`);
    await q.query(`
      ALTER TABLE billing.refunds ADD CONSTRAINT refunds_source_check
        CHECK (source IN ('cancellation', 'payment_after_expiry', 'admin'))`);
  }
}
