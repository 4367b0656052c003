import { randomUUID } from 'node:crypto';
import type { TestApp } from '../../support/test-app.js';

/**
 * Writes analytics rows straight in SQL, so the read side can be tested with figures chosen
 * exactly (the projections that fill these tables from events have their own tests).
 */
export function analyticsRows(t: TestApp) {
  const insert = async (table: string, row: Record<string, unknown>) => {
    const columns = Object.keys(row);
    await t.dataSource.query(
      `INSERT INTO analytics.${table} (${columns.join(', ')})
       VALUES (${columns.map((_, index) => `$${index + 1}`).join(', ')})`,
      Object.values(row),
    );
  };

  return {
    id: () => randomUUID(),

    dailyStats: (
      day: string,
      tutorId: string,
      currency: string,
      figures: Partial<{
        bookings_created: number;
        bookings_confirmed: number;
        bookings_cancelled: number;
        confirmed_cancelled: number;
        lessons_completed: number;
        completed_minutes: number;
        booked_minutes: number;
        gross: number;
        platform_fees: number;
        refunds: number;
        fees_reversed: number;
      }>,
    ) => insert('daily_tutor_stats', { day, tutor_id: tutorId, currency, ...figures }),

    dailyReviews: (day: string, tutorId: string, reviews: number, ratingSum: number) =>
      insert('daily_tutor_reviews', { day, tutor_id: tutorId, reviews, rating_sum: ratingSum }),

    active: (day: string, userId: string, role: 'student' | 'tutor') =>
      insert('daily_activity', { day, user_id: userId, role }),

    user: (registeredAt: string, roles: string[] = ['student'], userId = randomUUID()) =>
      insert('users', { user_id: userId, roles, registered_at: registeredAt }),

    availability: (tutorId: string, effectiveAt: string, weeklyMinutes: number) =>
      insert('tutor_availability', {
        tutor_id: tutorId,
        effective_at: effectiveAt,
        weekly_minutes: weeklyMinutes,
      }),

    booking: (row: {
      tutorId: string;
      studentId: string;
      currency?: string;
      price?: number;
      startsAt?: string;
      requestedAt?: string;
      confirmedAt?: string;
      cancelledAt?: string;
      completedAt?: string;
    }) => {
      const startsAt = row.startsAt ?? row.requestedAt ?? row.completedAt ?? '2030-01-01T10:00:00Z';
      return insert('bookings', {
        booking_id: randomUUID(),
        tutor_id: row.tutorId,
        student_id: row.studentId,
        starts_at: startsAt,
        ends_at: new Date(Date.parse(startsAt) + 3_600_000).toISOString(),
        price_amount: row.price ?? 4000,
        currency: row.currency ?? 'USD',
        requested_at: row.requestedAt ?? null,
        confirmed_at: row.confirmedAt ?? null,
        cancelled_at: row.cancelledAt ?? null,
        completed_at: row.completedAt ?? null,
      });
    },

    payment: (row: {
      tutorId: string;
      currency: string;
      gross: number;
      platformFee: number;
      succeededAt: string;
      paymentId?: string;
    }) =>
      insert('payments', {
        payment_id: row.paymentId ?? randomUUID(),
        booking_id: randomUUID(),
        tutor_id: row.tutorId,
        student_id: randomUUID(),
        currency: row.currency,
        gross: row.gross,
        platform_fee: row.platformFee,
        succeeded_at: row.succeededAt,
      }),

    refund: (row: {
      tutorId: string;
      currency: string;
      amount: number;
      feeReversed: number;
      refundedAt: string;
    }) =>
      insert('refunds', {
        refund_id: randomUUID(),
        payment_id: randomUUID(),
        booking_id: randomUUID(),
        tutor_id: row.tutorId,
        student_id: randomUUID(),
        currency: row.currency,
        amount: row.amount,
        fee_reversed: row.feeReversed,
        source: 'admin',
        refunded_at: row.refundedAt,
      }),
  };
}
