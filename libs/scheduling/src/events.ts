import { defineEvent } from '@etutors/platform';

export interface MoneyPayload {
  amount: number;
  currency: string;
}

/** A booking was paid for: a lesson now exists on both calendars. */
export interface BookingConfirmedPayload {
  bookingId: string;
  tutorId: string;
  studentId: string;
  subjectId: string;
  startsAt: string;
  endsAt: string;
  price: MoneyPayload;
}

export interface BookingCancelledPayload {
  bookingId: string;
  tutorId: string;
  studentId: string;
  cancelledBy: 'student' | 'tutor' | 'admin';
  cancelledById: string;
  reason: string | null;
  refund: MoneyPayload;
  /** Whether the booking had been confirmed (paid) before it was cancelled. */
  wasConfirmed: boolean;
}

export interface BookingRescheduledPayload {
  bookingId: string;
  tutorId: string;
  studentId: string;
  startsAt: string;
  endsAt: string;
  previousStartsAt: string;
  previousEndsAt: string;
}

export const BookingConfirmed = defineEvent<BookingConfirmedPayload>(
  'scheduling.booking.confirmed',
);
export const BookingCancelled = defineEvent<BookingCancelledPayload>(
  'scheduling.booking.cancelled',
);
export const BookingRescheduled = defineEvent<BookingRescheduledPayload>(
  'scheduling.booking.rescheduled',
);
