import type { MigrationInterface, QueryRunner } from 'typeorm';

const TYPES = [
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
]
  .map((type) => `'${type}'`)
  .join(', ');

const CLOCK_TIME = `'^([01][0-9]|2[0-3]):[0-5][0-9]$'`;

export class CreateMessagingNotifications1796210000000 implements MigrationInterface {
  name = 'CreateMessagingNotifications1796210000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS messaging`);
    // Messaging's own copy of each user, fed by identity's events: whom to write to and how.
    await q.query(`
      CREATE TABLE messaging.people (
        user_id uuid PRIMARY KEY,
        email text NOT NULL,
        display_name text NOT NULL,
        timezone text NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    // Only users who changed something have a row; quiet hours both null = turned off.
    await q.query(`
      CREATE TABLE messaging.notification_preferences (
        user_id uuid PRIMARY KEY,
        email jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(email) = 'object'),
        quiet_start text CHECK (quiet_start ~ ${CLOCK_TIME}),
        quiet_end text CHECK (quiet_end ~ ${CLOCK_TIME}),
        updated_at timestamptz NOT NULL,
        CONSTRAINT notification_preferences_quiet_hours
          CHECK ((quiet_start IS NULL) = (quiet_end IS NULL))
      )`);
    // One e-mail to send: for one notification, or for the new messages of one conversation
    // gathered while it waits (at most one such open e-mail per recipient and conversation).
    await q.query(`
      CREATE TABLE messaging.email_deliveries (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL,
        conversation_id uuid,
        due_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
        attempts int NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        last_error text,
        sent_at timestamptz,
        created_at timestamptz NOT NULL,
        CONSTRAINT email_deliveries_sent CHECK ((status = 'sent') = (sent_at IS NOT NULL))
      )`);
    await q.query(`
      CREATE UNIQUE INDEX email_deliveries_open_digest_uq
        ON messaging.email_deliveries (user_id, conversation_id)
        WHERE status = 'pending' AND conversation_id IS NOT NULL`);
    // In-app notifications; one per user and source event, however often the event arrives.
    await q.query(`
      CREATE TABLE messaging.notifications (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL,
        type text NOT NULL CHECK (type IN (${TYPES})),
        title text NOT NULL,
        body text NOT NULL,
        data jsonb NOT NULL CHECK (jsonb_typeof(data) = 'object'),
        source_event_id uuid NOT NULL,
        email_status text NOT NULL CHECK (email_status IN ('off', 'pending', 'sent', 'failed')),
        email_delivery_id uuid REFERENCES messaging.email_deliveries (id),
        read_at timestamptz,
        created_at timestamptz NOT NULL,
        CONSTRAINT notifications_one_per_event_uq UNIQUE (user_id, source_event_id),
        CONSTRAINT notifications_email
          CHECK ((email_status = 'off') = (email_delivery_id IS NULL))
      )`);
    await q.query(`
      CREATE INDEX notifications_inbox_idx
        ON messaging.notifications (user_id, created_at DESC, id DESC)`);
    await q.query(`
      CREATE INDEX notifications_unread_idx
        ON messaging.notifications (user_id, created_at DESC, id DESC) WHERE read_at IS NULL`);
    await q.query(`
      CREATE INDEX notifications_email_delivery_idx
        ON messaging.notifications (email_delivery_id) WHERE email_delivery_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE messaging.notifications`);
    await q.query(`DROP TABLE messaging.email_deliveries`);
    await q.query(`DROP TABLE messaging.notification_preferences`);
    await q.query(`DROP TABLE messaging.people`);
  }
}
