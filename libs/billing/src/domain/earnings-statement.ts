import type { LedgerAccount, PostingKind } from './ledger.js';

/** `2026-11`: a calendar month, years 1000 to 9999. */
export const STATEMENT_MONTH = /^[1-9]\d{3}-(0[1-9]|1[0-2])$/;

/** A UTC calendar month: entries at `from` or later and before `to` belong to it. */
export interface StatementMonth {
  label: string;
  from: Date;
  to: Date;
}

/** The month `2026-11` names, or null when the text is not a month. */
export function statementMonth(label: string): StatementMonth | null {
  if (!STATEMENT_MONTH.test(label)) return null;
  const year = Number(label.slice(0, 4));
  const month = Number(label.slice(5, 7));
  return {
    label,
    from: new Date(Date.UTC(year, month - 1, 1)),
    to: new Date(Date.UTC(year, month, 1)),
  };
}

/** The month `at` falls in, in UTC. */
export function monthOf(at: Date): StatementMonth {
  const label = `${String(at.getUTCFullYear()).padStart(4, '0')}-${String(at.getUTCMonth() + 1).padStart(2, '0')}`;
  return statementMonth(label)!;
}

/**
 * One posting of the tutor's in the month, as the ledger holds it: the sums of its lines per
 * account (signed as in the ledger: what is owed to the tutor is negative), for the tutor's
 * accounts and the platform's lines of the same posting.
 */
export interface StatementPosting {
  postingId: string;
  kind: PostingKind;
  currency: string;
  at: Date;
  paymentId: string | null;
  bookingId: string | null;
  payoutId: string | null;
  lines: Partial<Record<LedgerAccount, number>>;
}

/** What the platform owed the tutor in a currency, by the ledger, when the month began and ended. */
export interface StatementBalance {
  currency: string;
  opening: number;
  closing: number;
}

export interface StatementLesson {
  bookingId: string;
  paymentId: string;
  /** When the payment was captured. */
  date: Date;
  /** What the student paid. */
  gross: number;
  fee: number;
  /** The tutor's share: gross less the fee. */
  net: number;
}

export interface StatementRefund {
  paymentId: string;
  bookingId: string | null;
  date: Date;
  /** What went back to the student. */
  refunded: number;
  /** The part of the platform's fee given back with it. */
  feeReturned: number;
  /** What the refund took from the tutor: refunded less the fee returned. */
  amount: number;
}

export interface StatementPayout {
  payoutId: string;
  date: Date;
  amount: number;
}

export interface StatementTotals {
  gross: number;
  fee: number;
  net: number;
  refunds: number;
  payouts: number;
  /** Moved from pending to available; informative, as it leaves the balance unchanged. */
  released: number;
}

export interface CurrencyStatement {
  currency: string;
  openingBalance: number;
  closingBalance: number;
  lessons: StatementLesson[];
  refunds: StatementRefund[];
  payouts: StatementPayout[];
  totals: StatementTotals;
}

export interface EarningsStatement {
  tutorId: string;
  month: StatementMonth;
  currencies: CurrencyStatement[];
}

/** The statement and the ledger disagree: a posting the statement cannot explain, or bad figures. */
export class StatementDoesNotReconcileError extends Error {
  constructor(message: string) {
    super(`earnings statement does not reconcile: ${message}`);
    this.name = 'StatementDoesNotReconcileError';
  }
}

const owedDelta = (posting: StatementPosting) =>
  -((posting.lines.tutor_pending ?? 0) + (posting.lines.tutor_available ?? 0));

const required = <T>(value: T | null, what: string, posting: StatementPosting): T => {
  if (value === null)
    throw new StatementDoesNotReconcileError(`${posting.kind} ${posting.postingId} has no ${what}`);
  return value;
};

/**
 * A tutor's statement for a month, per currency, from the month's postings and the ledger's
 * balances at both ends. Every posting must be explained by a line of the statement, and the
 * lines must add up: opening + net earnings − refunds − payouts = closing, else it throws rather
 * than hand the tutor figures that do not reconcile.
 */
