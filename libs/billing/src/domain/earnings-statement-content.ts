import { DateTime } from 'luxon';
import type { EarningsStatement } from './earnings-statement.js';
import { formatMinorUnits } from './receipt-content.js';

/** A table of the document: its columns (the last ones are amounts, right-aligned) and rows. */
export interface StatementTable {
  title: string;
  columns: string[];
  /** How many of the last columns hold money. */
  amountColumns: number;
  rows: string[][];
  /** The closing row of sums. */
  total: string[];
  /** Said instead of an empty table. */
  empty: string;
}

/** What the statement document shows, in order, per currency: a summary, then its tables. */
export interface StatementContent {
  title: string;
  heading: string;
  subheading: string;
  lines: { label: string; value: string }[];
  sections: {
    heading: string;
    summary: { label: string; value: string }[];
    tables: StatementTable[];
  }[];
  /** Shown when the tutor has never earned anything. */
  empty: string | null;
}

const BALANCE_MEANING =
  'what is owed to you, pending and available; negative when refunds took back more than you had earned';

const day = (at: Date) => DateTime.fromJSDate(at, { zone: 'UTC' }).toFormat('yyyy-LL-dd HH:mm');

/** The statement's wording: pure, so what the PDF says is tested without drawing one. */
export function earningsStatementContent(
  statement: EarningsStatement,
  facts: { platformName: string; tutorName: string; issuedAt: Date },
): StatementContent {
  const { month } = statement;
  const monthName = DateTime.fromJSDate(month.from, { zone: 'UTC' })
    .setLocale('en')
    .toFormat('LLLL yyyy');
  const lastDay = DateTime.fromJSDate(month.to, { zone: 'UTC' })
    .minus({ days: 1 })
    .toFormat('yyyy-LL-dd');
  return {
    title: `${facts.platformName} earnings statement ${month.label}`,
    heading: facts.platformName,
    subheading: `Earnings statement, ${monthName}`,
    lines: [
      { label: 'Tutor', value: facts.tutorName },
      { label: 'Period (UTC)', value: `${month.label}-01 to ${lastDay}` },
      {
        label: 'Issued',
        value:
          DateTime.fromJSDate(facts.issuedAt, { zone: 'UTC' }).toFormat('yyyy-LL-dd HH:mm') +
          ' UTC',
      },
      { label: 'Balances', value: BALANCE_MEANING },
    ],
    sections: statement.currencies.map((section) => {
      const money = (amount: number) => formatMinorUnits(amount, section.currency);
      const { totals } = section;
      return {
        heading: section.currency,
        summary: [
          { label: 'Opening balance', value: money(section.openingBalance) },
          { label: 'Lessons (net)', value: money(totals.net) },
          { label: 'Refunds', value: money(-totals.refunds) },
          { label: 'Payouts', value: money(-totals.payouts) },
          { label: 'Closing balance', value: money(section.closingBalance) },
          { label: 'Released to available', value: money(totals.released) },
        ],
        tables: [
          {
            title: 'Lessons',
            columns: ['Paid', 'Booking', 'Gross', 'Fee', 'Net'],
            amountColumns: 3,
            rows: section.lessons.map((lesson) => [
              day(lesson.date),
              lesson.bookingId,
              money(lesson.gross),
              money(lesson.fee),
              money(lesson.net),
            ]),
            total: ['Total', '', money(totals.gross), money(totals.fee), money(totals.net)],
            empty: 'No lessons paid this month.',
          },
          {
            title: 'Refunds',
            columns: ['Refunded', 'Booking', 'To student', 'Fee returned', 'From you'],
            amountColumns: 3,
            rows: section.refunds.map((refund) => [
              day(refund.date),
              refund.bookingId ?? refund.paymentId,
              money(refund.refunded),
              money(refund.feeReturned),
              money(refund.amount),
            ]),
            total: ['Total', '', '', '', money(totals.refunds)],
            empty: 'No refunds this month.',
          },
          {
            title: 'Payouts',
            columns: ['Sent', 'Payout', 'Amount'],
            amountColumns: 1,
            rows: section.payouts.map((payout) => [
              day(payout.date),
              payout.payoutId,
              money(payout.amount),
            ]),
            total: ['Total', '', money(totals.payouts)],
            empty: 'No payouts this month.',
          },
        ],
      };
    }),
    empty: statement.currencies.length ? null : 'No earnings yet.',
  };
}
