import { Injectable } from '@nestjs/common';
import { newId, SqlReader, type SqlQueryable, type Transaction } from '@etutors/platform';
import type { LedgerAccount, Posting } from '../domain/ledger.js';

export interface AccountBalance {
  account: LedgerAccount;
  ownerId: string | null;
  currency: string;
  balance: number;
}

/** What a posting is about: the payment whose money moves, or the payout that sends it. */
export interface PostingSource {
  paymentId?: string | null;
  payoutId?: string | null;
}

/** A tutor's earnings in one currency, as the tutor sees them (positive: owed to the tutor). */
export interface TutorBalance {
  currency: string;
  pending: number;
  /** Negative when refunds after release took back more than has been earned since. */
  available: number;
  paidOut: number;
}

/** Writes postings (append-only; the database checks each balances) and reads balances. */
@Injectable()
export class LedgerRepository {
  constructor(private readonly reader: SqlReader) {}

  /** Writes one posting in the caller's transaction; the commit fails if it does not balance. */
  async post(tx: Transaction, posting: Posting, source: PostingSource, at: Date): Promise<void> {
    const lineValues = posting.lines.flatMap((line) => [
      newId(),
      line.account,
      line.ownerId,
      line.amount,
    ]);
    // Per-line parameters first ($1..$4n), then those every line shares.
    const shared = lineValues.length;
    const rows = posting.lines.map((_, i) => {
      const p = i * 4;
      return `($${p + 1}, $${shared + 1}, $${p + 2}, $${p + 3}, $${shared + 2}, $${p + 4}, $${shared + 3}, $${shared + 4}, $${shared + 5}, $${shared + 6})`;
    });
    await tx.manager.query(
      `INSERT INTO billing.ledger_entries
         (id, posting_id, account, owner_id, currency, amount, kind, payment_id, payout_id, created_at)
       VALUES ${rows.join(', ')}`,
      [
        ...lineValues,
        newId(),
        posting.currency,
        posting.kind,
        source.paymentId ?? null,
        source.payoutId ?? null,
        at,
      ],
    );
  }

  /**
   * Serialises every write that moves a tutor's `available` balance (a refund after release, a
   * payout) until `tx` ends, so a payout never reads a balance a concurrent clawback is changing.
   */
  async lockTutor(tx: Transaction, tutorId: string): Promise<void> {
    await tx.manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
      `billing.tutor:${tutorId}`,
    ]);
  }

  /** The tutor's balances per currency, read from their three accounts. */
  async tutorBalances(tutorId: string, via: SqlQueryable = this.reader): Promise<TutorBalance[]> {
    const rows = (await via.query(
      `SELECT currency,
              -coalesce(sum(amount) FILTER (WHERE account = 'tutor_pending'), 0) AS pending,
              -coalesce(sum(amount) FILTER (WHERE account = 'tutor_available'), 0) AS available,
              -coalesce(sum(amount) FILTER (WHERE account = 'tutor_paid_out'), 0) AS paid_out
         FROM billing.ledger_entries
        WHERE owner_id = $1
        GROUP BY currency
        ORDER BY currency`,
      [tutorId],
    )) as { currency: string; pending: string; available: string; paid_out: string }[];
    return rows.map((row) => ({
      currency: row.currency,
      pending: Number(row.pending),
      available: Number(row.available),
      paidOut: Number(row.paid_out),
    }));
  }

  async balances(): Promise<AccountBalance[]> {
    const rows = await this.reader.query<{
      account: LedgerAccount;
      owner_id: string | null;
      currency: string;
      balance: string;
    }>(
      `SELECT account, owner_id, currency, sum(amount) AS balance
         FROM billing.ledger_entries
        GROUP BY account, owner_id, currency
        ORDER BY currency, account, owner_id NULLS FIRST`,
    );
    return rows.map((row) => ({
      account: row.account,
      ownerId: row.owner_id,
      currency: row.currency,
      balance: Number(row.balance),
    }));
  }
}
