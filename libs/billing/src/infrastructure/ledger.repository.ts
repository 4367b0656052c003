import { Injectable } from '@nestjs/common';
import { newId, SqlReader, type Transaction } from '@etutors/platform';
import type { LedgerAccount, Posting } from '../domain/ledger.js';

export interface AccountBalance {
  account: LedgerAccount;
  ownerId: string | null;
  currency: string;
  balance: number;
}

/** Writes postings (append-only; the database checks each balances) and reads balances. */
@Injectable()
export class LedgerRepository {
  constructor(private readonly reader: SqlReader) {}

  /** Writes one posting in the caller's transaction; the commit fails if it does not balance. */
  async post(tx: Transaction, posting: Posting, paymentId: string | null, at: Date): Promise<void> {
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
      return `($${p + 1}, $${shared + 1}, $${p + 2}, $${p + 3}, $${shared + 2}, $${p + 4}, $${shared + 3}, $${shared + 4}, $${shared + 5})`;
    });
    await tx.manager.query(
      `INSERT INTO billing.ledger_entries
         (id, posting_id, account, owner_id, currency, amount, kind, payment_id, created_at)
       VALUES ${rows.join(', ')}`,
      [...lineValues, newId(), posting.currency, posting.kind, paymentId, at],
    );
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
