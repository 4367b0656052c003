import { MINUTE_MS } from '@etutors/platform';

export type CancelledBy = 'student' | 'tutor' | 'admin';

const FULL_REFUND_NOTICE_MS = 24 * 60 * MINUTE_MS;

/**
 * The refund for a cancelled booking, in minor units of its price: the tutor (or an admin)
 * cancelling refunds in full; a student refunds in full at least 24 h before the start, half
 * (rounded down to the minor unit) later, nothing once it has started.
 */
export function refundOnCancellation(input: {
  cancelledBy: CancelledBy;
  price: number;
  startsAt: number;
  now: number;
}): number {
  if (input.cancelledBy !== 'student') return input.price;
  const notice = input.startsAt - input.now;
  if (notice >= FULL_REFUND_NOTICE_MS) return input.price;
  if (notice > 0) return Math.floor(input.price / 2);
  return 0;
}
