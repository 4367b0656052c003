import { PaymentEntity } from './domain/payment.entity.js';
import { PayoutAccountEntity } from './domain/payout-account.entity.js';
import { PayoutRunEntity } from './domain/payout-run.entity.js';
import { PayoutEntity } from './domain/payout.entity.js';
import { ReceiptEntity } from './domain/receipt.entity.js';
import { RefundEntity } from './domain/refund.entity.js';

/** The billing context's TypeORM entities, for the one data source. */
export const BILLING_ENTITIES = [
  PaymentEntity,
  RefundEntity,
  ReceiptEntity,
  PayoutAccountEntity,
  PayoutRunEntity,
  PayoutEntity,
];
