import { Injectable } from '@nestjs/common';
import type { Transaction } from '@etutors/platform';
import { DataSource } from 'typeorm';
import { ReceiptEntity } from '../domain/receipt.entity.js';
import { receiptYear } from '../domain/receipt-number.js';

@Injectable()
export class ReceiptRepository {
  constructor(private readonly dataSource: DataSource) {}

  find(paymentId: string): Promise<ReceiptEntity | null> {
    return this.dataSource.getRepository(ReceiptEntity).findOneBy({ paymentId });
  }

  /**
   * Takes the next number of the year from its counter row, which stays locked until the
   * transaction ends (so numbers are handed out one after another, whatever runs in parallel),
   * and inserts the payment's receipt with it. Returns null when the payment has a receipt
   * already: the caller must then roll back, and the counter's increment goes with it.
   */
  async insertNumbered(
    tx: Transaction,
    paymentId: string,
    issuedAt: Date,
  ): Promise<ReceiptEntity | null> {
    const [counter] = (await tx.manager.query(
      `INSERT INTO billing.receipt_counters AS c (year, last_sequence) VALUES ($1, 1)
         ON CONFLICT (year) DO UPDATE SET last_sequence = c.last_sequence + 1
         RETURNING last_sequence`,
      [receiptYear(issuedAt)],
    )) as { last_sequence: number }[];
    const receipt = ReceiptEntity.numbered(paymentId, counter!.last_sequence, issuedAt);
    const inserted = (await tx.manager.query(
      `INSERT INTO billing.receipts (payment_id, number, year, sequence, issued_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (payment_id) DO NOTHING
         RETURNING payment_id`,
      [receipt.paymentId, receipt.number, receipt.year, receipt.sequence, receipt.issuedAt],
    )) as unknown[];
    return inserted.length > 0 ? receipt : null;
  }

  /** Stores the rendered PDF, unless one is there already: a receipt's document never changes. */
  async storePdf(paymentId: string, pdf: Buffer, renderedAt: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE billing.receipts SET pdf = $2, rendered_at = $3
         WHERE payment_id = $1 AND pdf IS NULL`,
      [paymentId, pdf, renderedAt],
    );
  }
}
