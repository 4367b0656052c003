import type { BookingStatus } from './booking.entity.js';

const TRANSITIONS: Record<BookingStatus, BookingStatus[]> = {
  pending_payment: ['confirmed', 'expired', 'cancelled'],
  confirmed: ['completed', 'cancelled'],
  completed: [],
  expired: [],
  cancelled: [],
};

/** Booking status moves only along `pending_payment → confirmed → completed`, or to expired / cancelled. */
export const canTransition = (from: BookingStatus, to: BookingStatus) =>
  TRANSITIONS[from].includes(to);

/** The price of a lesson: hourly rate × duration, rounded to the minor unit. */
export const lessonPrice = (hourlyRate: number, durationMinutes: number) =>
  Math.round((hourlyRate * durationMinutes) / 60);
