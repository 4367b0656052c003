/** How a number moved from the previous period to this one. */
export interface Delta {
  absolute: number;
  /** (current − previous) ÷ previous, to four decimals; null when the previous is 0. */
  relative: number | null;
}

/** A ratio to four decimal places (0.1234 is 12.34 %). */
export const ratio = (part: number, whole: number): number | null =>
  whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;

export const deltaOf = (current: number, previous: number): Delta => ({
  absolute: current - previous,
  relative: ratio(current - previous, previous),
});

/** The delta of every number of a record of numbers. */
export function deltasOf<Key extends string>(
  current: Record<Key, number>,
  previous: Record<Key, number>,
): Record<Key, Delta> {
  const keys = Object.keys(current) as Key[];
  return Object.fromEntries(
    keys.map((key) => [key, deltaOf(current[key], previous[key])]),
  ) as Record<Key, Delta>;
}

/**
 * Deltas of per-currency figures, for every currency of either period (a currency missing from
 * one period counts as zeros there), ordered by currency. Never summed across currencies.
 */
export function currencyDeltasOf<Key extends string>(
  current: ({ currency: string } & Record<Key, number>)[],
  previous: ({ currency: string } & Record<Key, number>)[],
  keys: readonly Key[],
): ({ currency: string } & Record<Key, Delta>)[] {
  const zero = Object.fromEntries(keys.map((key) => [key, 0])) as Record<Key, number>;
  const pick = (row: Record<Key, number> | undefined) =>
    Object.fromEntries(keys.map((key) => [key, row?.[key] ?? 0])) as Record<Key, number>;
  const currencies = [...new Set([...current, ...previous].map((row) => row.currency))].sort();
  return currencies.map((currency) => ({
    currency,
    ...deltasOf(
      pick(current.find((row) => row.currency === currency) ?? zero),
      pick(previous.find((row) => row.currency === currency) ?? zero),
    ),
  }));
}