export function buildEarningsStatement(input: {
  tutorId: string;
  month: StatementMonth;
  balances: StatementBalance[];
  postings: StatementPosting[];
}): EarningsStatement {
  const sections = new Map(
    input.balances.map((balance) => [
      balance.currency,
      {
        currency: balance.currency,
        openingBalance: balance.opening,
        closingBalance: balance.closing,
        lessons: [] as StatementLesson[],
        refunds: [] as StatementRefund[],
        payouts: [] as StatementPayout[],
        totals: { gross: 0, fee: 0, net: 0, refunds: 0, payouts: 0, released: 0 },
      } satisfies CurrencyStatement,
    ]),
  );
  const ordered = [...input.postings].sort(
    (a, b) => a.at.getTime() - b.at.getTime() || a.postingId.localeCompare(b.postingId),
  );
  for (const posting of ordered) {
    const section = sections.get(posting.currency);
    if (!section) throw new StatementDoesNotReconcileError(`no balance in ${posting.currency}`);
    if (posting.at < input.month.from || posting.at >= input.month.to)
      throw new StatementDoesNotReconcileError(
        `posting ${posting.postingId} is outside ${input.month.label}`,
      );
    const { lines } = posting;
    switch (posting.kind) {
      case 'payment_captured': {
        const lesson: StatementLesson = {
          bookingId: required(posting.bookingId, 'booking', posting),
          paymentId: required(posting.paymentId, 'payment', posting),
          date: posting.at,
          gross: lines.provider_clearing ?? 0,
          fee: -(lines.platform_revenue ?? 0),
          net: owedDelta(posting),
        };
        if (lesson.gross - lesson.fee !== lesson.net)
          throw new StatementDoesNotReconcileError(
            `capture ${posting.postingId}: gross − fee ≠ net`,
          );
        section.lessons.push(lesson);
        section.totals.gross += lesson.gross;
        section.totals.fee += lesson.fee;
        section.totals.net += lesson.net;
        break;
      }
      case 'refund_issued': {
        const refund: StatementRefund = {
          paymentId: required(posting.paymentId, 'payment', posting),
          bookingId: posting.bookingId,
          date: posting.at,
          refunded: -(lines.provider_clearing ?? 0),
          feeReturned: lines.platform_revenue ?? 0,
          amount: -owedDelta(posting),
        };
        if (refund.refunded - refund.feeReturned !== refund.amount)
          throw new StatementDoesNotReconcileError(
            `refund ${posting.postingId}: refunded − fee ≠ amount`,
          );
        section.refunds.push(refund);
        section.totals.refunds += refund.amount;
        break;
      }
      case 'payout_sent': {
        const payout: StatementPayout = {
          payoutId: required(posting.payoutId, 'payout', posting),
          date: posting.at,
          amount: -owedDelta(posting),
        };
        section.payouts.push(payout);
        section.totals.payouts += payout.amount;
        break;
      }
      case 'earnings_released':
        if (owedDelta(posting) !== 0)
          throw new StatementDoesNotReconcileError(
            `release ${posting.postingId} changes the balance`,
          );
        section.totals.released += lines.tutor_pending ?? 0;
        break;
      default: {
        const unexplained: never = posting.kind;
        throw new StatementDoesNotReconcileError(`unknown posting kind ${String(unexplained)}`);
      }
    }
  }

  const currencies = [...sections.values()].sort((a, b) => a.currency.localeCompare(b.currency));
  for (const section of currencies) {
    const { net, refunds, payouts } = section.totals;
    const computed = section.openingBalance + net - refunds - payouts;
    if (computed !== section.closingBalance)
      throw new StatementDoesNotReconcileError(
        `${section.currency}: opening ${section.openingBalance} + net ${net} − refunds ${refunds} − payouts ${payouts} = ${computed}, the ledger says ${section.closingBalance}`,
      );
  }
  return { tutorId: input.tutorId, month: input.month, currencies };
}
