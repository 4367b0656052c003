import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Relays in other processes learn of new events at once: every statement that writes to
 * `platform.outbox` notifies `platform_outbox`, which PostgreSQL delivers only when (and if) the
 * transaction commits. One notification per transaction, whatever the number of events.
 */
export class NotifyOutbox1796000000000 implements MigrationInterface {
  name = 'NotifyOutbox1796000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION platform.notify_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('platform_outbox', '');
        RETURN NULL;
      END
      $$`);
    await q.query(`
      CREATE TRIGGER outbox_notify AFTER INSERT ON platform.outbox
        FOR EACH STATEMENT EXECUTE FUNCTION platform.notify_outbox()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER outbox_notify ON platform.outbox`);
    await q.query(`DROP FUNCTION platform.notify_outbox()`);
  }
}
