import { ApiProperty } from '@nestjs/swagger';
import { IsISO4217CurrencyCode, IsInt, Matches } from 'class-validator';
import { CURRENCY_CODE, type Money } from './money.js';

/**
 * Money on the wire, in requests and responses alike. A context may narrow it (a tutor's rate
 * has bounds) by extending it, never by declaring another money shape.
 */
export class MoneyDto implements Money {
  @ApiProperty({ type: 'integer', example: 4000, description: 'integer minor units' })
  @IsInt()
  amount: number;

  @ApiProperty({ example: 'USD', pattern: CURRENCY_CODE.source, description: 'ISO 4217' })
  @Matches(CURRENCY_CODE, { message: 'currency must be three capital letters (ISO 4217)' })
  @IsISO4217CurrencyCode()
  currency: string;
}
