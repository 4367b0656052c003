import { DAY_MS } from '@etutors/platform';
import type { Period } from './period.js';

/** A tutor's weekly open minutes from `effectiveAt` until the next change. */
export interface AvailabilityChange {
  effectiveAt: Date;
  weeklyMinutes: number;
}

/**
 * The minutes a tutor was open for booking over `period`: for each stretch of constant weekly
 * availability, its weekly minutes × the days it overlaps the period ÷ 7. Before the first
 * change nothing was open.
 */
export function availableMinutes(changes: readonly AvailabilityChange[], period: Period): number {
  const sorted = [...changes].sort((a, b) => a.effectiveAt.getTime() - b.effectiveAt.getTime());
  let total = 0;
  sorted.forEach((change, index) => {
    const until = sorted[index + 1]?.effectiveAt.getTime() ?? Infinity;
    const start = Math.max(change.effectiveAt.getTime(), period.from.getTime());
    const end = Math.min(until, period.to.getTime());
    if (end > start) total += (change.weeklyMinutes * (end - start)) / DAY_MS / 7;
  });
  return total;
}

/** Booked ÷ available minutes, to four decimals; null when the tutor was never open. */
export function utilization(bookedMinutes: number, available: number): number | null {
  if (available <= 0) return null;
  return Math.round((bookedMinutes / available) * 10_000) / 10_000;
}
