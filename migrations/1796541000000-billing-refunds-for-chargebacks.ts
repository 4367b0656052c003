import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A lost dispute is recorded as a refund of what was left of the payment (source `chargeback`):
 * the bank took it back, so the tutor's share and the fee are reversed as for any refund.
 */
export class BillingRefundsForChargebacks1796541000000 implements MigrationInterface {
  name = 'BillingRefundsForChargebacks1796541000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE billing.refunds DROP CONSTRAINT refunds_source_check`);
    await q.query(`
      ALTER TABLE billing.refunds ADD CONSTRAINT refunds_source_check
        CHECK (source IN ('cancellation', 'payment_after_expiry', 'admin', 'dispute', 'chargeback'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE billing.refunds DROP CONSTRAINT refunds_source_check`);
    await q.query(`
      ALTER TABLE billing.refunds ADD CONSTRAINT refunds_source_check
        CHECK (source IN ('cancellation', 'payment_after_expiry', 'admin', 'dispute')) NOT VALID`);
  }
}
