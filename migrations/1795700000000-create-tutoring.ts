import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateTutoring1795700000000 implements MigrationInterface {
  name = 'CreateTutoring1795700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS tutoring`);
    // Names of users as identity announced them (events): tutors and reviewers are shown by name.
    await q.query(`
      CREATE TABLE tutoring.people (
        user_id uuid PRIMARY KEY,
        display_name text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE tutoring.subjects (
        id uuid PRIMARY KEY,
        slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 80),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
        category text NOT NULL CHECK (length(category) BETWEEN 1 AND 80),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    // The public (approved) version of a profile, or the first one while it awaits review.
    await q.query(`
      CREATE TABLE tutoring.tutors (
        user_id uuid PRIMARY KEY,
        display_name text NOT NULL DEFAULT '',
        status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
        headline text NOT NULL CHECK (length(headline) <= 120),
        bio text NOT NULL CHECK (length(bio) <= 5000),
        hourly_rate_amount int NOT NULL CHECK (hourly_rate_amount BETWEEN 500 AND 100000),
        currency char(3) NOT NULL,
        languages text[] NOT NULL,
        timezone text NOT NULL,
        subject_ids uuid[] NOT NULL,
        review_note text,
        rating_count int NOT NULL DEFAULT 0 CHECK (rating_count >= 0),
        rating_sum int NOT NULL DEFAULT 0 CHECK (rating_sum >= 0),
        rating_average numeric(3, 2),
        search tsvector NOT NULL DEFAULT ''::tsvector,
        approved_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE tutoring.tutor_subjects (
        tutor_id uuid NOT NULL REFERENCES tutoring.tutors (user_id) ON DELETE CASCADE,
        subject_id uuid NOT NULL REFERENCES tutoring.subjects (id),
        PRIMARY KEY (subject_id, tutor_id)
      )`);
    // Edits of an approved profile wait here while the approved version stays public.
    await q.query(`
      CREATE TABLE tutoring.tutor_revisions (
        tutor_id uuid PRIMARY KEY REFERENCES tutoring.tutors (user_id) ON DELETE CASCADE,
        status text NOT NULL CHECK (status IN ('pending', 'rejected')),
        headline text NOT NULL CHECK (length(headline) <= 120),
        bio text NOT NULL CHECK (length(bio) <= 5000),
        hourly_rate_amount int NOT NULL CHECK (hourly_rate_amount BETWEEN 500 AND 100000),
        currency char(3) NOT NULL,
        languages text[] NOT NULL,
        timezone text NOT NULL,
        subject_ids uuid[] NOT NULL,
        review_note text,
        submitted_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Search reads approved tutors only: every index is partial on that.
    await q.query(
      `CREATE INDEX tutors_search_idx ON tutoring.tutors USING gin (search) WHERE status = 'approved'`,
    );
    await q.query(
      `CREATE INDEX tutors_languages_idx ON tutoring.tutors USING gin (languages) WHERE status = 'approved'`,
    );
    await q.query(
      `CREATE INDEX tutors_rating_idx ON tutoring.tutors (rating_average DESC NULLS LAST, user_id) WHERE status = 'approved'`,
    );
    await q.query(
      `CREATE INDEX tutors_rating_asc_idx ON tutoring.tutors (rating_average ASC NULLS LAST, user_id) WHERE status = 'approved'`,
    );
    await q.query(
      `CREATE INDEX tutors_rate_idx ON tutoring.tutors (hourly_rate_amount, user_id) WHERE status = 'approved'`,
    );
    await q.query(`CREATE INDEX tutors_status_idx ON tutoring.tutors (status, updated_at)`);

    await q.query(`
      CREATE TABLE tutoring.lessons (
        id uuid PRIMARY KEY,
        booking_id uuid NOT NULL UNIQUE,
        tutor_id uuid NOT NULL,
        student_id uuid NOT NULL,
        subject_id uuid NOT NULL REFERENCES tutoring.subjects (id),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('scheduled', 'completed', 'cancelled', 'no_show')),
        notes text NOT NULL DEFAULT '' CHECK (length(notes) <= 10000),
        completed_at timestamptz,
        cancelled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_at > starts_at)
      )`);
    await q.query(`CREATE INDEX lessons_tutor_idx ON tutoring.lessons (tutor_id, starts_at)`);
    await q.query(`CREATE INDEX lessons_student_idx ON tutoring.lessons (student_id, starts_at)`);
    await q.query(
      `CREATE INDEX lessons_due_idx ON tutoring.lessons (ends_at) WHERE status = 'scheduled'`,
    );

    await q.query(`
      CREATE TABLE tutoring.reviews (
        id uuid PRIMARY KEY,
        lesson_id uuid NOT NULL UNIQUE REFERENCES tutoring.lessons (id),
        tutor_id uuid NOT NULL,
        student_id uuid NOT NULL,
        rating smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
        comment text NOT NULL DEFAULT '' CHECK (length(comment) <= 2000),
        student_display_name text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX reviews_tutor_idx ON tutoring.reviews (tutor_id, created_at DESC, id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA tutoring CASCADE`);
  }
}
