import { Injectable } from '@nestjs/common';
import {
  SqlReader,
  toPage,
  type Page,
  type SqlQueryable,
  type Transaction,
} from '@etutors/platform';
import type { StoredPreferences } from '../domain/notification-preferences.js';
import { DEFAULT_QUIET_HOURS, type QuietHours } from '../domain/quiet-hours.js';
import type { NotificationData } from '../domain/notification-templates.js';
import type { EmailStatus, NotificationType } from '../domain/notification-types.js';

/** A notification as its owner sees it. */
export interface NotificationView {
  id: string;
  type: NotificationType;
  title: string;
  body: string;
  data: NotificationData;
  readAt: string | null;
  createdAt: string;
}

export interface NewNotification {
  id: string;
  userId: string;
  type: NotificationType;
  title: string;
  body: string;
  data: NotificationData;
  sourceEventId: string;
  createdAt: Date;
}

/** An e-mail waiting to go (or gone). */
export interface EmailDelivery {
  id: string;
  userId: string;
  conversationId: string | null;
  dueAt: Date;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
}

interface NotificationRow {
  id: string;
  type: NotificationType;
  title: string;
  body: string;
  data: NotificationData;
  read_at: Date | null;
  created_at: Date;
}

interface PreferencesRow {
  email: Record<string, boolean>;
  quiet_start: string | null;
  quiet_end: string | null;
}

const toStoredPreferences = (row: PreferencesRow): StoredPreferences => ({
  email: row.email,
  quietHours:
    row.quiet_start && row.quiet_end ? { start: row.quiet_start, end: row.quiet_end } : null,
});

const toView = (row: NotificationRow): NotificationView => ({
  id: row.id,
  type: row.type,
  title: row.title,
  body: row.body,
  data: row.data,
  readAt: row.read_at?.toISOString() ?? null,
  createdAt: row.created_at.toISOString(),
});

export const notificationView = (n: NewNotification): NotificationView => ({
  id: n.id,
  type: n.type,
  title: n.title,
  body: n.body,
  data: n.data,
  readAt: null,
  createdAt: n.createdAt.toISOString(),
});

@Injectable()
export class NotificationRepository {
  constructor(private readonly sql: SqlReader) {}

  /** Stores the notification unless its user has one from that event already; true if stored. */
  async insertOnce(tx: Transaction, n: NewNotification): Promise<boolean> {
    const inserted = (await tx.manager.query(
      `INSERT INTO messaging.notifications
         (id, user_id, type, title, body, data, source_event_id, email_status, created_at)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, 'off', $8)
       ON CONFLICT (user_id, source_event_id) DO NOTHING
       RETURNING id`,
      [
        n.id,
        n.userId,
        n.type,
        n.title,
        n.body,
        JSON.stringify(n.data),
        n.sourceEventId,
        n.createdAt,
      ],
    )) as unknown[];
    return inserted.length > 0;
  }

  /**
   * The e-mail that will carry a notification: a new one, or, for a conversation, the one still
   * waiting for that recipient (its due time stays: the first message opened the window).
   */
  async openDelivery(
    tx: Transaction,
    delivery: { id: string; userId: string; conversationId: string | null; dueAt: Date; now: Date },
  ): Promise<{ id: string; dueAt: Date }> {
    const params = [
      delivery.id,
      delivery.userId,
      delivery.conversationId,
      delivery.dueAt,
      delivery.now,
    ];
    const [row] = (await tx.manager.query(
      delivery.conversationId === null
        ? `INSERT INTO messaging.email_deliveries (id, user_id, conversation_id, due_at, status, created_at)
             VALUES ($1, $2, $3, $4, 'pending', $5) RETURNING id, due_at`
        : `INSERT INTO messaging.email_deliveries (id, user_id, conversation_id, due_at, status, created_at)
             VALUES ($1, $2, $3, $4, 'pending', $5)
           ON CONFLICT (user_id, conversation_id) WHERE status = 'pending' AND conversation_id IS NOT NULL
             DO UPDATE SET due_at = email_deliveries.due_at
           RETURNING id, due_at`,
      params,
    )) as { id: string; due_at: Date }[];
    return { id: row!.id, dueAt: row!.due_at };
  }

  async attachToDelivery(tx: Transaction, notificationId: string, deliveryId: string) {
    await tx.manager.query(
      `UPDATE messaging.notifications SET email_status = 'pending', email_delivery_id = $2
        WHERE id = $1`,
      [notificationId, deliveryId],
    );
  }

  async page(
    userId: string,
    query: { unread: boolean; page: number; limit: number },
  ): Promise<Page<NotificationView>> {
    const where = `user_id = $1${query.unread ? ' AND read_at IS NULL' : ''}`;
    const [rows, [count]] = await Promise.all([
      this.sql.query<NotificationRow>(
        `SELECT id, type, title, body, data, read_at, created_at FROM messaging.notifications
          WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3`,
        [userId, query.limit, (query.page - 1) * query.limit],
      ),
      this.sql.query<{ total: number }>(
        `SELECT count(*)::int AS total FROM messaging.notifications WHERE ${where}`,
        [userId],
      ),
    ]);
    return toPage(rows.map(toView), count!.total, query);
  }

