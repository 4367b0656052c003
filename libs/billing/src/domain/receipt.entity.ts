import { Column, Entity, PrimaryColumn } from 'typeorm';
import { receiptNumber, receiptYear } from './receipt-number.js';

/**
 * The receipt of one succeeded payment. It is numbered when issued (gap-free per year, see
 * `ReceiptRepository.issue`) and its PDF is stored once, right after; neither ever changes.
 */
@Entity({ schema: 'billing', name: 'receipts' })
export class ReceiptEntity {
  @PrimaryColumn('uuid') paymentId: string;
  @Column('text') number: string;
  @Column('int') year: number;
  @Column('int') sequence: number;
  @Column('bytea', { nullable: true }) pdf: Buffer | null;
  @Column('timestamptz') issuedAt: Date;
  @Column('timestamptz', { nullable: true }) renderedAt: Date | null;

  /** The receipt of `paymentId`, given the `sequence`-th number of the year it is issued in. */
  static numbered(paymentId: string, sequence: number, issuedAt: Date): ReceiptEntity {
    const year = receiptYear(issuedAt);
    return Object.assign(new ReceiptEntity(), {
      paymentId,
      number: receiptNumber(year, sequence),
      year,
      sequence,
      pdf: null,
      issuedAt,
      renderedAt: null,
    } satisfies Partial<ReceiptEntity>);
  }

  /** Whether the PDF is there to hand out. */
  get isRendered(): boolean {
    return this.pdf !== null;
  }

  get fileName(): string {
    return `receipt-${this.number}.pdf`;
  }
}
