import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Money out: a ledger entry may belong to a payout (the posting that sends it), and the kinds of
 * posting are named by the database, so a typo in code cannot write an entry nobody reads.
 */
export class LedgerEntriesPayout1796300000000 implements MigrationInterface {
  name = 'LedgerEntriesPayout1796300000000';

  async up(q: QueryRunner): Promise<void> {
    // Adding a nullable column rewrites nothing, so the append-only trigger is not involved.
    await q.query(`ALTER TABLE billing.ledger_entries ADD COLUMN payout_id uuid`);
    await q.query(
      `CREATE INDEX ledger_entries_payout_idx ON billing.ledger_entries (payout_id) WHERE payout_id IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX ledger_entries_owner_idx ON billing.ledger_entries (owner_id, currency, created_at) WHERE owner_id IS NOT NULL`,
    );
    await q.query(`
      ALTER TABLE billing.ledger_entries ADD CONSTRAINT ledger_entries_kind_check
        CHECK (kind IN ('payment_captured', 'refund_issued', 'earnings_released', 'payout_sent'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE billing.ledger_entries DROP CONSTRAINT ledger_entries_kind_check`);
    await q.query(`DROP INDEX billing.ledger_entries_owner_idx`);
    await q.query(`DROP INDEX billing.ledger_entries_payout_idx`);
    await q.query(`ALTER TABLE billing.ledger_entries DROP COLUMN payout_id`);
  }
}
