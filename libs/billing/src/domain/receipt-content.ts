import { DateTime, IANAZone } from 'luxon';

/** Everything a receipt states, gathered before it is rendered. */
export interface ReceiptFacts {
  platformName: string;
  number: string;
  issuedAt: Date;
  paymentId: string;
  student: { displayName: string; timezone: string };
  tutor: { displayName: string };
  subject: string;
  lesson: { startsAt: Date; endsAt: Date };
  /** Minor units, like the payment. */
  amount: number;
  platformFee: number;
  currency: string;
}

/** What the document shows, in order: a heading and labelled lines. */
export interface ReceiptContent {
  title: string;
  heading: string;
  lines: { label: string; value: string }[];
}

/** Digits after the decimal point of a currency's major unit (2 for USD, 0 for JPY, 3 for KWD). */
const fractionDigits = (currency: string): number =>
  new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
    .maximumFractionDigits ?? 2;

/** Splits minor units into sign, major units and the digits after the point. */
function decimalParts(amount: number, currency: string) {
  const digits = fractionDigits(currency);
  const padded = String(Math.abs(amount)).padStart(digits + 1, '0');
  return {
    sign: amount < 0 ? '-' : '',
    major: BigInt(padded.slice(0, padded.length - digits)),
    fraction: digits > 0 ? `.${padded.slice(-digits)}` : '',
  };
}

/** `6000, 'USD'` → `60.00 USD`, in integer arithmetic: money never passes through a float. */
export function formatMinorUnits(amount: number, currency: string): string {
  const { sign, major, fraction } = decimalParts(amount, currency);
  return `${sign}${new Intl.NumberFormat('en').format(major)}${fraction} ${currency}`;
}

/** `123456, 'USD'` → `1234.56`: a plain decimal for machines (no grouping, no currency). */
export function decimalMinorUnits(amount: number, currency: string): string {
  const { sign, major, fraction } = decimalParts(amount, currency);
  return `${sign}${major}${fraction}`;
}

/**
 * The lesson's time as the student lives it: `Tuesday, 3 March 2026, 19:00–20:30 Asia/Tokyo
 * (UTC+09:00)`. An unknown zone falls back to UTC rather than printing an invalid date.
 */
export function formatLessonTime(lesson: { startsAt: Date; endsAt: Date }, zone: string): string {
  const where = IANAZone.isValidZone(zone) ? zone : 'UTC';
  const starts = DateTime.fromJSDate(lesson.startsAt, { zone: where }).setLocale('en');
  const ends = DateTime.fromJSDate(lesson.endsAt, { zone: where }).setLocale('en');
  const day = 'cccc, d LLLL yyyy';
  const end = starts.hasSame(ends, 'day') ? ends.toFormat('HH:mm') : ends.toFormat(`${day}, HH:mm`);
  return `${starts.toFormat(`${day}, HH:mm`)}–${end} ${where} (UTC${starts.toFormat('ZZ')})`;
}

/** The receipt's wording: pure, so what it says is tested without a PDF. */
export function receiptContent(facts: ReceiptFacts): ReceiptContent {
  return {
    title: `${facts.platformName} receipt ${facts.number}`,
    heading: facts.platformName,
    lines: [
      { label: 'Receipt number', value: facts.number },
      {
        label: 'Date',
        value: DateTime.fromJSDate(facts.issuedAt, { zone: 'UTC' }).toFormat('yyyy-LL-dd'),
      },
      { label: 'Student', value: facts.student.displayName },
      { label: 'Tutor', value: facts.tutor.displayName },
      { label: 'Subject', value: facts.subject },
      { label: 'Lesson', value: formatLessonTime(facts.lesson, facts.student.timezone) },
      { label: 'Amount paid', value: formatMinorUnits(facts.amount, facts.currency) },
      {
        label: 'Platform fee (included)',
        value: formatMinorUnits(facts.platformFee, facts.currency),
      },
      { label: 'Currency', value: facts.currency },
      { label: 'Payment', value: facts.paymentId },
    ],
  };
}
