/** What a payout run pays a tutor in one currency. */
export interface PlannedPayout {
  currency: string;
  amount: number;
}

/**
 * Which of a tutor's balances a run pays out: each currency whose whole available balance reaches
 * the minimum, when the tutor has somewhere to send it. A negative or small balance waits: later
 * releases settle a clawback first, and a payout is never sent for less than it covers.
 */
export function payoutPlan(
  balances: readonly { currency: string; available: number }[],
  minimum: number,
  hasAccount: boolean,
): PlannedPayout[] {
  if (!hasAccount) return [];
  return balances
    .filter((balance) => balance.available > 0 && balance.available >= minimum)
    .map((balance) => ({ currency: balance.currency, amount: balance.available }));
}

/**
 * The ISO 8601 week `at` falls in (UTC), as `2026-W03`: a scheduled run's key, so every
 * instance's weekly schedule makes one run per week.
 */
export function isoWeek(at: Date): string {
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  // The week belongs to the year of its Thursday.
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}
