export const BOOKING_STATUSES = [
  'pending_payment',
  // Paid, waiting for a tutor who confirms each request (request to book).
  'awaiting_tutor',
  'confirmed',
  'completed',
  // The student did not come; the tutor is paid as for a completed lesson.
  'no_show',
  'expired',
  'cancelled',
] as const;

export type BookingStatus = (typeof BOOKING_STATUSES)[number];

/** The statuses that hold the tutor's time (the exclusion constraints' `WHERE`). */
export const ACTIVE_STATUSES: readonly BookingStatus[] = [
  'pending_payment',
  'awaiting_tutor',
  'confirmed',
];
