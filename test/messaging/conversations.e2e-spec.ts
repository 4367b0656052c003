import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { EventBus, JobQueue, SqlReader, UnitOfWork } from '@etutors/platform';
import { BookingCompleted } from '@etutors/scheduling/events';
import { given, WITH_ADMIN, type Actor } from '../support/given.js';
import { eventually, startTestApp, type TestApp } from '../support/test-app.js';
import { book, openAllWeek, startAt } from '../scheduling/support.js';
import { watchFinishedJobs } from '../platform/support/finished-jobs.js';

interface Message {
  id: string;
  conversationId: string;
  senderId: string | null;
  kind: 'user' | 'system';
  body: string;
  masked: boolean;
  createdAt: string;
}

describe('messaging: conversations and messages', () => {
  let t: TestApp;
  let admin: Actor;
  let subjectId: string;
  let tutor: Actor;

  beforeAll(async () => {
    t = await startTestApp({ env: WITH_ADMIN });
    admin = await given(t).admin();
    subjectId = (await given(t).subject(admin)).id;
    tutor = await approvedTutor();
  });
  afterAll(() => t.close());

  let day = 2;
  async function approvedTutor(): Promise<Actor> {
    const approved = await given(t).approvedTutor(admin, { subjectIds: [subjectId] });
    await openAllWeek(t, approved);
    // Messaging learns of the approval from tutoring's event.
    await eventually(async () => {
      const rows = await t.dataSource.query(
        `SELECT 1 FROM messaging.tutor_approvals WHERE tutor_id = $1 AND approved`,
        [approved.id],
      );
      return rows.length > 0;
    });
    return approved;
  }

  const open = (caller: Actor, participantId: string) =>
    t.http().post('/api/v1/conversations').set(caller.auth).send({ participantId });
  const send = (caller: Actor, conversationId: string, body: unknown) =>
    t
      .http()
      .post(`/api/v1/conversations/${conversationId}/messages`)
      .set(caller.auth)
      .send({ body });
  const messagesOf = (caller: Actor, conversationId: string, query = '') =>
    t.http().get(`/api/v1/conversations/${conversationId}/messages${query}`).set(caller.auth);
  const markRead = (caller: Actor, conversationId: string, upToMessageId: string) =>
    t
      .http()
      .post(`/api/v1/conversations/${conversationId}/read`)
      .set(caller.auth)
      .send({ upToMessageId });
  const listOf = async (caller: Actor, query = '') => {
    const res = await t.http().get(`/api/v1/conversations${query}`).set(caller.auth);
    expect(res.status).toBe(200);
    return res.body as {
      data: {
        id: string;
        participantId: string;
        participantIds: string[];
        unreadCount: number;
        lastMessage: Message | null;
        lastActivityAt: string;
      }[];
      meta: { total: number };
    };
  };

  /** A student and a conversation they opened with `withTutor`. */
  async function studentInConversation(withTutor = tutor) {
    const student = await given(t).student();
    const res = await open(student, withTutor.id);
    expect(res.status).toBe(201);
    return { student, conversationId: res.body.id as string };
  }

  /** Books and pays a lesson: the booking is confirmed through billing's and scheduling's events. */
  async function confirmedBooking(student: Actor, withTutor = tutor) {
    const booked = await book(t, student, withTutor, subjectId, startAt(day++, 10));
    expect(booked.status).toBe(201);
    const payment = await t
      .http()
      .post('/api/v1/payments')
      .set(student.auth)
      .set('idempotency-key', randomUUID())
      .send({ bookingId: booked.body.id });
    const confirmed = await t
      .http()
      .post(`/api/v1/payments/${payment.body.id}/confirm`)
      .set(student.auth)
      .set('idempotency-key', randomUUID())
      .send({ paymentMethod: 'pm_card_visa' });
    expect(confirmed.body.status).toBe('succeeded');
    await eventually(async () => {
      const res = await t.http().get(`/api/v1/bookings/${booked.body.id}`).set(student.auth);
      return res.body.status === 'confirmed';
    });
    return booked.body as { id: string; startsAt: string };
  }

  const systemMessages = async (caller: Actor, conversationId: string) =>
    ((await messagesOf(caller, conversationId)).body.data as Message[]).filter(
      (message) => message.kind === 'system',
    );

  describe('opening', () => {
    it('gives a student one conversation with an approved tutor: 201 new, then 200 the same, from either side', async () => {
      const student = await given(t).student();
      const first = await open(student, tutor.id);
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({
        participantId: tutor.id,
        unreadCount: 0,
        lastMessage: null,
      });
      expect([...first.body.participantIds].sort()).toEqual([student.id, tutor.id].sort());

      const again = await open(student, tutor.id);
      expect(again.status).toBe(200);
      expect(again.body.id).toBe(first.body.id);
      const fromTutor = await open(tutor, student.id);
      expect(fromTutor.status).toBe(200);
      expect(fromTutor.body).toMatchObject({ id: first.body.id, participantId: student.id });
    });

    it('opens one conversation when the same pair races to open it', async () => {
      const student = await given(t).student();
      const racers = 6;
      // Hold new conversations back until every request is queued on its insert, then let all go.
      const gate = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await gate.connect();
      let answers;
      try {
        await gate.query('BEGIN');
        await gate.query('LOCK TABLE messaging.conversations IN SHARE MODE');
        const racing = Promise.all(Array.from({ length: racers }, () => open(student, tutor.id)));
        await eventually(async () => {
          await gate.query('SELECT pg_stat_clear_snapshot()');
          const { rows } = await gate.query<{ waiting: number }>(
            `SELECT count(*)::int AS waiting FROM pg_stat_activity
              WHERE datname = current_database() AND pid <> pg_backend_pid()
                AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO messaging.conversations%'`,
          );
          return rows[0]!.waiting === racers;
        });
        await gate.query('COMMIT');
        answers = await racing;
      } finally {
        await gate.end();
      }
      expect(answers.map((res) => res.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
      expect(new Set(answers.map((res) => res.body.id)).size).toBe(1);
      const rows = await t.dataSource.query(
        `SELECT id FROM messaging.conversations WHERE $1 IN (participant_a, participant_b)`,
        [student.id],
      );
      expect(rows).toEqual([{ id: answers[0]!.body.id }]);
    });

    it('refuses a tutor whose profile is not approved, and an unknown user', async () => {
      const student = await given(t).student();
      const unapproved = await given(t).tutor();
      const res = await open(student, unapproved.id);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('conversation.not_allowed');
      expect((await open(student, randomUUID())).status).toBe(403);
      expect((await open(student, student.id)).status).toBe(422);
      expect((await listOf(student)).meta.total).toBe(0);
    });

    it('lets a tutor open one with a student only once they have a booking together', async () => {
      const otherTutor = await approvedTutor();
      const student = await given(t).student();
      const refused = await open(otherTutor, student.id);
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('conversation.not_allowed');
      // A tutor is no student: approval of another tutor does not open the door either.
      expect((await open(otherTutor, tutor.id)).status).toBe(403);

      const booked = await book(t, student, otherTutor, subjectId, startAt(day++, 10));
      expect(booked.status).toBe(201);
      const opened = await eventually(async () => {
        const res = await open(otherTutor, student.id);
        return res.status === 201 ? res : null;
      });
      expect(opened.body.participantId).toBe(student.id);
    });

    it('does not let an admin message anyone', async () => {
      expect((await open(admin, tutor.id)).status).toBe(403);
    });

    it('validates the body', async () => {
      const student = await given(t).student();
      expect((await open(student, 'not-a-uuid')).status).toBe(400);
      expect((await t.http().post('/api/v1/conversations').set(student.auth).send({})).status).toBe(
        400,
      );
    });
  });

  describe('messages', () => {
    it('stores and returns plain text exactly as sent, newline and tab included', async () => {
      const { student, conversationId } = await studentInConversation();
      const body = 'Hi <b>there</b> & "friends"\n\tLine two — ünïcødé 😀';
      const sent = await send(student, conversationId, body);
      expect(sent.status).toBe(201);
      expect(sent.body).toMatchObject({
        conversationId,
        senderId: student.id,
        kind: 'user',
        body,
        masked: false,
      });
      const [stored] = await t.dataSource.query(
        `SELECT body FROM messaging.messages WHERE id = $1`,
        [sent.body.id],
      );
      expect(stored.body).toBe(body);
      const page = await messagesOf(tutor, conversationId);
      expect(page.body.data[0]).toEqual(sent.body);
    });

    it('takes 1 to 4000 characters and refuses control characters other than newline and tab, storing nothing', async () => {
      const { student, conversationId } = await studentInConversation();
      expect((await send(student, conversationId, 'x'.repeat(4000))).status).toBe(201);
      // 4000 characters beyond the Basic Multilingual Plane count as 4000, not 8000 code units.
      expect((await send(student, conversationId, '😀'.repeat(4000))).status).toBe(201);
      for (const bad of [
        '',
        'x'.repeat(4001),
        'bell\u0007',
        'carriage\rreturn',
        'nul\u0000',
        'esc\u001b[31m',
        'del\u007f',
        'c1\u0085',
        42,
        null,
      ]) {
        const res = await send(student, conversationId, bad);
        expect(res.status).toBe(400);
        expect(res.headers['content-type']).toMatch(/problem\+json/);
      }
      const [{ count }] = await t.dataSource.query(
        `SELECT count(*)::int AS count FROM messaging.messages WHERE conversation_id = $1`,
        [conversationId],
      );
      expect(count).toBe(2);
    });

    it('answers 404 to anyone outside the conversation, and for an unknown one', async () => {
      const { student, conversationId } = await studentInConversation();
      const sent = await send(student, conversationId, 'hello');
      const outsider = await given(t).student();
      expect((await messagesOf(outsider, conversationId)).status).toBe(404);
      expect((await send(outsider, conversationId, 'hi')).status).toBe(404);
      expect((await markRead(outsider, conversationId, sent.body.id)).status).toBe(404);
      expect((await send(student, randomUUID(), 'hi')).status).toBe(404);
      expect((await messagesOf(student, randomUUID())).status).toBe(404);
      const [{ count }] = await t.dataSource.query(
        `SELECT count(*)::int AS count FROM messaging.messages WHERE conversation_id = $1`,
        [conversationId],
      );
      expect(count).toBe(1);
    });

    it('publishes messaging.message.sent for every stored message, to the other participant', async () => {
      const { student, conversationId } = await studentInConversation();
      const sent = await send(student, conversationId, 'Is Tuesday fine?');
      const [event] = await t.dataSource.query(
        `SELECT payload, actor_id AS "actorId" FROM platform.outbox WHERE type = 'messaging.message.sent' AND aggregate_id = $1`,
        [conversationId],
      );
      expect(event.actorId).toBe(student.id);
      expect(event.payload).toEqual({
        messageId: sent.body.id,
        conversationId,
        senderId: student.id,
        recipientIds: [tutor.id],
        body: 'Is Tuesday fine?',
        kind: 'user',
      });
      // In the same transaction, an item on the recipient's live feed (and none on the sender's).
      const feed = await t.dataSource.query(
        `SELECT user_id AS "userId", type, data FROM messaging.feed_items WHERE data->>'id' = $1`,
        [sent.body.id],
      );
      expect(feed).toEqual([{ userId: tutor.id, type: 'message', data: sent.body }]);
    });

    it('pages newest first by cursor, neither repeating nor skipping while new messages arrive', async () => {
      const { student, conversationId } = await studentInConversation();
      const early: string[] = [];
      for (let i = 0; i < 12; i++) {
        const sender = i % 2 === 0 ? student : tutor;
        early.push((await send(sender, conversationId, `message ${i}`)).body.id);
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await messagesOf(
          student,
          conversationId,
          `?limit=5${cursor ? `&before=${cursor}` : ''}`,
        );
        expect(res.status).toBe(200);
        seen.push(...(res.body.data as Message[]).map((message) => message.id));
        cursor = res.body.meta.nextCursor;
        pages++;
        // New messages keep arriving between pages.
        await send(tutor, conversationId, `late ${pages}`);
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual([...early].reverse());

      const unknownCursor = await messagesOf(student, conversationId, `?before=${randomUUID()}`);
      expect(unknownCursor.status).toBe(400);
      expect(unknownCursor.body.code).toBe('message.cursor_invalid');
      expect((await messagesOf(student, conversationId, '?limit=0')).status).toBe(400);
      expect((await messagesOf(student, conversationId, '?before=nope')).status).toBe(400);
    });

    it('rate-limits sending per user with 429 and Retry-After, storing nothing past the limit', async () => {
      const { student, conversationId } = await studentInConversation();
      for (let i = 0; i < 30; i++)
        expect((await send(student, conversationId, `m${i}`)).status).toBe(201);
      const refused = await send(student, conversationId, 'one too many');
      expect(refused.status).toBe(429);
      expect(refused.body.code).toBe('message.rate_limited');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      // The limit is the sender's: the tutor still writes in the same conversation.
      expect((await send(tutor, conversationId, 'still here')).status).toBe(201);
      const [{ count }] = await t.dataSource.query(
        `SELECT count(*)::int AS count FROM messaging.messages WHERE conversation_id = $1 AND sender_id = $2`,
        [conversationId, student.id],
      );
      expect(count).toBe(30);
    });
  });

  describe('unread counts and the list', () => {
    it('counts unread messages from a forward-only read cursor', async () => {
      const { student, conversationId } = await studentInConversation();
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push((await send(tutor, conversationId, `t${i}`)).body.id);
      await send(student, conversationId, 'mine do not count');
      const unread = async () =>
        (await listOf(student)).data.find((c) => c.id === conversationId)!.unreadCount;
      expect(await unread()).toBe(3);

      expect((await markRead(student, conversationId, ids[1]!)).status).toBe(204);
      expect(await unread()).toBe(1);
      // An older message leaves the cursor where it is.
      expect((await markRead(student, conversationId, ids[0]!)).status).toBe(204);
      expect(await unread()).toBe(1);
      expect((await markRead(student, conversationId, ids[2]!)).status).toBe(204);
      expect(await unread()).toBe(0);
      // The tutor's own count is separate: the student's message is unread for them.
      expect((await listOf(tutor)).data.find((c) => c.id === conversationId)!.unreadCount).toBe(1);

      const notHere = await markRead(student, conversationId, randomUUID());
      expect(notHere.status).toBe(404);
      expect(notHere.body.code).toBe('message.not_found');
    });

    it('lists newest activity first with the last message, in one statement whatever the page size', async () => {
      const student = await given(t).student();
      const tutors = [tutor, await approvedTutor(), await approvedTutor(), await approvedTutor()];
      const conversations: string[] = [];
      for (const each of tutors) conversations.push((await open(student, each.id)).body.id);
      for (const [i, id] of conversations.entries()) await send(tutors[i]!, id, `from tutor ${i}`);
      // The first conversation gets the newest message.
      const newest = await send(student, conversations[0]!, 'back to you');

      const list = await listOf(student);
      expect(list.meta.total).toBe(4);
      expect(list.data.map((c) => c.id)).toEqual([
        conversations[0],
        conversations[3],
        conversations[2],
        conversations[1],
      ]);
      expect(list.data[0]!.lastMessage).toEqual(newest.body);
      expect(list.data[1]).toMatchObject({
        participantId: tutors[3]!.id,
        unreadCount: 1,
        lastMessage: { body: 'from tutor 3', senderId: tutors[3]!.id },
      });
      const second = await listOf(student, '?page=2&limit=3');
      expect(second.data.map((c) => c.id)).toEqual([conversations[1]]);

      const statements = async (query: string) => {
        const spy = jest.spyOn(SqlReader.prototype, 'query');
        try {
          await listOf(student, query);
          return spy.mock.calls.filter(([sql]) => sql.includes('messaging.')).length;
        } finally {
          spy.mockRestore();
        }
      };
      expect(await statements('?limit=1')).toBe(1);
      expect(await statements('?limit=4')).toBe(1);
      expect(await statements('?limit=100')).toBe(1);
    });
  });

  describe('masking contact details', () => {
    it('hides e-mail addresses, phone numbers and links until the pair has a confirmed booking, then lets them pass', async () => {
      const { student, conversationId } = await studentInConversation();
      const contact =
        'Write to jane.doe@example.com, call +49 176 1234 5678 or see zoom.us/j/12345';
      const masked = await send(student, conversationId, contact);
      expect(masked.status).toBe(201);
      expect(masked.body).toMatchObject({
        masked: true,
        body: 'Write to [email hidden], call [phone hidden] or see [link hidden]',
      });
      const stored = await t.dataSource.query(
        `SELECT body FROM messaging.messages WHERE conversation_id = $1 AND body LIKE '%example.com%'`,
        [conversationId],
      );
      expect(stored).toEqual([]);
      // Nothing to hide: passes as written.
      expect(
        (await send(student, conversationId, 'See you at 10:00 on 2026-12-01')).body.masked,
      ).toBe(false);

      await confirmedBooking(student);
      await eventually(async () => (await systemMessages(student, conversationId)).length > 0);
      const open = await send(student, conversationId, contact);
      expect(open.body).toMatchObject({ masked: false, body: contact });
      const reply = await send(tutor, conversationId, 'mine: tutor@example.org');
      expect(reply.body).toMatchObject({ masked: false, body: 'mine: tutor@example.org' });
    });
  });

  describe('bookings in the conversation', () => {
    it('tells a confirmed booking once, even when its event is delivered twice', async () => {
      const student = await given(t).student();
      const booking = await confirmedBooking(student);
      const conversation = await eventually(async () => (await listOf(student)).data[0]);
      const subscriber = 'messaging.open-conversation-on-confirmed-booking';
      const [event] = await t.dataSource.query(
        `SELECT o.id, o.type, o.version, o.occurred_at AS "occurredAt", o.aggregate_id AS "aggregateId",
                o.actor_id AS "actorId", o.payload
           FROM platform.outbox o JOIN platform.inbox i ON i.event_id = o.id AND i.subscriber = $2
          WHERE o.type = 'scheduling.booking.confirmed' AND o.aggregate_id = $1`,
        [booking.id, subscriber],
      );
      const finished = watchFinishedJobs(t);
      try {
        const redelivery = `${event.id}:redelivered`;
        await t.get(JobQueue).add('domain-events', subscriber, event, { jobId: redelivery });
        await eventually(() => finished.ids.has(redelivery));
      } finally {
        finished.stop();
      }
      expect(await systemMessages(student, conversation.id)).toHaveLength(1);
      expect((await listOf(student)).meta.total).toBe(1);
    });

    it('opens the conversation on a confirmed booking and tells its news as system messages', async () => {
      const student = await given(t).student();
      const booking = await confirmedBooking(student);
      const conversation = await eventually(async () => (await listOf(student)).data[0]);
      expect(conversation).toMatchObject({ participantId: tutor.id, unreadCount: 1 });
      expect(conversation.lastMessage).toMatchObject({ kind: 'system', senderId: null });
      expect(conversation.lastMessage!.body).toContain(new Date(booking.startsAt).toISOString());
      // The tutor sees the same conversation, unread too.
      expect((await listOf(tutor)).data.find((c) => c.id === conversation.id)!.unreadCount).toBe(1);
      // Opening it by hand finds it.
      expect((await open(student, tutor.id)).status).toBe(200);

      const newStart = startAt(day++, 14);
      const moved = await t
        .http()
        .post(`/api/v1/bookings/${booking.id}/reschedule`)
        .set(student.auth)
        .send({ startsAt: newStart });
      expect(moved.status).toBe(200);
      await eventually(async () => (await systemMessages(student, conversation.id)).length === 2);

      // Completion arrives as scheduling's event (a lesson completes only after it took place).
      await t.get(UnitOfWork).run((tx) =>
        t.get(EventBus).publish(tx, BookingCompleted, {
          aggregateId: booking.id,
          payload: { bookingId: booking.id, tutorId: tutor.id, studentId: student.id },
        }),
      );
      await eventually(async () => (await systemMessages(student, conversation.id)).length === 3);

      const cancelled = await t
        .http()
        .post(`/api/v1/bookings/${booking.id}/cancel`)
        .set(tutor.auth)
        .send({ reason: 'ill' });
      // Our completion event did not change the booking itself, so it can still be cancelled.
      expect(cancelled.status).toBe(200);
      const news = await eventually(async () => {
        const messages = await systemMessages(student, conversation.id);
        return messages.length === 4 ? messages : null;
      });
      expect(news.map((message) => message.body.split(':')[0])).toEqual([
        'Booking cancelled by the tutor',
        'Lesson completed.',
        'Booking rescheduled',
        'Booking confirmed',
      ]);
      expect(news[2]!.body).toContain(new Date(newStart).toISOString());
    });
  });
});
