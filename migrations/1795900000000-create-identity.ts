import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIdentity1795900000000 implements MigrationInterface {
  name = 'CreateIdentity1795900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS identity`);
    await q.query(`
      CREATE TABLE identity.users (
        id uuid PRIMARY KEY,
        email text NOT NULL UNIQUE CHECK (email = lower(btrim(email)) AND length(email) <= 254),
        display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 80),
        password_hash text NOT NULL,
        roles text[] NOT NULL CHECK (cardinality(roles) >= 1 AND roles <@ ARRAY['student', 'tutor', 'admin']),
        status text NOT NULL CHECK (status IN ('active', 'suspended')),
        timezone text NOT NULL,
        email_verified_at timestamptz,
        -- Bumped on suspension and role changes: older access tokens stop working at once.
        token_version int NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX users_created_idx ON identity.users (created_at, id)`);
    await q.query(`
      CREATE TABLE identity.refresh_tokens (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES identity.users (id) ON DELETE CASCADE,
        family_id uuid NOT NULL,
        token_hash text NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX refresh_tokens_family_idx ON identity.refresh_tokens (family_id)`);
    await q.query(`CREATE INDEX refresh_tokens_user_idx ON identity.refresh_tokens (user_id)`);
    await q.query(`
      CREATE TABLE identity.one_time_tokens (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES identity.users (id) ON DELETE CASCADE,
        purpose text NOT NULL CHECK (purpose IN ('password_reset', 'email_verification')),
        token_hash text NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE identity.audit_events (
        id uuid PRIMARY KEY,
        user_id uuid,
        actor_id uuid,
        type text NOT NULL,
        ip text,
        user_agent text,
        data jsonb NOT NULL DEFAULT '{}',
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX audit_events_user_idx ON identity.audit_events (user_id, at DESC)`);
    await q.query(`CREATE INDEX audit_events_type_idx ON identity.audit_events (type, at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA identity CASCADE`);
  }
}
