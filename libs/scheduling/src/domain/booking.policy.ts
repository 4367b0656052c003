import type { BookingStatus } from './booking-status.js';
import type { Interval } from './interval.js';
import { slotProblem, type Availability, type SlotProblem } from './slots.js';

const TRANSITIONS: Record<BookingStatus, BookingStatus[]> = {
  pending_payment: ['awaiting_tutor', 'confirmed', 'expired', 'cancelled'],
  awaiting_tutor: ['confirmed', 'cancelled'],
  confirmed: ['completed', 'no_show', 'cancelled'],
  completed: [],
  no_show: [],
  expired: [],
  cancelled: [],
};

/**
 * Booking status moves only along `pending_payment → (awaiting_tutor →) confirmed → completed`
 * (or `no_show`), or to expired / cancelled.
 */
export const canTransition = (from: BookingStatus, to: BookingStatus) =>
  TRANSITIONS[from].includes(to);

/** The price of a lesson: hourly rate × duration, rounded to the minor unit. */
export const lessonPrice = (hourlyRate: number, durationMinutes: number) =>
  Math.round((hourlyRate * durationMinutes) / 60);

/** An unpaid hold lasts `holdMs`, but never past the lesson's start. */
export const holdExpiry = (now: number, start: number, holdMs: number) =>
  Math.min(now + holdMs, start);

/**
 * What the checks of one booking (or move) need to know about the tutor's calendar: the rules
 * and the time off around the lesson. Other bookings are not among them: overlaps are the
 * database's to refuse.
 */
export interface BookingRules {
  availability: Availability | null;
  timeOff: Interval[];
}

/** Why a lesson at `start` cannot be booked under `rules` at `now`, or null when it can. */
export function bookingProblem(
  rules: BookingRules,
  request: { start: number; durationMinutes: number; now: number },
): SlotProblem | null {
  if (request.start < request.now) return 'in_past';
  if (!rules.availability) return 'outside_availability';
  return slotProblem(rules.availability, rules.timeOff, [], request);
}
