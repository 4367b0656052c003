// The demo data of `npm run seed` and `npm run dev`: every context's seeder, in order.
import { demoEvent, seedAnalytics } from '@etutors/analytics';
import { seedBilling } from '@etutors/billing';
import { PaymentSucceeded, RefundIssued } from '@etutors/billing/events';
import { seedIdentity, type DemoUsers } from '@etutors/identity';
import { UserRegistered } from '@etutors/identity/events';
import { seedMessaging } from '@etutors/messaging';
import { SqlReader, type DomainEvent } from '@etutors/platform';
import { seedScheduling } from '@etutors/scheduling';
import {
  AvailabilityChanged,
  BookingCancelled,
  BookingConfirmed,
  BookingExpired,
  BookingRequested,
} from '@etutors/scheduling/events';
import {
  seedTutoring,
  seedTutoringLessons,
  TutoringQueries,
  type SeededLessons,
} from '@etutors/tutoring';
import { LessonCompleted, ReviewSubmitted } from '@etutors/tutoring/events';
import type { DataSource } from 'typeorm';

type Schedule = Awaited<ReturnType<typeof seedScheduling>>;
type Billing = Awaited<ReturnType<typeof seedBilling>>;

/**
 * Runs every context's seeder in dependency order, handing each the facts it needs the way events
 * would (bookings → lessons, payments and refunds; bookings, payments and refunds → conversations
 * and notifications; all of it, told as its events, → analytics); returns the lines worth printing: what was made, the demo accounts, and
 * what to try first.
 */
export async function seedDemoData(dataSource: DataSource, apiUrl?: string): Promise<string[]> {
  const users = await seedIdentity(dataSource);
  const catalogue = await seedTutoring(dataSource, users.tutors, users.students);
  const schedule = await seedScheduling(dataSource, catalogue.tutors, users.students);
  const lessons = await seedTutoringLessons(
    dataSource,
    schedule.bookings,
    users.tutors,
    users.students,
  );
  const people = [users.admin, ...users.tutors, ...users.students];
  const byId = new Map(people.map((person) => [person.id, person]));
  const tutoring = new TutoringQueries(new SqlReader(dataSource));
  const billing = await seedBilling(dataSource, schedule.bookings, {
    person: (id) => byId.get(id),
    subjectName: (id) => tutoring.subjectName(id),
  });
  const analytics = await seedAnalytics(dataSource, demoHistory(users, schedule, lessons, billing));
  const student = users.students[0]!;
  const messaging = await seedMessaging(dataSource, {
    people,
    approvedTutorIds: catalogue.tutors.map((tutor) => tutor.id),
    bookings: schedule.bookings,
    payments: billing.payments.map((payment) => ({ ...payment, at: payment.succeededAt })),
    refunds: billing.refunds.map((refund) => ({ ...refund, at: refund.createdAt })),
    studentId: student.id,
  });
  // The demo student's unpaid booking, soonest first, for them to pay.
  const now = new Date();
  const payable = schedule.bookings
    .filter(
      (booking) =>
        booking.studentId === student.id &&
        booking.status === 'pending_payment' &&
        booking.startsAt > now,
    )
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())[0];
  const paid = billing.payments.find((payment) => payment.studentId === student.id);
  const refunded = billing.refunds.find((refund) => refund.studentId === student.id);
  const paidTutor = billing.payout && byId.get(billing.payout.tutorId);
  return [
    ...catalogue.lines,
    ...schedule.lines,
    ...lessons.lines,
    ...billing.lines,
    ...messaging.lines,
    ...analytics,
    ...users.lines,
    ...tryFirst(apiUrl ?? `http://localhost:${process.env.PORT ?? 3000}`, {
      tutorId: catalogue.tutors[0]?.id,
      tutorEmail: users.tutors[0]?.email,
      payableBookingId: payable?.id,
      paymentId: paid?.id,
      refundedPaymentId: refunded?.paymentId,
      conversationId: messaging.conversation?.id,
      payout:
        billing.payout && paidTutor
          ? { tutorEmail: paidTutor.email, month: billing.payout.month }
          : undefined,
    }),
  ];
}

