import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Money out: payout runs, the payouts they plan (one per tutor and currency), the ledger entries
 * each payout covers, and the sandbox provider's own record of transfers. The database keeps a
 * payout from being planned twice (one pending per tutor and currency, one per run), from being
 * posted twice (one `payout_sent` posting per payout), and two runs from running at once.
 */
export class CreateBillingPayouts1796330000000 implements MigrationInterface {
  name = 'CreateBillingPayouts1796330000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE billing.payout_runs (
        id uuid PRIMARY KEY,
        trigger text NOT NULL CHECK (trigger IN ('schedule', 'admin')),
        requested_by uuid,
        status text NOT NULL CHECK (status IN ('running', 'completed')),
        -- The ISO week a scheduled run is for: several instances' schedules make one run a week.
        scheduled_for text UNIQUE CHECK (scheduled_for ~ '^[0-9]{4}-W[0-9]{2}$'),
        started_at timestamptz NOT NULL,
        completed_at timestamptz,
        -- What the run planned, and what its payouts had become when it completed.
        planned_count int CHECK (planned_count >= 0),
        sent_count int CHECK (sent_count >= 0),
        failed_count int CHECK (failed_count >= 0),
        CHECK ((trigger = 'schedule') = (scheduled_for IS NOT NULL)),
        CHECK ((trigger = 'admin') = (requested_by IS NOT NULL)),
        CHECK ((status = 'completed') = (completed_at IS NOT NULL)),
        CHECK (status = 'running' OR (planned_count IS NOT NULL AND sent_count IS NOT NULL AND failed_count IS NOT NULL)),
        CHECK (completed_at IS NULL OR completed_at >= started_at)
      )`);
    // One run at a time: a second start finds the first and joins it.
    await q.query(
      `CREATE UNIQUE INDEX payout_runs_one_running_uq ON billing.payout_runs ((true)) WHERE status = 'running'`,
    );
    await q.query(`CREATE INDEX payout_runs_started_idx ON billing.payout_runs (started_at DESC)`);

    await q.query(`
      CREATE TABLE billing.payouts (
        id uuid PRIMARY KEY,
        run_id uuid NOT NULL REFERENCES billing.payout_runs (id),
        tutor_id uuid NOT NULL,
        currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        amount bigint NOT NULL CHECK (amount > 0),
        status text NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
        provider text NOT NULL,
        provider_transfer_id text,
        failure_reason text,
        created_at timestamptz NOT NULL,
        sent_at timestamptz,
        failed_at timestamptz,
        CHECK ((status = 'sent') = (sent_at IS NOT NULL)),
        CHECK ((status = 'sent') = (provider_transfer_id IS NOT NULL)),
        CHECK ((status = 'failed') = (failed_at IS NOT NULL)),
        CHECK ((status = 'failed') = (failure_reason IS NOT NULL)),
        CHECK (sent_at IS NULL OR sent_at >= created_at),
        CHECK (failed_at IS NULL OR failed_at >= created_at),
        UNIQUE (run_id, tutor_id, currency)
      )`);
    // Never two payouts on their way for the same money.
    await q.query(
      `CREATE UNIQUE INDEX payouts_one_pending_uq ON billing.payouts (tutor_id, currency) WHERE status = 'pending'`,
    );
    await q.query(`CREATE INDEX payouts_tutor_idx ON billing.payouts (tutor_id, created_at DESC)`);
    await q.query(`CREATE INDEX payouts_status_idx ON billing.payouts (status, created_at DESC)`);

    await q.query(`
      CREATE TABLE billing.payout_items (
        id uuid PRIMARY KEY,
        payout_id uuid NOT NULL REFERENCES billing.payouts (id),
        ledger_entry_id uuid NOT NULL REFERENCES billing.ledger_entries (id),
        payment_id uuid REFERENCES billing.payments (id),
        booking_id uuid,
        -- As the tutor sees it: a release adds, a clawback takes away.
        amount bigint NOT NULL CHECK (amount <> 0),
        active boolean NOT NULL DEFAULT true,
        CHECK ((payment_id IS NULL) = (booking_id IS NULL))
      )`);
    // An entry is covered by one live payout at most; a failed payout's items let it go.
    await q.query(
      `CREATE UNIQUE INDEX payout_items_entry_active_uq ON billing.payout_items (ledger_entry_id) WHERE active`,
    );
    await q.query(`CREATE INDEX payout_items_payout_idx ON billing.payout_items (payout_id)`);

    // A payout reaches the ledger once. (Not yet a foreign key: tests that post payouts straight
    // to the ledger, for statements and escrow, name payouts that do not exist.)
    await q.query(`
      CREATE UNIQUE INDEX ledger_entries_payout_sent_uq ON billing.ledger_entries (payout_id, account)
        WHERE kind = 'payout_sent'`);

    // The sandbox provider's own books, as a bank keeps them: written outside our transactions,
    // keyed by the caller's idempotency key, so a retried transfer is found rather than repeated.
    await q.query(`
      CREATE TABLE billing.sandbox_transfers (
        idempotency_key text PRIMARY KEY,
        id text NOT NULL UNIQUE,
        payout_id uuid NOT NULL,
        amount bigint NOT NULL CHECK (amount > 0),
        currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        iban_last4 text NOT NULL,
        status text NOT NULL CHECK (status IN ('sent', 'failed')),
        failure_reason text,
        created_at timestamptz NOT NULL,
        CHECK ((status = 'failed') = (failure_reason IS NOT NULL))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE billing.sandbox_transfers`);
    await q.query(`DROP INDEX billing.ledger_entries_payout_sent_uq`);
    await q.query(`DROP TABLE billing.payout_items`);
    await q.query(`DROP TABLE billing.payouts`);
    await q.query(`DROP TABLE billing.payout_runs`);
  }
}
