// The scheduling context's public API: its modules, entity list and events.
export { SchedulingModule } from './scheduling.module.js';
export { SchedulingHttpModule } from './scheduling-http.module.js';
export { seedScheduling } from './infrastructure/scheduling.seeder.js';
export { SCHEDULING_ENTITIES } from './scheduling.entities.js';
export {
  BookingCancelled,
  BookingConfirmed,
  BookingRescheduled,
  BookingRequested,
  BookingExpired,
  BookingPaymentAfterExpiry,
  BookingCompleted,
  BookingReminderDue,
  type BookingCancelledPayload,
  type BookingConfirmedPayload,
  type BookingRescheduledPayload,
  type MoneyPayload,
  type BookingRequestedPayload,
  type BookingExpiredPayload,
  type BookingPaymentAfterExpiryPayload,
  type BookingCompletedPayload,
  type BookingReminderDuePayload,
} from './events.js';
