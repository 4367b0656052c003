import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One payment for a weekly series: the series' row is the provider charge (`series_id`, no
 * booking); each occurrence gets a payment row of its own (`series_payment_id`, its booking,
 * the charge's provider id), which carries its share, fee, release and refunds as a single
 * booking's payment does.
 */
export class BillingSeriesPayments1796531000000 implements MigrationInterface {
  name = 'BillingSeriesPayments1796531000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE billing.payments ALTER COLUMN booking_id DROP NOT NULL`);
    await q.query(`ALTER TABLE billing.payments ADD COLUMN series_id uuid`);
    await q.query(
      `ALTER TABLE billing.payments ADD COLUMN series_payment_id uuid REFERENCES billing.payments (id)`,
    );
    await q.query(`
      ALTER TABLE billing.payments ADD CONSTRAINT payments_for_booking_or_series
        CHECK ((booking_id IS NULL) <> (series_id IS NULL))`);
    // A series' charge holds no lesson: it is never released, refunded or disputed on its own.
    await q.query(`
      ALTER TABLE billing.payments ADD CONSTRAINT payments_series_charge_holds_no_lesson
        CHECK (series_id IS NULL OR (series_payment_id IS NULL AND refunded_amount = 0
               AND lesson_completed_at IS NULL AND released_at IS NULL))`);
    await q.query(`
      CREATE UNIQUE INDEX payments_series_uq ON billing.payments (series_id) WHERE series_id IS NOT NULL`);
    await q.query(`
      CREATE INDEX payments_series_payment_idx ON billing.payments (series_payment_id)
        WHERE series_payment_id IS NOT NULL`);
    // The occurrences share their series' provider charge.
    await q.query(`DROP INDEX billing.payments_provider_uq`);
    await q.query(`
      CREATE UNIQUE INDEX payments_provider_uq ON billing.payments (provider, provider_payment_id)
        WHERE series_payment_id IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DELETE FROM billing.payments WHERE series_payment_id IS NOT NULL OR series_id IS NOT NULL`,
    );
    await q.query(`DROP INDEX billing.payments_provider_uq`);
    await q.query(
      `CREATE UNIQUE INDEX payments_provider_uq ON billing.payments (provider, provider_payment_id)`,
    );
    await q.query(`DROP INDEX billing.payments_series_payment_idx`);
    await q.query(`DROP INDEX billing.payments_series_uq`);
    await q.query(
      `ALTER TABLE billing.payments DROP CONSTRAINT payments_series_charge_holds_no_lesson`,
    );
    await q.query(`ALTER TABLE billing.payments DROP CONSTRAINT payments_for_booking_or_series`);
    await q.query(`ALTER TABLE billing.payments DROP COLUMN series_payment_id`);
    await q.query(`ALTER TABLE billing.payments DROP COLUMN series_id`);
    await q.query(`ALTER TABLE billing.payments ALTER COLUMN booking_id SET NOT NULL`);
  }
}
