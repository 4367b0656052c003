import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateBilling1796110000000 implements MigrationInterface {
  name = 'CreateBilling1796110000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS billing`);
    await q.query(`
      CREATE TABLE billing.payments (
        id uuid PRIMARY KEY,
        booking_id uuid NOT NULL,
        student_id uuid NOT NULL,
        tutor_id uuid NOT NULL,
        amount bigint NOT NULL CHECK (amount > 0),
        currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        -- The commission in force when the payment was created, so a later change never reprices it.
        fee_bps int NOT NULL CHECK (fee_bps BETWEEN 0 AND 10000),
        status text NOT NULL CHECK (status IN ('requires_confirmation', 'requires_action', 'succeeded', 'failed')),
        provider text NOT NULL,
        provider_payment_id text NOT NULL,
        client_secret text,
        confirm_attempts int NOT NULL DEFAULT 0 CHECK (confirm_attempts >= 0),
        decline_code text,
        failure_reason text,
        succeeded_at timestamptz,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CHECK ((status = 'succeeded') = (succeeded_at IS NOT NULL))
      )`);
    // One payment per booking: a second charge for the same lesson cannot exist.
    await q.query(`CREATE UNIQUE INDEX payments_booking_uq ON billing.payments (booking_id)`);
    await q.query(
      `CREATE UNIQUE INDEX payments_provider_uq ON billing.payments (provider, provider_payment_id)`,
    );
    await q.query(
      `CREATE INDEX payments_student_idx ON billing.payments (student_id, created_at DESC)`,
    );

    await q.query(`
      CREATE TABLE billing.ledger_entries (
        id uuid PRIMARY KEY,
        posting_id uuid NOT NULL,
        account text NOT NULL CHECK (account IN ('provider_clearing', 'tutor_pending', 'tutor_available', 'tutor_paid_out', 'platform_revenue', 'refunds')),
        -- The tutor whose account it is; null for the platform's own accounts.
        owner_id uuid,
        currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        amount bigint NOT NULL CHECK (amount <> 0),
        kind text NOT NULL,
        payment_id uuid REFERENCES billing.payments (id),
        created_at timestamptz NOT NULL,
        CHECK ((account LIKE 'tutor\\_%') = (owner_id IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX ledger_entries_posting_idx ON billing.ledger_entries (posting_id)`);
    await q.query(
      `CREATE INDEX ledger_entries_account_idx ON billing.ledger_entries (account, owner_id, currency)`,
    );
    await q.query(`CREATE INDEX ledger_entries_payment_idx ON billing.ledger_entries (payment_id)`);

    // Append-only: a correction is a reversing posting, never an edit.
    await q.query(`
      CREATE FUNCTION billing.ledger_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'billing.ledger_entries is append-only' USING ERRCODE = 'restrict_violation';
      END $$`);
    await q.query(`
      CREATE TRIGGER ledger_entries_no_change BEFORE UPDATE OR DELETE ON billing.ledger_entries
        FOR EACH ROW EXECUTE FUNCTION billing.ledger_entries_append_only()`);
    await q.query(`
      CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON billing.ledger_entries
        FOR EACH STATEMENT EXECUTE FUNCTION billing.ledger_entries_append_only()`);

    // Every posting balances, in one currency, by the end of the transaction that wrote it.
    await q.query(`
      CREATE FUNCTION billing.ledger_posting_balances() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        currencies int;
        total numeric;
      BEGIN
        SELECT count(DISTINCT currency), sum(amount) INTO currencies, total
          FROM billing.ledger_entries WHERE posting_id = NEW.posting_id;
        IF currencies <> 1 OR total <> 0 THEN
          RAISE EXCEPTION 'ledger posting % does not balance (% currencies, sum %)', NEW.posting_id, currencies, total
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER ledger_posting_balanced AFTER INSERT ON billing.ledger_entries
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION billing.ledger_posting_balances()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE billing.ledger_entries`);
    await q.query(`DROP FUNCTION billing.ledger_posting_balances()`);
    await q.query(`DROP FUNCTION billing.ledger_entries_append_only()`);
    await q.query(`DROP TABLE billing.payments`);
    await q.query(`DROP SCHEMA billing`);
  }
}
