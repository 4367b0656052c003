import { Injectable } from '@nestjs/common';
import { SqlReader } from '@etutors/platform';
import type {
  StatementBalance,
  StatementMonth,
  StatementPosting,
} from '../domain/earnings-statement.js';
import type { LedgerAccount, PostingKind } from '../domain/ledger.js';

interface PostingRow {
  posting_id: string;
  kind: PostingKind;
  currency: string;
  created_at: string;
  payment_id: string | null;
  booking_id: string | null;
  payout_id: string | null;
  lines: Partial<Record<LedgerAccount, number>>;
}

/**
 * What a tutor's statement is made of, read from the ledger in ONE statement, so the balances
 * at both ends and the month's postings come from the same snapshot and reconcile even while
 * money moves.
 */
@Injectable()
export class EarningsStatementReader {
  constructor(private readonly reader: SqlReader) {}

  async read(
    tutorId: string,
    month: StatementMonth,
  ): Promise<{ balances: StatementBalance[]; postings: StatementPosting[] }> {
    const [row] = await this.reader.query<{ balances: StatementBalance[]; postings: PostingRow[] }>(
      `WITH mine AS (
         SELECT posting_id, account, currency, amount, created_at
           FROM billing.ledger_entries
          WHERE owner_id = $1
       ),
       balances AS (
         -- Every currency the tutor ever had an entry in; what is owed is pending plus available.
         SELECT currency,
                -coalesce(sum(amount) FILTER (
                   WHERE created_at < $2 AND account IN ('tutor_pending', 'tutor_available')), 0) AS opening,
                -coalesce(sum(amount) FILTER (
                   WHERE created_at < $3 AND account IN ('tutor_pending', 'tutor_available')), 0) AS closing
           FROM mine
          GROUP BY currency
       ),
       postings AS (
         -- A posting's kind, time and subject are on each of its lines; its lines summed per account.
         SELECT e.posting_id, e.kind, e.currency, e.created_at, e.payment_id, p.booking_id, e.payout_id,
                jsonb_object_agg(e.account, e.amount) AS lines
           FROM (SELECT posting_id, kind, currency, created_at, payment_id, payout_id, account,
                        sum(amount) AS amount
                   FROM billing.ledger_entries
                  WHERE posting_id IN (SELECT posting_id FROM mine WHERE created_at >= $2 AND created_at < $3)
                  GROUP BY posting_id, kind, currency, created_at, payment_id, payout_id, account) e
           LEFT JOIN billing.payments p ON p.id = e.payment_id
          GROUP BY e.posting_id, e.kind, e.currency, e.created_at, e.payment_id, p.booking_id, e.payout_id
       )
       SELECT (SELECT coalesce(jsonb_agg(b ORDER BY b.currency), '[]') FROM balances b) AS balances,
              (SELECT coalesce(jsonb_agg(q ORDER BY q.created_at, q.posting_id), '[]') FROM postings q) AS postings`,
      [tutorId, month.from, month.to],
    );
    return {
      balances: row!.balances.map((balance) => ({
        currency: balance.currency,
        opening: Number(balance.opening),
        closing: Number(balance.closing),
      })),
      postings: row!.postings.map((posting) => ({
        postingId: posting.posting_id,
        kind: posting.kind,
        currency: posting.currency,
        at: new Date(posting.created_at),
        paymentId: posting.payment_id,
        bookingId: posting.booking_id,
        payoutId: posting.payout_id,
        lines: Object.fromEntries(
          Object.entries(posting.lines).map(([account, amount]) => [account, Number(amount)]),
        ),
      })),
    };
  }
}
