import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The analytics context's read models. Facts are one row per thing that happened elsewhere
 * (a booking, a payment, a refund, a review, a user), merged column by column from the events
 * that describe it, so redelivery changes nothing and arrival order does not matter. Daily
 * aggregates are derived from the facts (per UTC day) and maintained with them, so the overview
 * and the leaderboard read a number of rows bounded by days × tutors, never by facts.
 */
export class CreateAnalytics1796400000000 implements MigrationInterface {
  name = 'CreateAnalytics1796400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS analytics`);

    await q.query(`
      CREATE TABLE analytics.users (
        user_id uuid PRIMARY KEY,
        roles text[] NOT NULL DEFAULT '{}',
        registered_at timestamptz
      )`);
    await q.query(`CREATE INDEX users_registered_idx ON analytics.users (registered_at)`);

    // A booking's life: each event sets its own columns. The times are the ones most recently
    // reported (`times_as_of` orders a reschedule against the request that preceded it).
    await q.query(`
      CREATE TABLE analytics.bookings (
        booking_id uuid PRIMARY KEY,
        tutor_id uuid NOT NULL,
        student_id uuid NOT NULL,
        subject_id uuid,
        starts_at timestamptz,
        ends_at timestamptz,
        times_as_of timestamptz,
        price_amount bigint CHECK (price_amount >= 0),
        currency text CHECK (currency ~ '^[A-Z]{3}$'),
        requested_at timestamptz,
        confirmed_at timestamptz,
        cancelled_at timestamptz,
        cancelled_by text CHECK (cancelled_by IN ('student', 'tutor', 'admin')),
        cancelled_was_confirmed boolean,
        -- Hours between the cancellation and the lesson's start (negative: after it started).
        cancelled_hours_before numeric,
        refund_amount bigint CHECK (refund_amount >= 0),
        expired_at timestamptz,
        completed_at timestamptz,
        CHECK (ends_at > starts_at)
      )`);
    await q.query(`CREATE INDEX bookings_tutor_idx ON analytics.bookings (tutor_id, starts_at)`);
    await q.query(
      `CREATE INDEX bookings_student_idx ON analytics.bookings (student_id, completed_at)`,
    );
    await q.query(`CREATE INDEX bookings_requested_idx ON analytics.bookings (requested_at)`);
    await q.query(`CREATE INDEX bookings_confirmed_idx ON analytics.bookings (confirmed_at)`);
    await q.query(`CREATE INDEX bookings_cancelled_idx ON analytics.bookings (cancelled_at)`);
    await q.query(`CREATE INDEX bookings_completed_idx ON analytics.bookings (completed_at)`);

    await q.query(`
      CREATE TABLE analytics.payments (
        payment_id uuid PRIMARY KEY,
        booking_id uuid NOT NULL,
        tutor_id uuid NOT NULL,
        student_id uuid NOT NULL,
        currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        gross bigint NOT NULL CHECK (gross >= 0),
        platform_fee bigint NOT NULL CHECK (platform_fee >= 0 AND platform_fee <= gross),
        succeeded_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX payments_succeeded_idx ON analytics.payments (succeeded_at)`);
    await q.query(`CREATE INDEX payments_tutor_idx ON analytics.payments (tutor_id, succeeded_at)`);

    await q.query(`
      CREATE TABLE analytics.refunds (
        refund_id uuid PRIMARY KEY,
        payment_id uuid NOT NULL,
        booking_id uuid NOT NULL,
        tutor_id uuid NOT NULL,
        student_id uuid NOT NULL,
        currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        amount bigint NOT NULL CHECK (amount > 0),
        -- The part of the refund that came out of the platform's fee (the rest: the tutor's share).
        fee_reversed bigint NOT NULL CHECK (fee_reversed >= 0 AND fee_reversed <= amount),
        source text NOT NULL,
        refunded_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX refunds_refunded_idx ON analytics.refunds (refunded_at)`);
    await q.query(`CREATE INDEX refunds_tutor_idx ON analytics.refunds (tutor_id, refunded_at)`);

    await q.query(`
      CREATE TABLE analytics.reviews (
        review_id uuid PRIMARY KEY,
        lesson_id uuid NOT NULL,
        tutor_id uuid NOT NULL,
        student_id uuid NOT NULL,
        rating int NOT NULL CHECK (rating BETWEEN 1 AND 5),
        submitted_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX reviews_tutor_idx ON analytics.reviews (tutor_id, submitted_at)`);

    // A tutor's weekly open hours as of each change of availability (for utilization).
    await q.query(`
      CREATE TABLE analytics.tutor_availability (
        tutor_id uuid NOT NULL,
        effective_at timestamptz NOT NULL,
        weekly_minutes int NOT NULL CHECK (weekly_minutes BETWEEN 0 AND 10080),
        PRIMARY KEY (tutor_id, effective_at)
      )`);

    // Per UTC day, tutor and currency: counts are attributed to the day of their own moment
    // (created: requested_at; confirmed: confirmed_at; ...), money to the day it moved,
    // booked minutes to the day the lesson starts.
    await q.query(`
      CREATE TABLE analytics.daily_tutor_stats (
        day date NOT NULL,
        tutor_id uuid NOT NULL,
        currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        bookings_created int NOT NULL DEFAULT 0,
        bookings_confirmed int NOT NULL DEFAULT 0,
        bookings_cancelled int NOT NULL DEFAULT 0,
        confirmed_cancelled int NOT NULL DEFAULT 0,
        lessons_completed int NOT NULL DEFAULT 0,
        completed_minutes bigint NOT NULL DEFAULT 0,
        booked_minutes bigint NOT NULL DEFAULT 0,
        gross bigint NOT NULL DEFAULT 0,
        platform_fees bigint NOT NULL DEFAULT 0,
        refunds bigint NOT NULL DEFAULT 0,
        fees_reversed bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (day, tutor_id, currency)
      )`);
    await q.query(
      `CREATE INDEX daily_tutor_stats_tutor_idx ON analytics.daily_tutor_stats (tutor_id, day)`,
    );

    await q.query(`
      CREATE TABLE analytics.daily_tutor_reviews (
        day date NOT NULL,
        tutor_id uuid NOT NULL,
        reviews int NOT NULL DEFAULT 0,
        rating_sum int NOT NULL DEFAULT 0,
        PRIMARY KEY (day, tutor_id)
      )`);

    // Who was active on a day (a booking requested or a lesson completed), for distinct counts.
    await q.query(`
      CREATE TABLE analytics.daily_activity (
        day date NOT NULL,
        user_id uuid NOT NULL,
        role text NOT NULL CHECK (role IN ('student', 'tutor')),
        PRIMARY KEY (day, role, user_id)
      )`);

    await q.query(`
      CREATE TABLE analytics.reports (
        id uuid PRIMARY KEY,
        type text NOT NULL,
        period_from timestamptz NOT NULL,
        period_to timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
        progress int NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
        requested_by uuid,
        -- The day a scheduled report covers: one per type and day, however many workers fire.
        scheduled_for date,
        content text,
        rows int,
        error text,
        created_at timestamptz NOT NULL,
        started_at timestamptz,
        finished_at timestamptz,
        CHECK (period_to > period_from),
        CHECK ((status = 'done') = (content IS NOT NULL)),
        CHECK ((requested_by IS NULL) <> (scheduled_for IS NULL))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX reports_scheduled_uq ON analytics.reports (type, scheduled_for) WHERE scheduled_for IS NOT NULL`,
    );
    await q.query(`CREATE INDEX reports_created_idx ON analytics.reports (created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA analytics CASCADE`);
  }
}
