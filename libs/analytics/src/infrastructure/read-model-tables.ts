/** The facts merged from events, one row per user, booking, payment, refund, review or tutor. */
export const FACT_TABLES = [
  'analytics.users',
  'analytics.bookings',
  'analytics.payments',
  'analytics.refunds',
  'analytics.reviews',
  'analytics.tutor_availability',
] as const;

/**
 * Every read model the projections write: the facts and the daily aggregates made from them.
 * Reports are documents, not projections, and are not among them.
 */
export const READ_MODEL_TABLES = [
  ...FACT_TABLES,
  'analytics.daily_tutor_stats',
  'analytics.daily_tutor_reviews',
  'analytics.daily_activity',
] as const;
