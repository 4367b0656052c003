import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Commission rules, versioned and snapshotted on each payment when it succeeds, and the escrow
 * of a payment's tutor share: held until its lesson is completed and the hold has passed without
 * a dispute, then released once.
 */
export class CommissionRulesAndEscrow1796310000000 implements MigrationInterface {
  name = 'CommissionRulesAndEscrow1796310000000';

  async up(q: QueryRunner): Promise<void> {
    // Tiers: a non-empty array of {fromHours, feeBps}, integers, starting at 0 h, strictly rising.
    await q.query(`
      CREATE FUNCTION billing.commission_tiers_valid(tiers jsonb) RETURNS boolean
        LANGUAGE plpgsql IMMUTABLE AS $$
      DECLARE
        tier jsonb;
        previous numeric := NULL;
        hours numeric;
        bps numeric;
      BEGIN
        IF jsonb_typeof(tiers) <> 'array' OR jsonb_array_length(tiers) = 0 THEN
          RETURN false;
        END IF;
        FOR tier IN SELECT value FROM jsonb_array_elements(tiers) LOOP
          IF jsonb_typeof(tier) <> 'object'
             OR jsonb_typeof(tier -> 'fromHours') IS DISTINCT FROM 'number'
             OR jsonb_typeof(tier -> 'feeBps') IS DISTINCT FROM 'number' THEN
            RETURN false;
          END IF;
          hours := (tier ->> 'fromHours')::numeric;
          bps := (tier ->> 'feeBps')::numeric;
          IF hours <> trunc(hours) OR bps <> trunc(bps) OR bps < 0 OR bps > 10000 THEN
            RETURN false;
          END IF;
          IF (previous IS NULL AND hours <> 0) OR (previous IS NOT NULL AND hours <= previous) THEN
            RETURN false;
          END IF;
          previous := hours;
        END LOOP;
        RETURN true;
      END $$`);
    await q.query(`
      CREATE TABLE billing.commission_rules (
        version int PRIMARY KEY CHECK (version >= 1),
        kind text NOT NULL CHECK (kind IN ('flat', 'tiered')),
        fee_bps int CHECK (fee_bps BETWEEN 0 AND 10000),
        tiers jsonb CHECK (billing.commission_tiers_valid(tiers)),
        created_at timestamptz NOT NULL,
        created_by uuid,
        CHECK ((kind = 'flat') = (fee_bps IS NOT NULL)),
        CHECK ((kind = 'tiered') = (tiers IS NOT NULL))
      )`);

    await q.query(`
      ALTER TABLE billing.payments
        -- The rule the fee came from when the payment succeeded; null: the default flat fee.
        ADD COLUMN commission_rule_version int REFERENCES billing.commission_rules (version),
        ADD COLUMN lesson_completed_at timestamptz,
        ADD COLUMN release_due_at timestamptz,
        ADD COLUMN released_at timestamptz,
        ADD COLUMN released_amount bigint,
        ADD COLUMN disputed_at timestamptz,
        ADD CONSTRAINT payments_commission_on_success CHECK (
          commission_rule_version IS NULL OR status = 'succeeded'),
        ADD CONSTRAINT payments_escrow CHECK (
          (lesson_completed_at IS NULL) = (release_due_at IS NULL)
          AND release_due_at >= lesson_completed_at
          AND (lesson_completed_at IS NULL OR status = 'succeeded')
          AND (disputed_at IS NULL OR status = 'succeeded')
          AND (released_at IS NULL) = (released_amount IS NULL)
          AND (released_at IS NULL OR (lesson_completed_at IS NOT NULL AND released_at >= release_due_at))
          AND released_amount >= 0 AND released_amount <= amount)`);
    // What the release job looks for: completed, held long enough, not yet released.
    await q.query(`
      CREATE INDEX payments_release_due_idx ON billing.payments (release_due_at)
        WHERE released_at IS NULL AND release_due_at IS NOT NULL`);
    // A payment's share is released at most once, whatever runs the job.
    await q.query(`
      CREATE UNIQUE INDEX ledger_entries_released_once ON billing.ledger_entries (payment_id)
        WHERE kind = 'earnings_released' AND account = 'tutor_available'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX billing.ledger_entries_released_once`);
    await q.query(`DROP INDEX billing.payments_release_due_idx`);
    await q.query(`
      ALTER TABLE billing.payments
        DROP CONSTRAINT payments_escrow,
        DROP CONSTRAINT payments_commission_on_success,
        DROP COLUMN disputed_at,
        DROP COLUMN released_amount,
        DROP COLUMN released_at,
        DROP COLUMN release_due_at,
        DROP COLUMN lesson_completed_at,
        DROP COLUMN commission_rule_version`);
    await q.query(`DROP TABLE billing.commission_rules`);
    await q.query(`DROP FUNCTION billing.commission_tiers_valid(jsonb)`);
  }
}
