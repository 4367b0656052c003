import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateMessagingConversations1796200000000 implements MigrationInterface {
  name = 'CreateMessagingConversations1796200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS messaging`);
    // Messaging's own copies of what other contexts announce: who may talk to whom.
    await q.query(`
      CREATE TABLE messaging.tutor_approvals (
        tutor_id uuid PRIMARY KEY,
        approved boolean NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE messaging.booking_pairs (
        tutor_id uuid NOT NULL,
        student_id uuid NOT NULL,
        first_booked_at timestamptz NOT NULL,
        -- Set once the pair has a confirmed booking: from then on contact details pass unmasked.
        confirmed_at timestamptz,
        PRIMARY KEY (tutor_id, student_id)
      )`);
    // What the kept events already tell (the subscribers learn everything after this), so
    // approved tutors and booked pairs of the retention window can be messaged at once.
    await q.query(`
      INSERT INTO messaging.tutor_approvals (tutor_id, approved, updated_at)
      SELECT DISTINCT ON ((payload->>'tutorId')::uuid)
             (payload->>'tutorId')::uuid, type = 'tutoring.tutor.approved', occurred_at
        FROM platform.outbox
       WHERE type = 'tutoring.tutor.approved'
          OR (type = 'tutoring.tutor.rejected' AND (payload->>'revision')::boolean IS NOT TRUE)
       ORDER BY (payload->>'tutorId')::uuid, occurred_at DESC, id DESC`);
    await q.query(`
      INSERT INTO messaging.booking_pairs (tutor_id, student_id, first_booked_at, confirmed_at)
      SELECT (payload->>'tutorId')::uuid, (payload->>'studentId')::uuid, min(occurred_at),
             min(occurred_at) FILTER (WHERE type = 'scheduling.booking.confirmed')
        FROM platform.outbox
       WHERE type IN ('scheduling.booking.requested', 'scheduling.booking.confirmed')
       GROUP BY 1, 2`);
    await q.query(`
      CREATE TABLE messaging.conversations (
        id uuid PRIMARY KEY,
        -- The pair, smaller id first, so the unique index makes one conversation per pair
        -- whoever opens it and however many requests race.
        participant_a uuid NOT NULL,
        participant_b uuid NOT NULL,
        created_at timestamptz NOT NULL,
        last_activity_at timestamptz NOT NULL,
        last_message_id uuid,
        CONSTRAINT conversations_ordered_pair CHECK (participant_a < participant_b)
      )`);
    await q.query(`
      CREATE UNIQUE INDEX conversations_one_per_pair
        ON messaging.conversations (participant_a, participant_b)`);
    await q.query(
      `CREATE INDEX conversations_participant_b_idx ON messaging.conversations (participant_b)`,
    );
    await q.query(`
      CREATE TABLE messaging.conversation_participants (
        conversation_id uuid NOT NULL REFERENCES messaging.conversations (id),
        user_id uuid NOT NULL,
        -- The last-read cursor: the seq of the newest message this participant has read.
        last_read_seq bigint NOT NULL DEFAULT 0 CHECK (last_read_seq >= 0),
        PRIMARY KEY (conversation_id, user_id)
      )`);
    await q.query(`
      CREATE INDEX conversation_participants_user_idx
        ON messaging.conversation_participants (user_id, conversation_id)`);
    await q.query(`
      CREATE TABLE messaging.messages (
        id uuid PRIMARY KEY,
        -- Sending locks the conversation row first, so within a conversation seq follows commit
        -- order and a cursor page never skips a message that commits later.
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        conversation_id uuid NOT NULL REFERENCES messaging.conversations (id),
        sender_id uuid,
        kind text NOT NULL CHECK (kind IN ('user', 'system')),
        -- Up to 4000 characters as sent; a masked body may come out a little longer.
        body text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 16000),
        masked boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL,
        CONSTRAINT messages_sender_by_kind CHECK ((kind = 'user') = (sender_id IS NOT NULL))
      )`);
    await q.query(
      `CREATE INDEX messages_conversation_seq_idx ON messaging.messages (conversation_id, seq)`,
    );
    // Deferred: the conversation names its newest message in the same transaction that inserts it.
    await q.query(`
      ALTER TABLE messaging.conversations
        ADD CONSTRAINT conversations_last_message_fk FOREIGN KEY (last_message_id)
        REFERENCES messaging.messages (id) DEFERRABLE INITIALLY DEFERRED`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE messaging.conversations DROP CONSTRAINT conversations_last_message_fk`,
    );
    await q.query(`DROP TABLE messaging.messages`);
    await q.query(`DROP TABLE messaging.conversation_participants`);
    await q.query(`DROP TABLE messaging.conversations`);
    await q.query(`DROP TABLE messaging.booking_pairs`);
    await q.query(`DROP TABLE messaging.tutor_approvals`);
  }
}
