import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a tutor decides about their bookings (limits per day and week, request to book, a trial
 * lesson and its price), and on bookings: whether one is a trial (one per student and tutor,
 * free ones at price 0) and until when the tutor may answer a request.
 */
export class BookingLimitsRequestsAndTrials1796510000000 implements MigrationInterface {
  name = 'BookingLimitsRequestsAndTrials1796510000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE scheduling.tutor_booking_settings (
        tutor_id uuid PRIMARY KEY,
        max_lessons_per_day int CHECK (max_lessons_per_day BETWEEN 1 AND 48),
        max_lessons_per_week int CHECK (max_lessons_per_week BETWEEN 1 AND 336),
        requires_confirmation boolean NOT NULL DEFAULT false,
        trial_enabled boolean NOT NULL DEFAULT false,
        trial_price_amount bigint CHECK (trial_price_amount BETWEEN 0 AND 100000),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT tutor_booking_settings_week_holds_a_day
          CHECK (max_lessons_per_week IS NULL OR max_lessons_per_day IS NULL
                 OR max_lessons_per_week >= max_lessons_per_day),
        CONSTRAINT tutor_booking_settings_trial_priced
          CHECK (NOT trial_enabled OR trial_price_amount IS NOT NULL)
      )`);
    await q.query(
      `ALTER TABLE scheduling.bookings ADD COLUMN is_trial boolean NOT NULL DEFAULT false`,
    );
    await q.query(`ALTER TABLE scheduling.bookings ADD COLUMN tutor_response_due_at timestamptz`);
    // Only a trial may be free.
    await q.query(`ALTER TABLE scheduling.bookings DROP CONSTRAINT bookings_price_amount_check`);
    await q.query(`
      ALTER TABLE scheduling.bookings ADD CONSTRAINT bookings_price_amount_check
        CHECK (price_amount > 0 OR (is_trial AND price_amount = 0))`);
    await q.query(`
      ALTER TABLE scheduling.bookings ADD CONSTRAINT bookings_awaiting_tutor_has_deadline
        CHECK (status <> 'awaiting_tutor' OR tutor_response_due_at IS NOT NULL)`);
    await q.query(`
      ALTER TABLE scheduling.bookings ADD CONSTRAINT bookings_trial_lasts_half_an_hour
        CHECK (NOT is_trial OR ends_at - starts_at = interval '30 minutes')`);
    await q.query(`
      CREATE UNIQUE INDEX bookings_one_trial_per_pair ON scheduling.bookings (tutor_id, student_id)
        WHERE is_trial AND status NOT IN ('cancelled', 'expired')`);
    await q.query(`
      CREATE INDEX bookings_tutor_response_due_idx ON scheduling.bookings (tutor_response_due_at)
        WHERE status = 'awaiting_tutor'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX scheduling.bookings_tutor_response_due_idx`);
    await q.query(`DROP INDEX scheduling.bookings_one_trial_per_pair`);
    await q.query(
      `ALTER TABLE scheduling.bookings DROP CONSTRAINT bookings_trial_lasts_half_an_hour`,
    );
    await q.query(
      `ALTER TABLE scheduling.bookings DROP CONSTRAINT bookings_awaiting_tutor_has_deadline`,
    );
    await q.query(`ALTER TABLE scheduling.bookings DROP CONSTRAINT bookings_price_amount_check`);
    await q.query(`
      ALTER TABLE scheduling.bookings ADD CONSTRAINT bookings_price_amount_check CHECK (price_amount > 0)`);
    await q.query(`ALTER TABLE scheduling.bookings DROP COLUMN tutor_response_due_at`);
    await q.query(`ALTER TABLE scheduling.bookings DROP COLUMN is_trial`);
    await q.query(`DROP TABLE scheduling.tutor_booking_settings`);
  }
}
