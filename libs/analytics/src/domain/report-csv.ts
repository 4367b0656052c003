import { csvLine, type CsvValue } from '@etutors/platform';
import type { ReportType } from './report.js';

/** One CSV line of a report, ended with CRLF (the platform's RFC 4180 writer and escaping). */
export const reportLine = (cells: readonly CsvValue[]): string => `${csvLine(cells)}\r\n`;

/**
 * Each report's columns. Money is in minor units of the row's currency, never summed across
 * currencies. As on the analytics routes, `platform_fees` are those the platform kept (charged at
 * payment, less those refunds returned). The revenue report's `net` is gross less refunds (what
 * students paid in the end); the tutors report's is the tutor's: gross less fees kept and refunds.
 */
export const REPORT_COLUMNS: Record<ReportType, readonly string[]> = {
  revenue: ['day', 'currency', 'gross', 'platform_fees', 'refunds', 'net'],
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
  feesReversed: number;
}

export const revenueCells = (row: RevenueRow): CsvValue[] => [
  row.day,
  row.currency,
  row.gross,
  row.platformFees - row.feesReversed,
  row.refunds,
  row.gross - row.refunds,
];

export const bookingsCells = (row: BookingsRow): CsvValue[] => [
  row.day,
  row.created,
  row.confirmed,
  row.cancelled,
  row.completed,
];

export const tutorCells = (row: TutorRow): CsvValue[] => [
  row.tutorId,
  row.currency,
  row.bookings,
  row.lessons,
  row.cancellations,
  row.gross,
  row.platformFees - row.feesReversed,
  row.refunds,
  row.gross - (row.platformFees - row.feesReversed) - row.refunds,
];
