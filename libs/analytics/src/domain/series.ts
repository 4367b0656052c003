/** What a time series can count or add up. */
export const SERIES_METRICS = [
  'bookings_created',
  'bookings_confirmed',
  'bookings_cancelled',
  'lessons_completed',
  'new_users',
  'gross',
  'platform_fees',
  'refunds',
] as const;
export type SeriesMetric = (typeof SERIES_METRICS)[number];

/** Money metrics are per currency: they need one, and are never added across currencies. */
export const MONEY_METRICS: readonly SeriesMetric[] = ['gross', 'platform_fees', 'refunds'];

/** Metrics that belong to no currency (a user has none). */
export const CURRENCYLESS_METRICS: readonly SeriesMetric[] = ['new_users'];

export const SERIES_INTERVALS = ['day', 'week', 'month'] as const;
export type SeriesInterval = (typeof SERIES_INTERVALS)[number];

export interface SeriesPoint {
  /** The instant the local bucket starts. */
  bucket: Date;
  value: number;
}
