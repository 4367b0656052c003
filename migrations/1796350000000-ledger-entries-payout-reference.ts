import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A posting that sends money out names the payout it sends, and that payout exists; no other
 * posting names one. Both are added NOT VALID and then validated, for a table that already holds
 * real entries: validation checks every existing one and stops the migration if one breaks
 * either rule. (ALTER does not fire the append-only trigger.)
 */
export class LedgerEntriesPayoutReference1796350000000 implements MigrationInterface {
  name = 'LedgerEntriesPayoutReference1796350000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE billing.ledger_entries ADD CONSTRAINT ledger_entries_payout_fk
        FOREIGN KEY (payout_id) REFERENCES billing.payouts (id) NOT VALID`);
    await q.query(`
      ALTER TABLE billing.ledger_entries ADD CONSTRAINT ledger_entries_payout_sent_names_payout_check
        CHECK ((kind = 'payout_sent') = (payout_id IS NOT NULL)) NOT VALID`);
    await q.query(
      `ALTER TABLE billing.ledger_entries VALIDATE CONSTRAINT ledger_entries_payout_fk`,
    );
    await q.query(
      `ALTER TABLE billing.ledger_entries VALIDATE CONSTRAINT ledger_entries_payout_sent_names_payout_check`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE billing.ledger_entries DROP CONSTRAINT ledger_entries_payout_sent_names_payout_check`,
    );
    await q.query(`ALTER TABLE billing.ledger_entries DROP CONSTRAINT ledger_entries_payout_fk`);
  }
}
