import type { SqlQueryable } from '@etutors/platform';
import type { PayoutDestination } from './payment-provider.js';

/**
 * Where each tutor's payouts go. Payout runs depend on this port only; payout accounts implement
 * it, decrypting the stored IBAN for the one provider call that needs it.
 */
export abstract class PayoutDestinations {
  /** The tutor's payout destination, or null when they have no payout account. */
  abstract destinationOf(tutorId: string, via?: SqlQueryable): Promise<PayoutDestination | null>;
}