/** What the seeders made, told as the events it stands for, each at the moment it happened. */
function demoHistory(
  users: DemoUsers,
  schedule: Schedule,
  lessons: SeededLessons,
  billing: Billing,
): DomainEvent[] {
  const people = [users.admin, ...users.tutors, ...users.students];
  const registrations = people.map((person) =>
    demoEvent(UserRegistered, {
      at: person.registeredAt,
      aggregateId: person.id,
      actorId: person.id,
      payload: {
        userId: person.id,
        email: person.email,
        displayName: person.displayName,
        roles: [...person.roles],
        timezone: person.timezone,
      },
    }),
  );
  const availability = schedule.availability.map((saved) =>
    demoEvent(AvailabilityChanged, {
      at: saved.savedAt,
      aggregateId: saved.tutorId,
      actorId: saved.tutorId,
      payload: {
        tutorId: saved.tutorId,
        timezone: saved.timezone,
        weeklyMinutes: saved.weeklyMinutes,
      },
    }),
  );
  const bookings = schedule.bookings.flatMap((booking) => {
    const parties = {
      bookingId: booking.id,
      tutorId: booking.tutorId,
      studentId: booking.studentId,
    };
    const lesson = {
      ...parties,
      subjectId: booking.subjectId,
      startsAt: booking.startsAt.toISOString(),
      endsAt: booking.endsAt.toISOString(),
      price: booking.price,
    };
    const events: DomainEvent[] = [
      demoEvent(BookingRequested, {
        at: booking.createdAt,
        aggregateId: booking.id,
        actorId: booking.studentId,
        payload: { ...lesson, holdExpiresAt: booking.holdExpiresAt.toISOString() },
      }),
    ];
    if (booking.confirmedAt) {
      events.push(
        demoEvent(BookingConfirmed, {
          at: booking.confirmedAt,
          aggregateId: booking.id,
          payload: lesson,
        }),
      );
    }
    if (booking.cancelledAt) {
      const cancelledBy = booking.cancelledBy ?? 'student';
      const cancelledById = cancelledBy === 'tutor' ? booking.tutorId : booking.studentId;
      events.push(
        demoEvent(BookingCancelled, {
          at: booking.cancelledAt,
          aggregateId: booking.id,
          actorId: cancelledById,
          payload: {
            ...parties,
            cancelledBy,
            cancelledById,
            reason: booking.cancelReason,
            refund: { amount: booking.refundAmount ?? 0, currency: booking.price.currency },
            wasConfirmed: booking.confirmedAt !== null,
          },
        }),
      );
    }
    if (booking.expiredAt) {
      events.push(
        demoEvent(BookingExpired, {
          at: booking.expiredAt,
          aggregateId: booking.id,
          payload: parties,
        }),
      );
    }
    return events;
  });
  const completions = lessons.completed.map((lesson) =>
    demoEvent(LessonCompleted, {
      at: lesson.completedAt,
      aggregateId: lesson.id,
      actorId: lesson.tutorId,
      payload: {
        lessonId: lesson.id,
        bookingId: lesson.bookingId,
        tutorId: lesson.tutorId,
        studentId: lesson.studentId,
        completedAt: lesson.completedAt.toISOString(),
        completedBy: 'tutor',
      },
    }),
  );
  const reviews = lessons.reviews.map((review) =>
    demoEvent(ReviewSubmitted, {
      at: review.createdAt,
      aggregateId: review.id,
      actorId: review.studentId,
      payload: {
        reviewId: review.id,
        lessonId: review.lessonId,
        tutorId: review.tutorId,
        studentId: review.studentId,
        rating: review.rating,
        ratingAverage: review.ratingAverage,
        ratingCount: review.ratingCount,
      },
    }),
  );
  const payments = billing.payments.map((payment) =>
    demoEvent(PaymentSucceeded, {
      at: payment.succeededAt,
      aggregateId: payment.id,
      actorId: payment.studentId,
      payload: {
        paymentId: payment.id,
        bookingId: payment.bookingId,
        studentId: payment.studentId,
        tutorId: payment.tutorId,
        amount: payment.amount,
        currency: payment.currency,
        platformFee: payment.platformFee,
      },
    }),
  );
  const refunds = billing.refunds.map((refund) =>
    demoEvent(RefundIssued, {
      at: refund.createdAt,
      aggregateId: refund.id,
      payload: {
        refundId: refund.id,
        paymentId: refund.paymentId,
        bookingId: refund.bookingId,
        studentId: refund.studentId,
        tutorId: refund.tutorId,
        amount: refund.amount,
        currency: refund.currency,
        source: refund.source,
        reason: refund.reason,
        feeReversed: refund.feeReversed,
      },
    }),
  );
  return [
    ...registrations,
    ...availability,
    ...bookings,
    ...completions,
    ...reviews,
    ...payments,
    ...refunds,
  ];
}

