import type { ReportType } from './report.js';

/** A cell: text is quoted and guarded as needed; a number is written as it is. */
export type CsvCell = string | number;

/**
 * One RFC 4180 field. Text a spreadsheet would run as a formula (beginning with `=`, `+`, `-`,
 * `@`, a tab or a carriage return) gets a leading `'`; numbers are ours and stay numbers.
 */
export function csvCell(value: CsvCell): string {
  if (typeof value === 'number') return String(value);
  const guarded = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

/** One CSV line, ended with CRLF. */
export const csvLine = (cells: readonly CsvCell[]): string => `${cells.map(csvCell).join(',')}\r\n`;

/**
 * Each report's columns. Money is in minor units of the row's currency, never summed across
 * currencies. `net` is gross less refunds; `net_platform_fees` the fees less those refunds took
 * back.
 */
export const REPORT_COLUMNS: Record<ReportType, readonly string[]> = {
  revenue: [
    'day',
    'currency',
    'gross',
    'platform_fees',
    'refunds',
    'fees_reversed',
    'net',
    'net_platform_fees',
  ],
  bookings: ['day', 'created', 'confirmed', 'cancelled', 'completed'],
  tutors: [
    'tutor_id',
    'currency',
    'bookings',
    'lessons',
    'cancellations',
    'gross',
    'platform_fees',
    'refunds',
    'net',
  ],
};

/** A revenue row: one UTC day and currency in which money moved. */
export interface RevenueRow {
  day: string;
  currency: string;
  gross: number;
  platformFees: number;
  refunds: number;
  feesReversed: number;
}

/** A bookings row: one UTC day, every currency together (these are counts). */
export interface BookingsRow {
  day: string;
  created: number;
  confirmed: number;
  cancelled: number;
  completed: number;
}

/** A tutors row: one tutor and currency over the whole period. */
export interface TutorRow {
  tutorId: string;
  currency: string;
  bookings: number;
  lessons: number;
  cancellations: number;
  gross: number;
  platformFees: number;
  refunds: number;
}

export const revenueCells = (row: RevenueRow): CsvCell[] => [
  row.day,
  row.currency,
  row.gross,
  row.platformFees,
  row.refunds,
  row.feesReversed,
  row.gross - row.refunds,
  row.platformFees - row.feesReversed,
];

export const bookingsCells = (row: BookingsRow): CsvCell[] => [
  row.day,
  row.created,
  row.confirmed,
  row.cancelled,
  row.completed,
];

export const tutorCells = (row: TutorRow): CsvCell[] => [
  row.tutorId,
  row.currency,
  row.bookings,
  row.lessons,
  row.cancellations,
  row.gross,
  row.platformFees,
  row.refunds,
  row.gross - row.refunds,
];
