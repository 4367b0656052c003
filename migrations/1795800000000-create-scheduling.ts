import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateScheduling1795800000000 implements MigrationInterface {
  name = 'CreateScheduling1795800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await q.query(`CREATE SCHEMA IF NOT EXISTS scheduling`);
    await q.query(`
      CREATE TABLE scheduling.availability (
        tutor_id uuid PRIMARY KEY,
        timezone text NOT NULL,
        weekly jsonb NOT NULL,
        buffer_minutes int NOT NULL CHECK (buffer_minutes BETWEEN 0 AND 120),
        min_notice_minutes int NOT NULL CHECK (min_notice_minutes BETWEEN 0 AND 20160),
        max_advance_days int NOT NULL CHECK (max_advance_days BETWEEN 1 AND 365),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE scheduling.time_off (
        id uuid PRIMARY KEY,
        tutor_id uuid NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        reason text CHECK (length(reason) <= 500),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_at > starts_at)
      )`);
    await q.query(
      `CREATE INDEX time_off_tutor_idx ON scheduling.time_off USING gist (tutor_id, tstzrange(starts_at, ends_at))`,
    );
    await q.query(`
      CREATE TABLE scheduling.bookings (
        id uuid PRIMARY KEY,
        tutor_id uuid NOT NULL,
        student_id uuid NOT NULL,
        subject_id uuid NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        -- The end widened by the tutor's buffer, snapshotted: the overlap rule covers buffers too.
        blocked_until timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('pending_payment', 'confirmed', 'completed', 'expired', 'cancelled')),
        price_amount int NOT NULL CHECK (price_amount > 0),
        currency char(3) NOT NULL,
        hold_expires_at timestamptz NOT NULL,
        cancelled_by text CHECK (cancelled_by IN ('student', 'tutor', 'admin')),
        cancel_reason text CHECK (length(cancel_reason) <= 500),
        refund_amount int CHECK (refund_amount >= 0 AND refund_amount <= price_amount),
        reminded_24h_at timestamptz,
        reminded_1h_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_at > starts_at AND blocked_until >= ends_at),
        CHECK (student_id <> tutor_id)
      )`);
    // No code path can double-book: active bookings of one tutor never overlap, buffers included.
    await q.query(`
      ALTER TABLE scheduling.bookings ADD CONSTRAINT bookings_tutor_no_overlap
        EXCLUDE USING gist (tutor_id WITH =, tstzrange(starts_at, blocked_until) WITH &&)
        WHERE (status IN ('pending_payment', 'confirmed'))`);
    // Nor can a student hold two overlapping lessons.
    await q.query(`
      ALTER TABLE scheduling.bookings ADD CONSTRAINT bookings_student_no_overlap
        EXCLUDE USING gist (student_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
        WHERE (status IN ('pending_payment', 'confirmed'))`);
    await q.query(
      `CREATE INDEX bookings_student_idx ON scheduling.bookings (student_id, starts_at)`,
    );
    await q.query(`CREATE INDEX bookings_tutor_idx ON scheduling.bookings (tutor_id, starts_at)`);
    await q.query(
      `CREATE INDEX bookings_hold_idx ON scheduling.bookings (hold_expires_at) WHERE status = 'pending_payment'`,
    );
    await q.query(
      `CREATE INDEX bookings_confirmed_start_idx ON scheduling.bookings (starts_at) WHERE status = 'confirmed'`,
    );
    await q.query(`
      CREATE TABLE scheduling.booking_history (
        id uuid PRIMARY KEY,
        booking_id uuid NOT NULL REFERENCES scheduling.bookings (id),
        from_status text,
        to_status text NOT NULL,
        actor_id uuid,
        reason text,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX booking_history_booking_idx ON scheduling.booking_history (booking_id, at)`,
    );
    await q.query(`
      CREATE TABLE scheduling.calendar_feeds (
        user_id uuid PRIMARY KEY,
        -- The token itself, not a hash: like any private calendar URL, its owner can look it up again.
        token text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA scheduling CASCADE`);
  }
}
