/**
 * Receipt numbers run per calendar year (UTC) without gaps: `2026-000001`, `2026-000002`, …
 * Six digits at least; a year with more receipts simply gets longer numbers.
 */
export const receiptNumber = (year: number, sequence: number): string =>
  `${year}-${String(sequence).padStart(6, '0')}`;

/** The numbering year of a receipt issued at `issuedAt`. */
export const receiptYear = (issuedAt: Date): number => issuedAt.getUTCFullYear();
