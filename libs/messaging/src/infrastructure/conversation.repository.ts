import { Injectable } from '@nestjs/common';
import { SqlReader, type Page, type Transaction } from '@etutors/platform';
import { orderedPair, type ConversationView } from '../domain/conversation.js';
import type { MessageKind, MessageView } from '../domain/message.js';

interface MessageRow {
  id: string;
  conversationId: string;
  senderId: string | null;
  kind: MessageKind;
  body: string;
  masked: boolean;
  createdAt: Date;
}

const MESSAGE_COLUMNS = `m.id, m.conversation_id AS "conversationId", m.sender_id AS "senderId",
  m.kind, m.body, m.masked, m.created_at AS "createdAt"`;

export const messageView = (row: MessageRow): MessageView => ({
  id: row.id,
  conversationId: row.conversationId,
  senderId: row.senderId,
  kind: row.kind,
  body: row.body,
  masked: row.masked,
  createdAt: row.createdAt.toISOString(),
});

interface ConversationRow {
  id: string;
  a: string;
  b: string;
  createdAt: Date;
  lastActivityAt: Date;
  unreadCount: number;
  messageId: string | null;
  senderId: string | null;
  kind: MessageKind;
  body: string;
  masked: boolean;
  messageCreatedAt: Date;
}

// A conversation row as its participant sees it: `mine` is their participant row (with the
// read cursor, $1 their id), `c` the conversation, `m` its last message.
const CONVERSATION_COLUMNS = `c.id, c.participant_a AS a, c.participant_b AS b,
  c.created_at AS "createdAt", c.last_activity_at AS "lastActivityAt",
  (SELECT count(*)::int FROM messaging.messages u
    WHERE u.conversation_id = c.id AND u.seq > mine.last_read_seq
      AND u.sender_id IS DISTINCT FROM $1) AS "unreadCount",
  m.id AS "messageId", m.sender_id AS "senderId", m.kind, m.body, m.masked,
  m.created_at AS "messageCreatedAt"`;

const conversationView = (row: ConversationRow, viewerId: string): ConversationView => ({
  id: row.id,
  participantIds: [row.a, row.b],
  participantId: row.a === viewerId ? row.b : row.a,
  createdAt: row.createdAt.toISOString(),
  lastActivityAt: row.lastActivityAt.toISOString(),
  unreadCount: row.unreadCount,
  lastMessage: row.messageId
    ? messageView({
        id: row.messageId,
        conversationId: row.id,
        senderId: row.senderId,
        kind: row.kind,
        body: row.body,
        masked: row.masked,
        createdAt: row.messageCreatedAt,
      })
    : null,
});

/** The conversation a message is sent in, locked, with what the send needs to know. */
export interface LockedConversation {
  participantIds: [string, string];
  /** The pair has had a confirmed booking: contact details pass unmasked. */
  pairConfirmed: boolean;
}

/** Conversations, their participants' read cursors and their messages, in plain SQL. */
@Injectable()
export class ConversationRepository {
  constructor(private readonly sql: SqlReader) {}

  /**
   * The pair's conversation, created if there is none. Racing creators meet on the unique pair
   * index: one inserts, the others wait for it and then read its row.
   */
  async openBetween(
    tx: Transaction,
    one: string,
    other: string,
    id: string,
    now: Date,
  ): Promise<{ id: string; created: boolean }> {
    const [a, b] = orderedPair(one, other);
    const inserted = (await tx.manager.query(
      `INSERT INTO messaging.conversations (id, participant_a, participant_b, created_at, last_activity_at)
       VALUES ($1, $2, $3, $4, $4)
       ON CONFLICT (participant_a, participant_b) DO NOTHING RETURNING id`,
      [id, a, b, now],
    )) as { id: string }[];
    if (inserted.length > 0) {
      await tx.manager.query(
        `INSERT INTO messaging.conversation_participants (conversation_id, user_id)
         VALUES ($1, $2), ($1, $3)`,
        [id, a, b],
      );
      return { id, created: true };
    }
    const [existing] = (await tx.manager.query(
      `SELECT id FROM messaging.conversations WHERE participant_a = $1 AND participant_b = $2`,
      [a, b],
    )) as { id: string }[];
    return { id: existing!.id, created: false };
  }

  async findBetween(tx: Transaction, one: string, other: string): Promise<string | null> {
    const [a, b] = orderedPair(one, other);
    const [row] = (await tx.manager.query(
      `SELECT id FROM messaging.conversations WHERE participant_a = $1 AND participant_b = $2`,
      [a, b],
    )) as { id: string }[];
    return row?.id ?? null;
  }

  /**
   * Locks the conversation for a new message and makes it its newest (the row lock orders the
   * conversation's messages by commit). Null when it does not exist or `participantId` (when
   * given) is not in it.
   */
  async lockForMessage(
    tx: Transaction,
    conversationId: string,
    participantId: string | null,
    messageId: string,
    now: Date,
  ): Promise<LockedConversation | null> {
    const [rows] = (await tx.manager.query(
      `UPDATE messaging.conversations c
          SET last_activity_at = GREATEST(c.last_activity_at, $3), last_message_id = $4
        WHERE c.id = $1 AND ($2::uuid IS NULL OR $2::uuid IN (c.participant_a, c.participant_b))
        RETURNING c.participant_a AS a, c.participant_b AS b, EXISTS (
          SELECT 1 FROM messaging.booking_pairs p
           WHERE p.confirmed_at IS NOT NULL
             AND ((p.tutor_id = c.participant_a AND p.student_id = c.participant_b)
               OR (p.tutor_id = c.participant_b AND p.student_id = c.participant_a))
        ) AS confirmed`,
      [conversationId, participantId, now, messageId],
    )) as [{ a: string; b: string; confirmed: boolean }[], number];
    // An UPDATE … RETURNING answers [rows, affected] through the entity manager.
    const updated = rows[0];
    return updated
      ? { participantIds: [updated.a, updated.b], pairConfirmed: updated.confirmed }
      : null;
  }

