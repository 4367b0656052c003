// The scheduling context's public API. For now: the events other contexts react to.
export {
  BookingCancelled,
  BookingConfirmed,
  BookingRescheduled,
  type BookingCancelledPayload,
  type BookingConfirmedPayload,
  type BookingRescheduledPayload,
  type MoneyPayload,
} from './events.js';
