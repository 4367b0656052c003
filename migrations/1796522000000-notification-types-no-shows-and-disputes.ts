import type { MigrationInterface, QueryRunner } from 'typeorm';

const BEFORE = [
  'booking_requested',
  'booking_confirmed',
  'booking_cancelled',
  'booking_rescheduled',
  'lesson_reminder',
  'new_message',
  'payment_succeeded',
  'refund_issued',
  'payout_sent',
  'review_received',
  'tutor_approved',
  // Added by 1796430000000 (analytics reports), which runs first.
  'report_ready',
];
const ADDED = ['no_show_marked', 'dispute_opened', 'dispute_contested', 'dispute_resolved'];

const list = (types: string[]) => types.map((type) => `'${type}'`).join(', ');

/** The notifications of no-shows and of cases about a lesson (opened, contested, resolved). */
export class NotificationTypesNoShowsAndDisputes1796522000000 implements MigrationInterface {
  name = 'NotificationTypesNoShowsAndDisputes1796522000000';

  async up(q: QueryRunner): Promise<void> {
    await this.allow(q, [...BEFORE, ...ADDED]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM messaging.notifications WHERE type IN (${list(ADDED)})`);
    await this.allow(q, BEFORE);
  }

  private async allow(q: QueryRunner, types: string[]): Promise<void> {
    await q.query(`ALTER TABLE messaging.notifications DROP CONSTRAINT notifications_type_check`);
    await q.query(`
      ALTER TABLE messaging.notifications ADD CONSTRAINT notifications_type_check
        CHECK (type IN (${list(types)}))`);
  }
}
