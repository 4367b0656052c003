// The billing context's public API. For now: the event contracts other contexts react to.
export { PaymentSucceeded, type PaymentSucceededPayload } from './events.js';
