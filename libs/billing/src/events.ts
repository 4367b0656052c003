import { defineEvent } from '@etutors/platform';
import type { RefundSource } from './domain/refund.entity.js';

/** A payment for a booking went through at the provider: scheduling confirms the booking. */
export interface PaymentSucceededPayload {
  paymentId: string;
  bookingId: string;
  studentId: string;
  tutorId: string;
  amount: number;
  currency: string;
  /** The platform's commission on it, in the same currency. */
  platformFee: number;
}

/** A confirmation attempt was declined; the booking stays payable until its hold ends. */
export interface PaymentFailedPayload {
  paymentId: string;
  bookingId: string;
  studentId: string;
  declineCode: string;
  reason: string;
}

export const PaymentSucceeded = defineEvent<PaymentSucceededPayload>('billing.payment.succeeded');
export const PaymentFailed = defineEvent<PaymentFailedPayload>('billing.payment.failed');

/**
 * Money went back to the student: by the cancellation policy, for a late payment, by an admin,
 * on a resolved case, or through their bank on a lost dispute (`chargeback`).
 */
export interface RefundIssuedPayload {
  refundId: string;
  paymentId: string;
  bookingId: string;
  studentId: string;
  tutorId: string;
  amount: number;
  currency: string;
  source: RefundSource;
  reason: string;
  /** The part of `amount` that came out of the platform's fee (the rest came out of the tutor's share). */
  feeReversed: number;
}

export const RefundIssued = defineEvent<RefundIssuedPayload>('billing.refund.issued');

/** A completed lesson's held share became the tutor's to be paid (pending → available). */
export interface EarningsReleasedPayload {
  paymentId: string;
  bookingId: string;
  tutorId: string;
  amount: number;
  currency: string;
}

export const EarningsReleased = defineEvent<EarningsReleasedPayload>('billing.earnings.released');

/** Earnings went out to a tutor's payout account. */
export interface PayoutSentPayload {
  payoutId: string;
  tutorId: string;
  amount: number;
  currency: string;
}

export const PayoutSent = defineEvent<PayoutSentPayload>('billing.payout.sent');

/**
 * A tutor's payout account was added or its details changed, so the tutor can be told (and can
 * react if it was not them). Carries only what the tutor is shown of the IBAN, never the IBAN.
 */
export interface PayoutAccountChangedPayload {
  tutorId: string;
  ibanLast4: string;
  country: string;
  /** Whether the tutor had no payout account before. */
  added: boolean;
}

export const PayoutAccountChanged = defineEvent<PayoutAccountChangedPayload>(
  'billing.payout_account.changed',
);
