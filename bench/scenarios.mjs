// Benchmark scenarios. Each one is loaded on the API and, in the same run, on the bare baseline
// (`baseline.mjs`), which must do the same work per request without Nest.
//
//   name        unique label (also what BENCH_ONLY matches)
//   method      HTTP method
//   path        API path, or (ctx) => path
//   headers?    object, or (ctx) => object
//   body?       string, or (ctx) => string: the same body on every request
//   nextRequest? (ctx, side) => ({ body?, headers? }): called for every request (side is 'api' or
//               'baseline'), for routes that change state (e.g. a booking needs a free slot each
//               time); its headers are added to `headers`
//   setup?      async (ctx) => {}: runs once before the scenario is loaded; put what it makes on ctx
//               (see fixtures.mjs for shared, memoised fixtures)
//   baseline    { path, method?, headers?, body?, nextRequest? }: the baseline's request, inheriting
//               whatever it does not override
//   sequence?   (ctx, side) => [step, ...]: instead of path/method/body, each connection sends these
//               requests in order, over and over (autocannon's `requests`), for flows where one
//               request needs the answer of the previous. A step is { method, path, request?:
//               (state) => ({ path?, headers?, body? }), onResponse?: (state, status, body) };
//               `state` is the connection's, emptied at the start of each pass. Requests/s count
//               every request of the sequence. The baseline uses the same function (see `side`).
//   connections? overrides BENCH_CONNECTIONS (e.g. for CPU-bound routes such as a password check)
//   warmup?     false to skip the warm-up
//   target      minimum ratio API req/s ÷ baseline req/s, or null: reported with no target
//
// Every probe and every measured response must be 2xx; anything else makes the scenario INVALID.
import { randomUUID } from 'node:crypto';
import {
  registerStudent,
  seedBookingTutors,
  seedCatalogue,
  seedConversationReader,
  seedMessagePairs,
  seedPayableBookings,
  seedSlotsTutor,
} from './fixtures.mjs';

const bearer = (ctx) => ({ authorization: `Bearer ${ctx.student.token}` });
const json = { 'content-type': 'application/json' };

