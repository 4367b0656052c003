// The billing context's public API. Its events have their own entry point, `@etutors/billing/events`,
// so a subscriber never loads this module.
export { BillingModule } from './billing.module.js';
export { BillingHttpModule } from './billing-http.module.js';
export { BILLING_ENTITIES } from './billing.entities.js';
export {
  dataKeyRotationOver,
  type KeyRotationFailure,
  type KeyRotationReport,
} from './application/data-key-rotation.js';
export {
  seedBilling,
  type BillingSeedBooking,
  type SeededPayment,
  type SeededRefund,
} from './infrastructure/billing.seeder.js';
export type { SeededPayout } from './infrastructure/payouts.seeder.js';
