import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { LEDGER_ACCOUNTS, type LedgerAccount } from '../domain/ledger.js';
import { PAYMENT_STATUSES, type PaymentStatus } from '../domain/payment-status.js';
import type { PaymentEntity } from '../domain/payment.entity.js';
import { REFUND_SOURCES, type RefundEntity, type RefundSource } from '../domain/refund.entity.js';
import type { AccountBalance } from '../infrastructure/ledger.repository.js';

/** Exactly one of the two says what is paid for. */
export class CreatePaymentDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'A pending_payment booking of the caller (not one of a series); or give seriesId',
  })
  @IsOptional()
  @IsUUID()
  bookingId?: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'A weekly series of the caller: one payment for its occurrences still waiting for payment; or give bookingId',
  })
  @IsOptional()
  @IsUUID()
  seriesId?: string;
}

export class ConfirmPaymentDto {
  @ApiProperty({
    description:
      'The payment method. Sandbox test cards: pm_card_visa succeeds, pm_card_declined fails, pm_card_3ds requires action',
    example: 'pm_card_visa',
    minLength: 1,
    maxLength: 100,
    pattern: '^[A-Za-z0-9_]+$',
  })
  @IsString()
  @MaxLength(100)
  @Matches(/^[A-Za-z0-9_]+$/, { message: 'paymentMethod must be a payment method id' })
  paymentMethod: string;
}

export class PaymentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'the booking paid for; null on a series’ payment',
  })
  bookingId: string | null;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'on a series’ payment (the one provider charge): the series; null otherwise',
  })
  seriesId: string | null;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description:
      'on the payment of one lesson of a series: the series’ payment it is part of (it follows that one’s outcome, and carries the lesson’s share, refunds and release); null otherwise',
  })
  seriesPaymentId: string | null;
  @ApiProperty({ format: 'uuid' }) studentId: string;
  @ApiProperty({ format: 'uuid' }) tutorId: string;
  @ApiProperty({ enum: PAYMENT_STATUSES }) status: PaymentStatus;
  @ApiProperty({
    type: 'integer',
    description:
      'minor units (rate × duration; for a series the sum of its occurrences pending payment)',
  })
  amount: number;
  @ApiProperty({ example: 'USD', pattern: '^[A-Z]{3}$' }) currency: string;
  @ApiProperty({ type: 'integer', description: 'the platform fee on this payment, minor units' })
  platformFee: number;
  @ApiProperty({
    type: 'integer',
    minimum: 0,
    maximum: 10000,
    description:
      'the fee rate in basis points: provisional until the payment succeeds, then the commission rule’s, fixed',
  })
  feeBps: number;
  @ApiProperty({
    type: 'integer',
    nullable: true,
    description:
      'the commission rule version the fee was taken under; null for the default flat fee (or before success)',
  })
  commissionRuleVersion: number | null;
  @ApiProperty({ example: 'sandbox' }) provider: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'for the payer’s client to confirm with the provider; null once paid, and for anyone but the payer',
  })
  clientSecret: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'card_declined' }) declineCode:
    string | null;
  @ApiProperty({ type: String, nullable: true }) failureReason: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) succeededAt: string | null;
  @ApiProperty({ type: 'integer', description: 'refunded so far, minor units' })
  refundedAmount: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

/** The client secret confirms a charge at the provider: only the payer's own views carry it. */
export function paymentView(payment: PaymentEntity, viewer: { id: string }): PaymentDto {
  return {
    id: payment.id,
    bookingId: payment.bookingId,
    seriesId: payment.seriesId,
    seriesPaymentId: payment.seriesPaymentId,
    studentId: payment.studentId,
    tutorId: payment.tutorId,
    status: payment.status,
    amount: payment.amount,
    currency: payment.currency,
    platformFee: payment.platformFee,
    feeBps: payment.feeBps,
    commissionRuleVersion: payment.commissionRuleVersion,
    provider: payment.provider,
    clientSecret: payment.isPaid || viewer.id !== payment.studentId ? null : payment.clientSecret,
    declineCode: payment.declineCode,
    failureReason: payment.failureReason,
    succeededAt: payment.succeededAt?.toISOString() ?? null,
    refundedAmount: payment.refundedAmount,
    createdAt: payment.createdAt.toISOString(),
  };
}

export class LedgerAccountBalanceDto {
  @ApiProperty({ enum: LEDGER_ACCOUNTS }) account: LedgerAccount;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'the tutor, for tutor accounts',
  })
  ownerId: string | null;
  @ApiProperty({ example: 'USD' }) currency: string;
  @ApiProperty({
    type: 'integer',
    description:
      'minor units; money held for someone is negative. Per currency the balances sum to 0',
  })
  balance: number;
}

export const balanceView = (balance: AccountBalance): LedgerAccountBalanceDto => ({ ...balance });

export class CreateRefundDto {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 2_147_483_647, description: 'minor units' })
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  amount: number;

  @ApiProperty({
    minLength: 1,
    maxLength: 500,
    example: 'Lesson cut short by a connection problem',
  })
  @IsString()
  @Length(1, 500)
  reason: string;
}

export class RefundDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) paymentId: string;
  @ApiProperty({ format: 'uuid' }) bookingId: string;
  @ApiProperty({ type: 'integer', description: 'minor units' }) amount: number;
  @ApiProperty({ example: 'USD' }) currency: string;
  @ApiProperty({ enum: REFUND_SOURCES }) source: RefundSource;
  @ApiProperty() reason: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export const refundView = (refund: RefundEntity): RefundDto => ({
  id: refund.id,
  paymentId: refund.paymentId,
  bookingId: refund.bookingId,
  amount: refund.amount,
  currency: refund.currency,
  source: refund.source,
  reason: refund.reason,
  createdAt: refund.createdAt.toISOString(),
});