export const scenarios = [
  {
    name: 'health-live',
    method: 'GET',
    path: '/health/live',
    baseline: { path: '/health/live' },
    target: null,
  },
  {
    name: 'health-ready',
    // SELECT 1 on PostgreSQL and PING on Redis (when REDIS_URL is set).
    method: 'GET',
    path: '/health/ready',
    baseline: { path: '/health/ready' },
    target: null,
  },
  {
    name: 'users-me',
    // The token checked in full, the account's state and its profile row.
    method: 'GET',
    path: '/api/v1/users/me',
    headers: bearer,
    setup: registerStudent,
    baseline: { path: '/users/me' },
    target: 0.8,
  },
  {
    name: 'tutors-by-subject',
    // One page of approved tutors of a subject, best rated first, out of 10,000.
    method: 'GET',
    path: '/api/v1/tutors?subject=bench-subject-3&sort=-rating',
    setup: seedCatalogue,
    baseline: { path: '/tutors?subject=bench-subject-3&sort=-rating' },
    target: 0.8,
  },
  {
    name: 'tutors-text-search',
    method: 'GET',
    path: '/api/v1/tutors?q=word42',
    setup: seedCatalogue,
    baseline: { path: '/tutors?q=word42' },
    target: 0.8,
  },
  {
    name: 'login',
    // One argon2id verification per request: CPU-bound, so few connections.
    method: 'POST',
    path: '/api/v1/auth/login',
    headers: json,
    body: (ctx) => JSON.stringify({ email: ctx.student.email, password: ctx.student.password }),
    setup: registerStudent,
    baseline: { path: '/auth/login' },
    connections: 4,
    target: 0.8,
  },
  {
    name: 'slots-31-days',
    // 31 days of free one-hour slots of a tutor with 200 bookings. The baseline reads the same
    // rows, computes the same slots with the same function and writes the same JSON.
    method: 'GET',
    path: (ctx) =>
      `/api/v1/tutors/${ctx.slotsTutor}/slots?from=${ctx.from}&to=${ctx.to}&duration=60`,
    setup: seedSlotsTutor,
    baseline: {
      path: (ctx) => `/tutors/${ctx.slotsTutor}/slots?from=${ctx.from}&to=${ctx.to}&duration=60`,
    },
    target: 0.8,
  },
  {
    name: 'book-free-slots',
    // Each request books the next free hour of an open tutor as a signed-in student. The
    // baseline runs the same checks and statements (the booking with its history row and the
    // outbox row, in one transaction) for student/tutor pairs of its own. Requests go round-robin
    // over several pairs (see seedBookingTutors).
    method: 'POST',
    path: '/api/v1/bookings',
    headers: json,
    nextRequest: (ctx, side) => {
      const pairs = side === 'api' ? ctx.bookingPairs : ctx.baselineBookingPairs;
      const n = (ctx.booked[side] += 1);
      const { tutor, student } = pairs[n % pairs.length];
      const hour = Math.floor(n / pairs.length);
      const startsAt = new Date(ctx.bookingEpoch + (24 + hour) * 3_600_000).toISOString();
      return {
        headers: bearer({ student }),
        body: JSON.stringify({
          tutorId: tutor,
          subjectId: ctx.subject,
          startsAt,
          durationMinutes: 60,
        }),
      };
    },
    setup: async (ctx) => {
      await seedBookingTutors(ctx);
      ctx.booked = { api: 0, baseline: 0 };
      ctx.bookingEpoch = Math.ceil(Date.now() / 3_600_000) * 3_600_000;
    },
    baseline: { path: '/bookings' },
    connections: 10,
    target: 0.8,
  },
  {
    name: 'pay-and-confirm',
    // Per pass, on a distinct pending_payment booking and as its student: POST /payments, then
    // POST /payments/:id/confirm with the sandbox's succeeding card, each under a fresh
    // Idempotency-Key. One row for the pair: requests/s and latencies count both requests. The
    // baseline does the same statements (idempotency claim and record, booking read, payment,
    // then in one transaction the locked payment, the booking re-check, the sandbox's webhook job,
    // the payment update, the ledger posting and the outbox row, and the nudge after the commit).
    sequence: (ctx, side) => {
      const prefix = side === 'api' ? '/api/v1' : '';
      const headers = (student) => ({
        ...json,
        ...bearer({ student }),
        'idempotency-key': randomUUID(),
      });
      return [
        {
          method: 'POST',
          path: `${prefix}/payments`,
          request: (state) => {
            const booking = ctx.nextPayableBooking(side);
            state.student = booking.student;
            return {
              headers: headers(booking.student),
              body: JSON.stringify({ bookingId: booking.id }),
            };
          },
          onResponse: (state, status, body) => {
            if (status === 201) state.paymentId = JSON.parse(body).id;
          },
        },
        {
          method: 'POST',
          // A create that failed leaves no payment: the confirm then fails too (and counts).
          path: `${prefix}/payments/none/confirm`,
          request: (state) => ({
            path: `${prefix}/payments/${state.paymentId ?? 'none'}/confirm`,
            headers: headers(state.student ?? ctx.payableBookings[side][0].student),
            body: JSON.stringify({ paymentMethod: 'pm_card_visa' }),
          }),
        },
      ];
    },
    setup: seedPayableBookings,
    // Fewer connections than the API's database pool (DATABASE_POOL_SIZE, 10): see bench/README.md.
    connections: 8,
    target: 0.8,
  },
  {
    name: 'conversations-list',
    // The first page (20) of a student's 30 conversations, each with its last message and unread
    // count: the token and account state, then the API's one list statement, on both sides.
    method: 'GET',
    path: '/api/v1/conversations?limit=20',
    headers: (ctx) => ({ authorization: `Bearer ${ctx.conversationReader.token}` }),
    setup: seedConversationReader,
    baseline: { path: '/conversations?limit=20' },
    target: 0.8,
  },
  {
    name: 'send-message',
    // Each request sends a message as the next of many students (the API allows 30 a minute
    // each) in its conversation with a tutor the pair has a confirmed booking with, so the body
    // passes unmasked. The baseline does the same: the token and account state, the rate-limit
    // counter in Redis, then in one transaction the locked conversation, the message, the
    // MessageSent outbox row and the recipient's feed item, and after the commit the outbox nudge
    // and the feed publication.
    sequence: (ctx, side) => {
      const prefix = side === 'api' ? '/api/v1' : '';
      const body = JSON.stringify({
        body: 'Thanks! Could we go through chapter 3 on Tuesday at five?\nI will bring the exercises.',
      });
      return [
        {
          method: 'POST',
          path: `${prefix}/conversations/none/messages`,
          request: () => {
            const { conversationId, sender } = ctx.nextMessagePair(side);
            return {
              path: `${prefix}/conversations/${conversationId}/messages`,
              headers: { ...json, authorization: `Bearer ${sender.token}` },
              body,
            };
          },
        },
      ];
    },
    setup: seedMessagePairs,
    connections: 10,
    target: 0.8,
  },
];
