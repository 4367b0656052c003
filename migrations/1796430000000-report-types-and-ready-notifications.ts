import type { MigrationInterface, QueryRunner } from 'typeorm';

const NOTIFICATION_TYPES_BEFORE = [
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
];

const list = (values: string[]) => values.map((value) => `'${value}'`).join(', ');

/**
 * Reports name one of the types the job knows how to write, and the admin who asked for one is
 * told when it is ready (messaging's `report_ready` notification).
 */
export class ReportTypesAndReadyNotifications1796430000000 implements MigrationInterface {
  name = 'ReportTypesAndReadyNotifications1796430000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE analytics.reports
        ADD CONSTRAINT reports_type_check CHECK (type IN ('revenue', 'bookings', 'tutors'))`);
    await q.query(`
      ALTER TABLE messaging.notifications
        DROP CONSTRAINT notifications_type_check,
        ADD CONSTRAINT notifications_type_check
          CHECK (type IN (${list([...NOTIFICATION_TYPES_BEFORE, 'report_ready'])}))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM messaging.notifications WHERE type = 'report_ready'`);
    await q.query(`
      ALTER TABLE messaging.notifications
        DROP CONSTRAINT notifications_type_check,
        ADD CONSTRAINT notifications_type_check CHECK (type IN (${list(NOTIFICATION_TYPES_BEFORE)}))`);
    await q.query(`ALTER TABLE analytics.reports DROP CONSTRAINT reports_type_check`);
  }
}
