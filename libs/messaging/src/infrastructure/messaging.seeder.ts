import { UnitOfWork, type Transaction } from '@etutors/platform';
import { v5 as uuidv5 } from 'uuid';
import type { DataSource } from 'typeorm';
import { orderedPair } from '../domain/conversation.js';
import { bookingNewsText } from '../domain/message.js';
import { renderNotification, type NotificationData } from '../domain/notification-templates.js';
import type { NotificationType } from '../domain/notification-types.js';

const NAMESPACE = 'e2a8d5c1-4b7f-4e09-b3c6-9f1a7d2e5b80';
const seedId = (name: string) => uuidv5(name, NAMESPACE);

export interface MessagingSeedPerson {
  id: string;
  email: string;
  displayName: string;
  timezone: string;
}

/** A demo booking, as scheduling's events would have told messaging about it. */
export interface MessagingSeedBooking {
  id: string;
  tutorId: string;
  studentId: string;
  startsAt: Date;
  endsAt: Date;
  status: string;
  createdAt: Date;
  confirmedAt: Date | null;
}

/** A payment or refund of the demo student, as billing's events would have told messaging. */
export interface MessagingSeedMoney {
  id: string;
  paymentId?: string;
  bookingId: string;
  studentId: string;
  amount: number;
  currency: string;
  reason?: string;
  at: Date;
}

export interface MessagingSeedInput {
  people: MessagingSeedPerson[];
  approvedTutorIds: string[];
  bookings: MessagingSeedBooking[];
  payments: MessagingSeedMoney[];
  refunds: MessagingSeedMoney[];
  /** Whose inbox and conversation the demo shows. */
  studentId: string;
}

export interface SeededMessaging {
  lines: string[];
  /** The demo student's conversation, when they have a confirmed booking to talk about. */
  conversation: { id: string; tutorId: string } | null;
}

/** What the demo student and their tutor said after the booking was confirmed. */
const CHAT: { from: 'student' | 'tutor'; body: string }[] = [
  {
    from: 'student',
    body: 'Hi! Looking forward to the lesson. Could we start with last week’s homework?',
  },
  {
    from: 'tutor',
    body: 'Of course. Bring the exercises you found hardest and we will go through them.',
  },
  { from: 'student', body: 'Will do, thanks!' },
  { from: 'tutor', body: 'Great. I will also send a short warm-up sheet the day before.' },
];

/**
 * Messaging's own copies the demo needs (every account in `messaging.people`, the approved
 * tutors and the booked pairs conversations are allowed by), one conversation between the demo
 * student and a tutor they have a confirmed booking with (the tutor's last message unread), and
 * notifications for the demo student, only the newest unread. Idempotent: deterministic ids,
 * ON CONFLICT DO NOTHING; a pair's conversation that exists already is left as it is.
 */
