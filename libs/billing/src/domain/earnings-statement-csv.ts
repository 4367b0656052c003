import { csvDocument } from '@etutors/platform';
import type { CurrencyStatement, EarningsStatement, StatementMonth } from './earnings-statement.js';
import { decimalMinorUnits } from './receipt-content.js';

export const STATEMENT_CSV_COLUMNS = [
  'currency',
  'type',
  'date',
  'booking_id',
  'payment_id',
  'payout_id',
  'gross',
  'fee',
  'net',
  'amount',
] as const;
type Column = (typeof STATEMENT_CSV_COLUMNS)[number];
type Row = Partial<Record<Column, string>>;

/** Balances are dated at the instant they are taken: the month's first moment, and the next's. */
function currencyRows(section: CurrencyStatement, month: StatementMonth): Row[] {
  const { currency, totals } = section;
  const money = (amount: number) => decimalMinorUnits(amount, currency);
  return [
    {
      type: 'opening_balance',
      date: month.from.toISOString(),
      amount: money(section.openingBalance),
    },
    ...section.lessons.map((lesson) => ({
      type: 'lesson',
      date: lesson.date.toISOString(),
      booking_id: lesson.bookingId,
      payment_id: lesson.paymentId,
      gross: money(lesson.gross),
      fee: money(lesson.fee),
      net: money(lesson.net),
      amount: money(lesson.net),
    })),
    // Signed as they act on the balance, so a column's lines add up to its total.
    ...section.refunds.map((refund) => ({
      type: 'refund',
      date: refund.date.toISOString(),
      booking_id: refund.bookingId ?? '',
      payment_id: refund.paymentId,
      gross: money(-refund.refunded),
      fee: money(-refund.feeReturned),
      net: money(-refund.amount),
      amount: money(-refund.amount),
    })),
    ...section.payouts.map((payout) => ({
      type: 'payout',
      date: payout.date.toISOString(),
      payout_id: payout.payoutId,
      amount: money(-payout.amount),
    })),
    {
      type: 'lessons_total',
      gross: money(totals.gross),
      fee: money(totals.fee),
      net: money(totals.net),
      amount: money(totals.net),
    },
    { type: 'refunds_total', amount: money(-totals.refunds) },
    { type: 'payouts_total', amount: money(-totals.payouts) },
    // Pending became available: shown for information, the balance does not move.
    { type: 'released_total', amount: money(totals.released) },
    {
      type: 'closing_balance',
      date: month.to.toISOString(),
      amount: money(section.closingBalance),
    },
  ].map((row) => ({ currency, ...row }));
}

/**
 * The statement as CSV: a header, then per currency its opening balance, one row per lesson,
 * refund and payout, the totals and the closing balance. Money is a plain decimal in the row's
 * currency; refunds and payouts are negative, as they reduce what is owed. Written by the
 * platform's CSV writer (RFC 4180, CRLF, text that looks like a formula escaped).
 */
export function earningsStatementCsv(statement: EarningsStatement): string {
  const rows = statement.currencies.flatMap((section) => currencyRows(section, statement.month));
  return csvDocument(
    STATEMENT_CSV_COLUMNS,
    rows.map((row) => STATEMENT_CSV_COLUMNS.map((column) => row[column])),
  );
}

export const statementFileName = (statement: EarningsStatement, extension: 'csv' | 'pdf') =>
  `statement-${statement.month.label}.${extension}`;
