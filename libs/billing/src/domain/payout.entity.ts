import { newId } from '@etutors/platform';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export const PAYOUT_STATUSES = ['pending', 'sent', 'failed'] as const;
export type PayoutStatus = (typeof PAYOUT_STATUSES)[number];

const bigintAsNumber = { to: (value: number) => value, from: (value: string) => Number(value) };

/**
 * Money a payout run sends one tutor in one currency: planned `pending` for the whole available
 * balance, then `sent` (the provider's transfer went through) or `failed` (with the reason; the
 * balance stays available and a later run plans a new payout).
 */
@Entity({ schema: 'billing', name: 'payouts' })
export class PayoutEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid') runId: string;
  @Column('uuid') tutorId: string;
  @Column('text') currency: string;
  @Column('bigint', { transformer: bigintAsNumber }) amount: number;
  @Column('text') status: PayoutStatus;
  @Column('text') provider: string;
  @Column('text', { nullable: true }) providerTransferId: string | null;
  @Column('text', { nullable: true }) failureReason: string | null;
  @Column('timestamptz') createdAt: Date;
  @Column('timestamptz', { nullable: true }) sentAt: Date | null;
  @Column('timestamptz', { nullable: true }) failedAt: Date | null;

  static plan(input: {
    runId: string;
    tutorId: string;
    currency: string;
    amount: number;
    provider: string;
    now: Date;
  }): PayoutEntity {
    if (!Number.isSafeInteger(input.amount) || input.amount <= 0) {
      throw new RangeError(
        `a payout must be a positive number of minor units, got ${input.amount}`,
      );
    }
    return Object.assign(new PayoutEntity(), {
      id: newId(),
      runId: input.runId,
      tutorId: input.tutorId,
      currency: input.currency,
      amount: input.amount,
      status: 'pending',
      provider: input.provider,
      providerTransferId: null,
      failureReason: null,
      createdAt: input.now,
      sentAt: null,
      failedAt: null,
    });
  }

  /** The provider's idempotency key: a retried send finds the first transfer, never a second. */
  get transferIdempotencyKey(): string {
    return `payout:${this.id}`;
  }

  /**
   * Why the payout must not be sent against `available` (the tutor's balance now, read under
   * their lock), or null when it may: a refund since planning took back part of what it covers.
   */
  whyNotSendable(available: number): string | null {
    if (available >= this.amount) return null;
    return `The available balance (${available} ${this.currency}) fell below the payout (${this.amount} ${this.currency}) before it was sent: a refund took earnings back. The next run pays what is available then.`;
  }

  send(providerTransferId: string, at: Date): void {
    this.assertPending('sent');
    Object.assign(this, { status: 'sent', providerTransferId, sentAt: at });
  }

  fail(reason: string, at: Date): void {
    this.assertPending('failed');
    Object.assign(this, { status: 'failed', failureReason: reason, failedAt: at });
  }

  private assertPending(next: PayoutStatus): void {
    if (this.status !== 'pending') {
      throw new Error(`payout ${this.id} is ${this.status}; it cannot become ${next}`);
    }
  }
}
