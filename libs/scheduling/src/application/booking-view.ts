import type { BookingEntity, BookingHistoryEntity } from '../domain/booking.entity.js';

export interface BookingView {
  id: string;
  status: BookingEntity['status'];
  tutorId: string;
  studentId: string;
  subjectId: string;
  startsAt: string;
  endsAt: string;
  price: { amount: number; currency: string };
  holdExpiresAt: string;
  refund?: { amount: number; currency: string };
  cancelledBy?: string;
  history?: {
    from: string | null;
    to: string;
    actorId: string | null;
    reason: string | null;
    at: string;
  }[];
}

export const toBookingView = (
  booking: BookingEntity,
  history?: BookingHistoryEntity[],
): BookingView => ({
  id: booking.id,
  status: booking.status,
  tutorId: booking.tutorId,
  studentId: booking.studentId,
  subjectId: booking.subjectId,
  startsAt: booking.startsAt.toISOString(),
  endsAt: booking.endsAt.toISOString(),
  price: { amount: booking.priceAmount, currency: booking.currency.trim() },
  holdExpiresAt: booking.holdExpiresAt.toISOString(),
  ...(booking.status === 'cancelled'
    ? {
        refund: { amount: booking.refundAmount ?? 0, currency: booking.currency.trim() },
        cancelledBy: booking.cancelledBy ?? undefined,
      }
    : {}),
  ...(history
    ? {
        history: history.map((entry) => ({
          from: entry.fromStatus,
          to: entry.toStatus,
          actorId: entry.actorId,
          reason: entry.reason,
          at: entry.at.toISOString(),
        })),
      }
    : {}),
});

/** The facts of a booking that its events carry. */
export const bookingFacts = (booking: BookingEntity) => ({
  bookingId: booking.id,
  tutorId: booking.tutorId,
  studentId: booking.studentId,
  subjectId: booking.subjectId,
  startsAt: booking.startsAt.toISOString(),
  endsAt: booking.endsAt.toISOString(),
  price: { amount: booking.priceAmount, currency: booking.currency.trim() },
});
