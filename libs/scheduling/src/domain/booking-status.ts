export const BOOKING_STATUSES = [
  'pending_payment',
  'confirmed',
  'completed',
  'expired',
  'cancelled',
] as const;

export type BookingStatus = (typeof BOOKING_STATUSES)[number];

/** The statuses that hold the tutor's time (the exclusion constraints' `WHERE`). */
export const ACTIVE_STATUSES: readonly BookingStatus[] = ['pending_payment', 'confirmed'];
