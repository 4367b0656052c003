import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { STATEMENT_MONTH, type EarningsStatement } from '../domain/earnings-statement.js';

export class StatementQueryDto {
  @ApiProperty({
    description: 'The UTC calendar month, up to the current one',
    example: '2026-11',
    pattern: STATEMENT_MONTH.source,
  })
  @IsString()
  @Matches(STATEMENT_MONTH, { message: 'month must be a month as YYYY-MM, e.g. 2026-11' })
  month: string;
}

const MINOR_UNITS = 'minor units of the section’s currency';

export class StatementLessonDto {
  @ApiProperty({ format: 'uuid' }) bookingId: string;
  @ApiProperty({ format: 'uuid' }) paymentId: string;
  @ApiProperty({ format: 'date-time', description: 'when the payment was captured' })
  date: string;
  @ApiProperty({ type: 'integer', description: `what the student paid, ${MINOR_UNITS}` })
  gross: number;
  @ApiProperty({ type: 'integer', description: `the platform fee, ${MINOR_UNITS}` })
  fee: number;
  @ApiProperty({ type: 'integer', description: `your share (gross − fee), ${MINOR_UNITS}` })
  net: number;
}

export class StatementRefundDto {
  @ApiProperty({ format: 'uuid' }) paymentId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) bookingId: string | null;
  @ApiProperty({ format: 'date-time' }) date: string;
  @ApiProperty({ type: 'integer', description: `given back to the student, ${MINOR_UNITS}` })
  refunded: number;
  @ApiProperty({
    type: 'integer',
    description: `the platform fee returned with it, ${MINOR_UNITS}`,
  })
  feeReturned: number;
  @ApiProperty({
    type: 'integer',
    description: `what the refund took from your earnings (refunded − feeReturned), ${MINOR_UNITS}`,
  })
  amount: number;
}

export class StatementPayoutDto {
  @ApiProperty({ format: 'uuid' }) payoutId: string;
  @ApiProperty({ format: 'date-time' }) date: string;
  @ApiProperty({ type: 'integer', description: `sent to your bank, ${MINOR_UNITS}` })
  amount: number;
}

export class StatementTotalsDto {
  @ApiProperty({ type: 'integer' }) gross: number;
  @ApiProperty({ type: 'integer' }) fee: number;
  @ApiProperty({ type: 'integer' }) net: number;
  @ApiProperty({ type: 'integer', description: 'the sum of the refunds’ amounts' })
  refunds: number;
  @ApiProperty({ type: 'integer' }) payouts: number;
  @ApiProperty({
    type: 'integer',
    description:
      'earnings released from pending to available this month; informative, the balance does not change',
  })
  released: number;
}

export class CurrencyStatementDto {
  @ApiProperty({ example: 'USD', pattern: '^[A-Z]{3}$' }) currency: string;
  @ApiProperty({
    type: 'integer',
    description:
      'what the platform owed you (pending + available) when the month began; negative when you owed it',
  })
  openingBalance: number;
  @ApiProperty({
    type: 'integer',
    description:
      'the same when the month ended (now, for the current month): openingBalance + totals.net − totals.refunds − totals.payouts',
  })
  closingBalance: number;
  @ApiProperty({ type: [StatementLessonDto], description: 'payments captured this month' })
  lessons: StatementLessonDto[];
  @ApiProperty({ type: [StatementRefundDto] }) refunds: StatementRefundDto[];
  @ApiProperty({ type: [StatementPayoutDto] }) payouts: StatementPayoutDto[];
  @ApiProperty({ type: StatementTotalsDto }) totals: StatementTotalsDto;
}

export class EarningsStatementDto {
  @ApiProperty({ format: 'uuid' }) tutorId: string;
  @ApiProperty({ example: '2026-11' }) month: string;
  @ApiProperty({ format: 'date-time', description: 'the month’s first instant (UTC)' })
  periodStart: string;
  @ApiProperty({ format: 'date-time', description: 'the next month’s first instant (exclusive)' })
  periodEnd: string;
  @ApiProperty({
    type: [CurrencyStatementDto],
    description: 'one per currency you have ever had earnings in, by currency code',
  })
  currencies: CurrencyStatementDto[];
}

export function earningsStatementView(statement: EarningsStatement): EarningsStatementDto {
  return {
    tutorId: statement.tutorId,
    month: statement.month.label,
    periodStart: statement.month.from.toISOString(),
    periodEnd: statement.month.to.toISOString(),
    currencies: statement.currencies.map((section) => ({
      currency: section.currency,
      openingBalance: section.openingBalance,
      closingBalance: section.closingBalance,
      lessons: section.lessons.map((lesson) => ({ ...lesson, date: lesson.date.toISOString() })),
      refunds: section.refunds.map((refund) => ({ ...refund, date: refund.date.toISOString() })),
      payouts: section.payouts.map((payout) => ({ ...payout, date: payout.date.toISOString() })),
      totals: { ...section.totals },
    })),
  };
}
