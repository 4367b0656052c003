import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cases about a lesson that did not go as booked: a student reporting the tutor absent, or a
 * student disputing a lesson after it ended. One open case per booking at a time; every column
 * that belongs to a step is set exactly when the case has taken that step.
 */
export class CreateSchedulingBookingDisputes1796520000000 implements MigrationInterface {
  name = 'CreateSchedulingBookingDisputes1796520000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE scheduling.booking_disputes (
        id uuid PRIMARY KEY,
        booking_id uuid NOT NULL REFERENCES scheduling.bookings (id),
        kind text NOT NULL CHECK (kind IN ('tutor_absent', 'lesson_dispute')),
        opened_by uuid NOT NULL,
        reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
        details text CHECK (length(details) <= 4000),
        status text NOT NULL CHECK (status IN ('open', 'contested', 'resolved')),
        -- Until when the tutor may contest (tutor-absent reports only).
        contest_deadline timestamptz,
        contested_at timestamptz,
        contest_reason text CHECK (length(contest_reason) BETWEEN 1 AND 500),
        resolution text CHECK (resolution IN ('full_refund', 'partial_refund', 'no_refund')),
        refund_amount int,
        -- Null on a resolved case: the schedule resolved it (an uncontested report).
        resolved_by uuid,
        resolved_at timestamptz,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT booking_disputes_contest_deadline
          CHECK ((kind = 'tutor_absent') = (contest_deadline IS NOT NULL)),
        CONSTRAINT booking_disputes_contested
          CHECK ((contested_at IS NULL) = (contest_reason IS NULL)
             AND (contested_at IS NULL OR kind = 'tutor_absent')
             AND (status <> 'contested' OR contested_at IS NOT NULL)),
        CONSTRAINT booking_disputes_resolved
          CHECK ((status = 'resolved') = (resolution IS NOT NULL)
             AND (status = 'resolved') = (resolved_at IS NOT NULL)
             AND (status = 'resolved') = (refund_amount IS NOT NULL)
             AND (resolved_by IS NULL OR status = 'resolved')),
        CONSTRAINT booking_disputes_refund_amount
          CHECK (refund_amount IS NULL
             OR (resolution = 'no_refund' AND refund_amount = 0)
             OR (resolution IN ('full_refund', 'partial_refund') AND refund_amount > 0))
      )`);
    await q.query(`
      CREATE UNIQUE INDEX booking_disputes_one_open_per_booking
        ON scheduling.booking_disputes (booking_id) WHERE status <> 'resolved'`);
    await q.query(`
      CREATE INDEX booking_disputes_booking_idx ON scheduling.booking_disputes (booking_id, created_at)`);
    await q.query(`
      CREATE INDEX booking_disputes_status_idx ON scheduling.booking_disputes (status, created_at)`);
    // The schedule's search: uncontested reports whose contest window has passed.
    await q.query(`
      CREATE INDEX booking_disputes_uncontested_idx ON scheduling.booking_disputes (contest_deadline)
        WHERE status = 'open' AND kind = 'tutor_absent'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE scheduling.booking_disputes`);
  }
}
