export const PAYMENT_STATUSES = [
  'requires_confirmation',
  'requires_action',
  'succeeded',
  'failed',
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