  async insertMessage(
    tx: Transaction,
    message: Omit<MessageRow, 'createdAt'> & { createdAt: Date },
  ): Promise<MessageView> {
    await tx.manager.query(
      `INSERT INTO messaging.messages (id, conversation_id, sender_id, kind, body, masked, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        message.id,
        message.conversationId,
        message.senderId,
        message.kind,
        message.body,
        message.masked,
        message.createdAt,
      ],
    );
    return messageView(message);
  }

  /** Whether `userId` is in the conversation. */
  async isParticipant(conversationId: string, userId: string): Promise<boolean> {
    const rows = await this.sql.query(
      `SELECT 1 FROM messaging.conversation_participants WHERE conversation_id = $1 AND user_id = $2`,
      [conversationId, userId],
    );
    return rows.length > 0;
  }

  /**
   * `userId`'s conversations, newest activity first, each with its last message and unread
   * count: one statement whatever the page size.
   */
  async pageFor(
    userId: string,
    page: { page: number; limit: number },
  ): Promise<Page<ConversationView>> {
    const rows = await this.sql.query<ConversationRow & { total: number }>(
      `WITH mine AS (
         SELECT conversation_id, last_read_seq FROM messaging.conversation_participants WHERE user_id = $1
       )
       SELECT (SELECT count(*)::int FROM mine) AS total, page.*
         FROM (SELECT 1) one
         LEFT JOIN LATERAL (
           SELECT ${CONVERSATION_COLUMNS}
             FROM mine
             JOIN messaging.conversations c ON c.id = mine.conversation_id
             LEFT JOIN messaging.messages m ON m.id = c.last_message_id
            ORDER BY c.last_activity_at DESC, c.id DESC
            LIMIT $2 OFFSET $3
         ) page ON true`,
      [userId, page.limit, (page.page - 1) * page.limit],
    );
    const data = rows.flatMap((row) => (row.id === null ? [] : [conversationView(row, userId)]));
    return { data, meta: { page: page.page, limit: page.limit, total: rows[0]?.total ?? 0 } };
  }

  /** One conversation as `userId` sees it in their list, or null when they are not in it. */
  async viewFor(
    tx: Transaction,
    conversationId: string,
    userId: string,
  ): Promise<ConversationView | null> {
    const [row] = (await tx.manager.query(
      `SELECT ${CONVERSATION_COLUMNS}
         FROM messaging.conversation_participants mine
         JOIN messaging.conversations c ON c.id = mine.conversation_id
         LEFT JOIN messaging.messages m ON m.id = c.last_message_id
        WHERE mine.conversation_id = $2 AND mine.user_id = $1`,
      [userId, conversationId],
    )) as ConversationRow[];
    return row ? conversationView(row, userId) : null;
  }

  /**
   * Newest first, older than the message `before` (when given): the cursor is a position in the
   * conversation's commit order, so messages arriving meanwhile never shift a page.
   * Null when `before` is not a message of the conversation.
   */
  async messagesPage(
    conversationId: string,
    before: string | null,
    limit: number,
  ): Promise<{ data: MessageView[]; nextCursor: string | null } | null> {
    const rows = await this.sql.query<MessageRow & { cursorFound: boolean }>(
      `WITH anchor AS (
         SELECT (SELECT seq FROM messaging.messages WHERE id = $2 AND conversation_id = $1) AS seq
       )
       SELECT (anchor.seq IS NOT NULL OR $2::uuid IS NULL) AS "cursorFound", page.*
         FROM anchor
         LEFT JOIN LATERAL (
           SELECT ${MESSAGE_COLUMNS}
             FROM messaging.messages m
            WHERE m.conversation_id = $1 AND ($2::uuid IS NULL OR m.seq < anchor.seq)
            ORDER BY m.seq DESC
            LIMIT $3
         ) page ON true`,
      [conversationId, before, limit + 1],
    );
    if (!rows[0]?.cursorFound) return null;
    const found = rows.filter((row) => row.id !== null);
    const data = found.slice(0, limit).map(messageView);
    return {
      data,
      nextCursor: found.length > limit ? (data[data.length - 1]?.id ?? null) : null,
    };
  }

  /** Moves `userId`'s read cursor up to the message, never back. False when the message is not in the conversation or the user is not. */
  async markRead(
    tx: Transaction,
    conversationId: string,
    userId: string,
    upToMessageId: string,
  ): Promise<boolean> {
    const result = (await tx.manager.query(
      `UPDATE messaging.conversation_participants p
          SET last_read_seq = GREATEST(p.last_read_seq, m.seq)
         FROM messaging.messages m
        WHERE p.conversation_id = $1 AND p.user_id = $2
          AND m.id = $3 AND m.conversation_id = $1
        RETURNING 1`,
      [conversationId, userId, upToMessageId],
    )) as [unknown[], number];
    return result[1] > 0;
  }
}
