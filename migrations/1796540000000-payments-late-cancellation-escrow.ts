import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a late cancellation leaves the tutor (the policy's share they keep) is held from the
 * cancellation and then released like a taught lesson's share. Until now it stayed pending for
 * good, since a cancelled lesson never completes. The escrow check now lets either a completion
 * or a late cancellation start the hold, and the payments already stuck that way are put on hold
 * from their booking's cancellation, with the default hold of 48 hours.
 */
export class PaymentsLateCancellationEscrow1796540000000 implements MigrationInterface {
  name = 'PaymentsLateCancellationEscrow1796540000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE billing.payments ADD COLUMN late_cancelled_at timestamptz`);
    await q.query(`ALTER TABLE billing.payments DROP CONSTRAINT payments_escrow`);
    await q.query(`
      UPDATE billing.payments p
         SET late_cancelled_at = c.at,
             release_due_at = coalesce(p.release_due_at, c.at + interval '48 hours')
        FROM (SELECT booking_id, min(at) AS at FROM scheduling.booking_history
               WHERE to_status = 'cancelled' GROUP BY booking_id) c
       WHERE c.booking_id = p.booking_id
         AND p.status = 'succeeded' AND p.lesson_completed_at IS NULL
         -- (a hold already there is one this migration made before being reverted)
         AND (p.refunded_amount < p.amount OR p.release_due_at IS NOT NULL)`);
    await q.query(`
      ALTER TABLE billing.payments ADD CONSTRAINT payments_escrow CHECK (
        (release_due_at IS NULL) = (lesson_completed_at IS NULL AND late_cancelled_at IS NULL)
        AND (lesson_completed_at IS NULL OR late_cancelled_at IS NULL)
        AND release_due_at >= coalesce(lesson_completed_at, late_cancelled_at)
        AND (release_due_at IS NULL OR status = 'succeeded')
        AND (disputed_at IS NULL OR status = 'succeeded')
        AND (released_at IS NULL) = (released_amount IS NULL)
        AND (released_at IS NULL OR released_at >= release_due_at)
        AND released_amount >= 0 AND released_amount <= amount)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE billing.payments DROP CONSTRAINT payments_escrow`);
    // A late cancellation's hold has no place in the old check: one not yet released goes back to
    // pending for good; a released one keeps its release, which the old check does not validate.
    await q.query(`
      UPDATE billing.payments SET release_due_at = NULL
       WHERE late_cancelled_at IS NOT NULL AND released_at IS NULL`);
    await q.query(`
      ALTER TABLE billing.payments ADD CONSTRAINT payments_escrow CHECK (
        (lesson_completed_at IS NULL) = (release_due_at IS NULL)
        AND release_due_at >= lesson_completed_at
        AND (lesson_completed_at IS NULL OR status = 'succeeded')
        AND (disputed_at IS NULL OR status = 'succeeded')
        AND (released_at IS NULL) = (released_amount IS NULL)
        AND (released_at IS NULL OR (lesson_completed_at IS NOT NULL AND released_at >= release_due_at))
        AND released_amount >= 0 AND released_amount <= amount) NOT VALID`);
    await q.query(`ALTER TABLE billing.payments DROP COLUMN late_cancelled_at`);
  }
}
