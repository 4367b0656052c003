import { newId } from '@etutors/platform';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export const REFUND_SOURCES = [
  'cancellation',
  'payment_after_expiry',
  'admin',
  'dispute',
  'chargeback',
] as const;
export type RefundSource = (typeof REFUND_SOURCES)[number];

const bigintAsNumber = { to: (value: number) => value, from: (value: string) => Number(value) };

/**
 * Money given back on a payment: by the cancellation policy, for a late payment, by an admin, on
 * a resolved case, or taken back by the payer's bank on a lost dispute (a chargeback).
 */
@Entity({ schema: 'billing', name: 'refunds' })
export class RefundEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid') paymentId: string;
  @Column('uuid') bookingId: string;
  @Column('bigint', { transformer: bigintAsNumber }) amount: number;
  @Column('text') currency: string;
  @Column('bigint', { transformer: bigintAsNumber }) feeReversed: number;
  @Column('text') source: RefundSource;
  @Column('text') reason: string;
  @Column('text') providerRefundId: string;
  @Column('uuid', { nullable: true }) createdBy: string | null;
  @Column('timestamptz') createdAt: Date;

  static create(
    input: Omit<RefundEntity, 'id' | 'providerRefundId' | 'providerIdempotencyKey'>,
  ): RefundEntity {
    return Object.assign(new RefundEntity(), { ...input, id: newId(), providerRefundId: '' });
  }

  /** The provider's idempotency key for this refund: a retried call never refunds twice. */
  get providerIdempotencyKey(): string {
    return `refund:${this.id}`;
  }
}
