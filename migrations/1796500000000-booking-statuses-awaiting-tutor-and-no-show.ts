import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two booking statuses for the rest of a tutor's week: `awaiting_tutor` (paid, waiting for a
 * tutor who confirms each request; it holds the slot like an unpaid or confirmed booking) and
 * `no_show` (the student did not come). The exclusion constraints are rebuilt to count
 * `awaiting_tutor` as holding the tutor's and the student's time.
 */
export class BookingStatusesAwaitingTutorAndNoShow1796500000000 implements MigrationInterface {
  name = 'BookingStatusesAwaitingTutorAndNoShow1796500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE scheduling.bookings DROP CONSTRAINT bookings_status_check`);
    await q.query(`
      ALTER TABLE scheduling.bookings ADD CONSTRAINT bookings_status_check
        CHECK (status IN ('pending_payment', 'awaiting_tutor', 'confirmed', 'completed', 'no_show', 'expired', 'cancelled'))`);
    await this.holdingTime(q, ['pending_payment', 'awaiting_tutor', 'confirmed']);
  }

  async down(q: QueryRunner): Promise<void> {
    await this.holdingTime(q, ['pending_payment', 'confirmed']);
    await q.query(`ALTER TABLE scheduling.bookings DROP CONSTRAINT bookings_status_check`);
    await q.query(`
      ALTER TABLE scheduling.bookings ADD CONSTRAINT bookings_status_check
        CHECK (status IN ('pending_payment', 'confirmed', 'completed', 'expired', 'cancelled'))`);
  }

  /** Active bookings of one tutor never overlap (buffers included), nor those of one student. */
  private async holdingTime(q: QueryRunner, statuses: string[]): Promise<void> {
    const active = statuses.map((status) => `'${status}'`).join(', ');
    await q.query(`ALTER TABLE scheduling.bookings DROP CONSTRAINT bookings_tutor_no_overlap`);
    await q.query(`ALTER TABLE scheduling.bookings DROP CONSTRAINT bookings_student_no_overlap`);
    await q.query(`
      ALTER TABLE scheduling.bookings ADD CONSTRAINT bookings_tutor_no_overlap
        EXCLUDE USING gist (tutor_id WITH =, tstzrange(starts_at, blocked_until) WITH &&)
        WHERE (status IN (${active}))`);
    await q.query(`
      ALTER TABLE scheduling.bookings ADD CONSTRAINT bookings_student_no_overlap
        EXCLUDE USING gist (student_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
        WHERE (status IN (${active}))`);
  }
}