export async function seedMessaging(
  dataSource: DataSource,
  input: MessagingSeedInput,
): Promise<SeededMessaging> {
  const now = new Date();
  return new UnitOfWork(dataSource).run(async (tx) => {
    for (const person of input.people) {
      await tx.manager.query(
        `INSERT INTO messaging.people (user_id, email, display_name, timezone, updated_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
        [person.id, person.email, person.displayName, person.timezone, now],
      );
    }
    for (const tutorId of input.approvedTutorIds) {
      await tx.manager.query(
        `INSERT INTO messaging.tutor_approvals (tutor_id, approved, updated_at) VALUES ($1, true, $2)
         ON CONFLICT DO NOTHING`,
        [tutorId, now],
      );
    }
    const pairs = new Map<
      string,
      { tutorId: string; studentId: string; first: Date; confirmed: Date | null }
    >();
    for (const booking of input.bookings) {
      const key = `${booking.tutorId}:${booking.studentId}`;
      const pair = pairs.get(key) ?? {
        tutorId: booking.tutorId,
        studentId: booking.studentId,
        first: booking.createdAt,
        confirmed: null,
      };
      if (booking.createdAt < pair.first) pair.first = booking.createdAt;
      if (booking.confirmedAt && (!pair.confirmed || booking.confirmedAt < pair.confirmed))
        pair.confirmed = booking.confirmedAt;
      pairs.set(key, pair);
    }
    for (const pair of pairs.values()) {
      await tx.manager.query(
        `INSERT INTO messaging.booking_pairs (tutor_id, student_id, first_booked_at, confirmed_at)
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
        [pair.tutorId, pair.studentId, pair.first, pair.confirmed],
      );
    }

    const names = new Map(input.people.map((person) => [person.id, person]));
    const student = names.get(input.studentId);
    // The student's next confirmed lesson: its confirmation opened the pair's conversation.
    const booking = input.bookings
      .filter((b) => b.studentId === input.studentId && b.status === 'confirmed' && b.confirmedAt)
      .sort(
        (a, b) =>
          Number(a.startsAt < now) - Number(b.startsAt < now) ||
          a.startsAt.getTime() - b.startsAt.getTime(),
      )[0];
    const tutor = booking && names.get(booking.tutorId);
    let conversation: SeededMessaging['conversation'] = null;
    let messages = 0;
    const notifications: NewNotification[] = [];
    if (student && booking && tutor) {
      const opened = await openConversation(tx, booking, now);
      conversation = { id: opened.id, tutorId: booking.tutorId };
      messages = opened.messages;
      notifications.push({
        key: `booking-confirmed:${booking.id}`,
        type: 'booking_confirmed',
        at: booking.confirmedAt!,
        data: {
          bookingId: booking.id,
          startsAt: booking.startsAt.toISOString(),
          endsAt: booking.endsAt.toISOString(),
          role: 'student',
          withId: tutor.id,
          withName: tutor.displayName,
        },
      });
      if (opened.lastTutorMessage) {
        notifications.push({
          key: `new-message:${opened.lastTutorMessage.id}`,
          type: 'new_message',
          at: opened.lastTutorMessage.at,
          data: {
            conversationId: opened.id,
            messageId: opened.lastTutorMessage.id,
            senderId: tutor.id,
            senderName: tutor.displayName,
            preview: opened.lastTutorMessage.body,
          },
        });
      }
    }
    const mine = <T extends MessagingSeedMoney>(rows: T[]) =>
      rows.filter((row) => row.studentId === input.studentId).slice(-1);
    for (const payment of mine(input.payments)) {
      notifications.push({
        key: `payment-succeeded:${payment.id}`,
        type: 'payment_succeeded',
        at: payment.at,
        data: {
          paymentId: payment.id,
          bookingId: payment.bookingId,
          amount: payment.amount,
          currency: payment.currency,
        },
      });
    }
    for (const refund of mine(input.refunds)) {
      notifications.push({
        key: `refund-issued:${refund.id}`,
        type: 'refund_issued',
        at: refund.at,
        data: {
          refundId: refund.id,
          paymentId: refund.paymentId,
          bookingId: refund.bookingId,
          amount: refund.amount,
          currency: refund.currency,
          reason: refund.reason,
        },
      });
    }
    let created = 0;
    if (student) {
      notifications.sort((a, b) => a.at.getTime() - b.at.getTime());
      // One unread: the tutor's message the student has not read yet (else the newest).
      const unread =
        notifications.find((notification) => notification.type === 'new_message') ??
        notifications.at(-1);
      for (const notification of notifications) {
        const readAt =
          notification === unread
            ? null
            : new Date(Math.min(notification.at.getTime() + 5 * 60_000, now.getTime()));
        if (await insertNotification(tx, student, notification, readAt)) created += 1;
      }
    }
    return {
      lines: [
        `Messaging: ${input.people.length} people, ${pairs.size} booked pairs; ${conversation ? 1 : 0} conversation with ${messages} new messages; ${created} notifications created`,
      ],
      conversation,
    };
  });
}

interface NewNotification {
  key: string;
  type: NotificationType;
  at: Date;
  data: NotificationData;
}