  /** Marks the user's notification read (the first time only); false when it is not theirs. */
  async markRead(userId: string, id: string, at: Date): Promise<boolean> {
    // As a SELECT over the update: TypeORM answers an UPDATE with [rows, count], not its rows.
    const rows = await this.sql.query(
      `WITH marked AS (
         UPDATE messaging.notifications SET read_at = COALESCE(read_at, $3)
          WHERE id = $1 AND user_id = $2 RETURNING id)
       SELECT id FROM marked`,
      [id, userId, at],
    );
    return rows.length > 0;
  }

  async markAllRead(userId: string, at: Date): Promise<void> {
    await this.sql.query(
      `UPDATE messaging.notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL`,
      [userId, at],
    );
  }

  async storedPreferences(
    db: SqlQueryable,
    userId: string,
  ): Promise<StoredPreferences | undefined> {
    const [row] = (await db.query(
      `SELECT email, quiet_start, quiet_end FROM messaging.notification_preferences WHERE user_id = $1`,
      [userId],
    )) as PreferencesRow[];
    return row && toStoredPreferences(row);
  }

  preferences(userId: string): Promise<StoredPreferences | undefined> {
    return this.storedPreferences(this.sql, userId);
  }

  preferencesIn(tx: Transaction, userId: string): Promise<StoredPreferences | undefined> {
    return this.storedPreferences(tx.manager, userId);
  }

  /**
   * Applies a change in one statement, so concurrent changes never undo each other: the named
   * e-mail types are merged into the stored ones; the quiet hours are replaced when given (a
   * first row starts from the defaults). Returns what is stored now.
   */
  async changePreferences(
    tx: Transaction,
    userId: string,
    change: { email: Partial<Record<string, boolean>>; quietHours?: QuietHours | null },
    at: Date,
  ): Promise<StoredPreferences> {
    const replaceQuietHours = change.quietHours !== undefined;
    const quietHours = replaceQuietHours ? change.quietHours : DEFAULT_QUIET_HOURS;
    const [row] = (await tx.manager.query(
      `INSERT INTO messaging.notification_preferences AS p
         (user_id, email, quiet_start, quiet_end, updated_at)
         VALUES ($1, $2::jsonb, $3, $4, $6)
       ON CONFLICT (user_id) DO UPDATE
         SET email = p.email || excluded.email,
             quiet_start = CASE WHEN $5 THEN excluded.quiet_start ELSE p.quiet_start END,
             quiet_end = CASE WHEN $5 THEN excluded.quiet_end ELSE p.quiet_end END,
             updated_at = excluded.updated_at
       RETURNING email, quiet_start, quiet_end`,
      [
        userId,
        JSON.stringify(change.email),
        quietHours?.start ?? null,
        quietHours?.end ?? null,
        replaceQuietHours,
        at,
      ],
    )) as PreferencesRow[];
    return toStoredPreferences(row!);
  }

  /** The delivery, locked until the transaction ends: one sender at a time, and no late joiner. */
  async lockDelivery(tx: Transaction, id: string): Promise<EmailDelivery | undefined> {
    const [row] = (await tx.manager.query(
      `SELECT id, user_id, conversation_id, due_at, status, attempts
         FROM messaging.email_deliveries WHERE id = $1 FOR UPDATE`,
      [id],
    )) as {
      id: string;
      user_id: string;
      conversation_id: string | null;
      due_at: Date;
      status: EmailDelivery['status'];
      attempts: number;
    }[];
    return (
      row && {
        id: row.id,
        userId: row.user_id,
        conversationId: row.conversation_id,
        dueAt: row.due_at,
        status: row.status,
        attempts: row.attempts,
      }
    );
  }

  /** What the e-mail carries, oldest first. */
  async itemsOf(
    tx: Transaction,
    deliveryId: string,
  ): Promise<{ type: NotificationType; data: NotificationData }[]> {
    return (await tx.manager.query(
      `SELECT type, data FROM messaging.notifications
        WHERE email_delivery_id = $1 ORDER BY created_at, id`,
      [deliveryId],
    )) as { type: NotificationType; data: NotificationData }[];
  }

  /** Ends a delivery (sent, or failed for good) and records it on every notification it carries. */
  async finishDelivery(
    tx: Transaction,
    id: string,
    outcome: { status: Exclude<EmailStatus, 'off' | 'pending'>; error: string | null; at: Date },
  ): Promise<void> {
    await tx.manager.query(
      `UPDATE messaging.email_deliveries
          SET status = $2, last_error = COALESCE($3, last_error), attempts = attempts + 1,
              sent_at = CASE WHEN $2 = 'sent' THEN $4::timestamptz END
        WHERE id = $1`,
      [id, outcome.status, outcome.error, outcome.at],
    );
    await tx.manager.query(
      `UPDATE messaging.notifications SET email_status = $2 WHERE email_delivery_id = $1`,
      [id, outcome.status],
    );
  }

  /** Counts an attempt that may pass later, with its error. */
  async recordAttempt(id: string, error: string): Promise<void> {
    await this.sql.query(
      `UPDATE messaging.email_deliveries SET attempts = attempts + 1, last_error = $2
        WHERE id = $1 AND status = 'pending'`,
      [id, error],
    );
  }
}
