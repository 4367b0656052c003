import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Weekly series of lessons: the same local time each week in the tutor's zone, one booking per
 * occurrence (`bookings.series_id`), all held and paid together.
 */
export class CreateSchedulingBookingSeries1796530000000 implements MigrationInterface {
  name = 'CreateSchedulingBookingSeries1796530000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE scheduling.booking_series (
        id uuid PRIMARY KEY,
        tutor_id uuid NOT NULL,
        student_id uuid NOT NULL,
        subject_id uuid NOT NULL,
        timezone text NOT NULL,
        local_time text NOT NULL CHECK (local_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
        weekday int NOT NULL CHECK (weekday BETWEEN 1 AND 7),
        duration_minutes int NOT NULL CHECK (duration_minutes > 0),
        weeks int NOT NULL CHECK (weeks BETWEEN 2 AND 26),
        created_at timestamptz NOT NULL,
        CONSTRAINT booking_series_not_self CHECK (tutor_id <> student_id)
      )`);
    await q.query(
      `CREATE INDEX booking_series_student_idx ON scheduling.booking_series (student_id)`,
    );
    await q.query(`CREATE INDEX booking_series_tutor_idx ON scheduling.booking_series (tutor_id)`);
    await q.query(`
      ALTER TABLE scheduling.bookings
        ADD COLUMN series_id uuid REFERENCES scheduling.booking_series (id)`);
    await q.query(
      `CREATE INDEX bookings_series_idx ON scheduling.bookings (series_id, starts_at) WHERE series_id IS NOT NULL`,
    );
    // An occurrence of a series is never a trial.
    await q.query(`
      ALTER TABLE scheduling.bookings ADD CONSTRAINT bookings_series_not_trial
        CHECK (series_id IS NULL OR NOT is_trial)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE scheduling.bookings DROP CONSTRAINT bookings_series_not_trial`);
    await q.query(`DROP INDEX scheduling.bookings_series_idx`);
    await q.query(`ALTER TABLE scheduling.bookings DROP COLUMN series_id`);
    await q.query(`DROP TABLE scheduling.booking_series`);
  }
}