/** Spreads the chat over the time between the confirmation and now. */
async function openConversation(
  tx: Transaction,
  booking: MessagingSeedBooking,
  now: Date,
): Promise<{
  id: string;
  messages: number;
  lastTutorMessage: { id: string; body: string; at: Date } | null;
}> {
  const [a, b] = orderedPair(booking.tutorId, booking.studentId);
  const id = seedId(`conversation:${a}:${b}`);
  const start = booking.confirmedAt!.getTime();
  const span = Math.min(now.getTime() - start, 24 * 3600_000);
  const inserted = (await tx.manager.query(
    `INSERT INTO messaging.conversations (id, participant_a, participant_b, created_at, last_activity_at)
     VALUES ($1, $2, $3, $4, $4) ON CONFLICT DO NOTHING RETURNING id`,
    [id, a, b, new Date(start)],
  )) as unknown[];
  const lastTutor = [...CHAT.entries()].filter(([, line]) => line.from === 'tutor').at(-1)!;
  const lastTutorMessage = {
    id: seedId(`message:${id}:${lastTutor[0] + 1}`),
    body: lastTutor[1].body,
    at: new Date(start + (span * (lastTutor[0] + 1)) / CHAT.length),
  };
  // The pair's conversation exists already (this seed's, or one opened in the app): keep it.
  if (inserted.length === 0) {
    const [own] = (await tx.manager.query(`SELECT 1 FROM messaging.messages WHERE id = $1`, [
      lastTutorMessage.id,
    ])) as unknown[];
    return { id, messages: 0, lastTutorMessage: own ? lastTutorMessage : null };
  }
  const lines = [
    {
      id: seedId(`message:${id}:0`),
      senderId: null,
      kind: 'system',
      body: bookingNewsText({ kind: 'confirmed', startsAt: booking.startsAt.toISOString() }),
      at: new Date(start),
    },
    ...CHAT.map((line, n) => ({
      id: seedId(`message:${id}:${n + 1}`),
      senderId: line.from === 'tutor' ? booking.tutorId : booking.studentId,
      kind: 'user',
      body: line.body,
      at: new Date(start + (span * (n + 1)) / CHAT.length),
    })),
  ];
  const seqs = new Map<string, number>();
  for (const line of lines) {
    const [row] = (await tx.manager.query(
      `INSERT INTO messaging.messages (id, conversation_id, sender_id, kind, body, masked, created_at)
       VALUES ($1, $2, $3, $4, $5, false, $6) RETURNING seq`,
      [line.id, id, line.senderId, line.kind, line.body, line.at],
    )) as { seq: string }[];
    seqs.set(line.id, Number(row!.seq));
  }
  const last = lines.at(-1)!;
  await tx.manager.query(
    `UPDATE messaging.conversations SET last_message_id = $2, last_activity_at = $3 WHERE id = $1`,
    [id, last.id, last.at],
  );
  // The tutor has read everything; the student not yet the tutor's last message.
  const studentRead = [...lines].reverse().find((line) => line.senderId === booking.studentId)!;
  await tx.manager.query(
    `INSERT INTO messaging.conversation_participants (conversation_id, user_id, last_read_seq)
     VALUES ($1, $2, $3), ($1, $4, $5)`,
    [id, booking.tutorId, seqs.get(last.id), booking.studentId, seqs.get(studentRead.id)],
  );
  return { id, messages: lines.length, lastTutorMessage };
}

async function insertNotification(
  tx: Transaction,
  reader: MessagingSeedPerson,
  notification: NewNotification,
  readAt: Date | null,
): Promise<boolean> {
  const text = renderNotification(notification.type, notification.data, reader);
  const rows = (await tx.manager.query(
    `INSERT INTO messaging.notifications
       (id, user_id, type, title, body, data, source_event_id, email_status, read_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, 'off', $8, $9)
     ON CONFLICT DO NOTHING RETURNING id`,
    [
      seedId(`notification:${reader.id}:${notification.key}`),
      reader.id,
      notification.type,
      text.title,
      text.body,
      JSON.stringify(notification.data),
      seedId(`event:${notification.key}`),
      readAt,
      notification.at,
    ],
  )) as unknown[];
  return rows.length > 0;
}
