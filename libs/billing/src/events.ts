import { defineEvent } from '@etutors/platform';

/** A payment for a booking went through at the provider. */
export interface PaymentSucceededPayload {
  paymentId: string;
  bookingId: string;
  studentId: string;
  amount: number;
  currency: string;
}

export const PaymentSucceeded = defineEvent<PaymentSucceededPayload>('billing.payment.succeeded');