function tryFirst(
  base: string,
  ids: {
    tutorId?: string;
    tutorEmail?: string;
    payableBookingId?: string;
    paymentId?: string;
    refundedPaymentId?: string;
    conversationId?: string;
    payout?: { tutorEmail: string; month: string };
  },
): string[] {
  const hour = 3600_000;
  const from = new Date(Math.ceil(Date.now() / hour) * hour).toISOString();
  const to = new Date(Date.parse(from) + 7 * 24 * hour).toISOString();
  return [
    'What to try first (Swagger UI at ' + `${base}/docs, "Authorize" with a login's accessToken):`,
    `  1. GET  /api/v1/tutors?sort=-rating                          the marketplace, best rated first`,
    ...(ids.tutorId
      ? [
          `  2. GET  /api/v1/tutors/${ids.tutorId}/slots?from=${from}&to=${to}&duration=60   free slots in Berlin hours`,
        ]
      : []),
    `  3. POST /api/v1/auth/login as sam.student@etutors.demo, then GET /api/v1/bookings and /api/v1/lessons`,
    `  4. POST /api/v1/bookings on a free slot (as Sam), then cancel it: the refund follows the policy`,
    `  5. As admin: GET /api/v1/admin/tutors?status=pending (a new profile and a pending edit), approve one`,
    `  6. POST /api/v1/auth/password/forgot, then read the token in the log or at GET ${base}/api/v1/dev/mailbox`,
    ...(ids.payableBookingId
      ? [
          `  7. Pay Sam's unpaid booking: POST /api/v1/payments {"bookingId":"${ids.payableBookingId}"},`,
          `     then POST /api/v1/payments/<id>/confirm {"paymentMethod":"pm_card_visa"}: the booking is confirmed`,
          `     (each with an Idempotency-Key header of your choice; pm_card_declined fails, pm_card_3ds asks`,
          `     for 3-D Secure; the hold ends a day after the first seed)`,
        ]
      : []),
    `  8. As Sam: GET /api/v1/payments (paid lessons, one partly and one fully refunded after a cancellation)`,
    ...(ids.paymentId
      ? [
          `     and GET /api/v1/payments/${ids.paymentId}/receipt, the PDF receipt (seeded ones are rendered;`,
          `     a new payment's receipt appears once the jobs run: in-process in npm run dev, or the worker)`,
        ]
      : []),
    `  9. As admin: GET /api/v1/admin/ledger/accounts (clearing, tutors' pending, available and paid-out shares, revenue; sums to 0),`,
    ...(ids.refundedPaymentId
      ? [
          `     POST /api/v1/admin/payments/${ids.refundedPaymentId}/refunds {"amount":500,"reason":"Goodwill"}`,
          `     (with an Idempotency-Key): a partial refund of what is left of a payment, posted to the ledger`,
        ]
      : []),
    ` 10. As Sam: GET /api/v1/conversations (one unread message${ids.conversationId ? `; GET /api/v1/conversations/${ids.conversationId}/messages` : ''}),`,
    `     GET /api/v1/notifications?unread=true, and GET /api/v1/notifications/stream to watch new ones arrive`,
    ...(ids.payout
      ? [
          ` 11. Money out: POST /api/v1/auth/login as ${ids.payout.tutorEmail} (same password), then`,
          `     GET /api/v1/tutors/me/earnings (pending, available, paid out), GET /api/v1/tutors/me/payouts`,
          `     (last run's payout, sent, with its lessons) and GET /api/v1/tutors/me/statements?month=${ids.payout.month}`,
          `     (also with Accept: text/csv or application/pdf); every demo tutor has a payout account`,
          `     (GET /api/v1/tutors/me/payout-account). As admin: POST /api/v1/admin/payouts/run (202) pays`,
          `     every available balance of at least PAYOUT_MINIMUM; follow it at GET /api/v1/admin/payouts/runs/<id> and GET /api/v1/admin/payouts`,
        ]
      : []),
    ` 12. Analytics, as admin: GET /api/v1/admin/analytics/overview (the last 30 days; bookings, revenue per currency),`,
    `     GET /api/v1/admin/analytics/tutors (the tutor leaderboard), GET /api/v1/admin/analytics/timeseries?metric=bookings_created&interval=week`,
    `     (each also with Accept: text/csv)` +
      (ids.tutorEmail
        ? `; as ${ids.tutorEmail}: GET /api/v1/tutors/me/analytics (own lessons, earnings, rating)`
        : ''),
  ];
}
