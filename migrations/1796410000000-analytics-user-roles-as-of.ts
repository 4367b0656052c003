import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a user's roles in analytics were reported: registration and later role changes may
 * arrive in any order, and the latest report must win.
 */
export class AnalyticsUserRolesAsOf1796410000000 implements MigrationInterface {
  name = 'AnalyticsUserRolesAsOf1796410000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE analytics.users ADD COLUMN roles_as_of timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE analytics.users DROP COLUMN roles_as_of`);
  }
}
