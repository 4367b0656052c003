import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Tutoring's audit trail: approvals, rejections and subject changes, with the admin who made them. */
export class CreateTutoringAuditEvents1796030000000 implements MigrationInterface {
  name = 'CreateTutoringAuditEvents1796030000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE tutoring.audit_events (
        id uuid PRIMARY KEY,
        type text NOT NULL,
        aggregate_id uuid NOT NULL,
        actor_id uuid NOT NULL,
        data jsonb NOT NULL DEFAULT '{}',
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX audit_events_aggregate_idx ON tutoring.audit_events (aggregate_id, at DESC)`,
    );
    await q.query(`CREATE INDEX audit_events_type_idx ON tutoring.audit_events (type, at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE tutoring.audit_events`);
  }
}
