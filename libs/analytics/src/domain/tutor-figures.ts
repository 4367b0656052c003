import { ratio } from './deltas.js';
import { availableMinutes, utilization, type AvailabilityChange } from './utilization.js';
import type { Period } from './period.js';

/** What the daily aggregates hold for one tutor over a period. */
export interface TutorTotals {
  tutorId: string;
  lessons: number;
  bookingsCreated: number;
  bookingsCancelled: number;
  bookedMinutes: number;
  reviews: number;
  ratingSum: number;
  money: TutorMoney[];
}

export interface TutorMoney {
  currency: string;
  gross: number;
  /** Platform fees kept: charged with payments, less the part returned with refunds. */
  fees: number;
  refunds: number;
}

export interface TutorFigures {
  tutorId: string;
  lessons: number;
  bookingsCreated: number;
  bookingsCancelled: number;
  /** Per currency: gross, fees kept, refunds and the tutor's net (gross − fees − refunds). */
  earnings: (TutorMoney & { net: number })[];
  /** Average stars of the reviews submitted in the period, to two decimals; null without any. */
  rating: number | null;
  reviews: number;
  /** Bookings cancelled in the period ÷ bookings created in it; null when none were created. */
  cancellationRate: number | null;
  bookedMinutes: number;
  availableMinutes: number;
  /** Booked ÷ available minutes; null when the tutor was never open in the period. */
  utilization: number | null;
}

export function tutorFigures(
  totals: TutorTotals,
  availability: readonly AvailabilityChange[],
  period: Period,
): TutorFigures {
  const available = availableMinutes(availability, period);
  return {
    tutorId: totals.tutorId,
    lessons: totals.lessons,
    bookingsCreated: totals.bookingsCreated,
    bookingsCancelled: totals.bookingsCancelled,
    earnings: [...totals.money]
      .sort((a, b) => a.currency.localeCompare(b.currency))
      .map((money) => ({ ...money, net: money.gross - money.fees - money.refunds })),
    rating: totals.reviews ? Math.round((totals.ratingSum / totals.reviews) * 100) / 100 : null,
    reviews: totals.reviews,
    cancellationRate: ratio(totals.bookingsCancelled, totals.bookingsCreated),
    bookedMinutes: totals.bookedMinutes,
    availableMinutes: Math.round(available),
    utilization: utilization(totals.bookedMinutes, available),
  };
}

export const LEADERBOARD_SORTS = [
  'lessons',
  'revenue',
  'rating',
  'cancellation_rate',
  'utilization',
] as const;
export type LeaderboardSort = (typeof LEADERBOARD_SORTS)[number];
export type SortOrder = 'asc' | 'desc';

/** The number a tutor is ranked by; null (no reviews, never open, ...) ranks last either way. */
function sortValue(figures: TutorFigures, sort: LeaderboardSort, currency?: string): number | null {
  switch (sort) {
    case 'lessons':
      return figures.lessons;
    case 'revenue':
      return figures.earnings.find((money) => money.currency === currency)?.gross ?? 0;
    case 'rating':
      return figures.rating;
    case 'cancellation_rate':
      return figures.cancellationRate;
    case 'utilization':
      return figures.utilization;
  }
}

/**
 * The leaderboard's order: by the chosen figure (revenue: gross in `currency`), tutors without
 * that figure last, ties by tutor id, so pages never overlap.
 */
export function rankTutors(
  tutors: readonly TutorFigures[],
  sort: LeaderboardSort,
  order: SortOrder,
  currency?: string,
): TutorFigures[] {
  const direction = order === 'asc' ? 1 : -1;
  return [...tutors].sort((a, b) => {
    const x = sortValue(a, sort, currency);
    const y = sortValue(b, sort, currency);
    if (x !== y) {
      if (x === null) return 1;
      if (y === null) return -1;
      return (x - y) * direction;
    }
    return a.tutorId < b.tutorId ? -1 : a.tutorId > b.tutorId ? 1 : 0;
  });
}
