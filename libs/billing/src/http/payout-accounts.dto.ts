import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, ValidateBy } from 'class-validator';
import {
  ACCOUNT_HOLDER_MAX_LENGTH,
  accountHolderProblem,
  ibanProblem,
  STRIPE_ACCOUNT_ID,
} from '../domain/payout-account-details.js';
import type { PayoutAccountEntity } from '../domain/payout-account.entity.js';

/** Checks a string field with one of the domain's rules (`problem` returns the message, or null). */
const Satisfies = (name: string, problem: (value: string) => string | null) =>
  ValidateBy({
    name,
    validator: {
      // A value that is not a string is `@IsString()`'s to report.
      validate: (value: unknown) => typeof value !== 'string' || problem(value) === null,
      defaultMessage: (args) => problem(String(args?.value)) ?? '',
    },
  });

/** Generous for an IBAN written in groups (at most 34 characters without spaces). */
const IBAN_INPUT_MAX_LENGTH = 64;

export class PutPayoutAccountDto {
  @ApiProperty({
    description: 'The name the bank account is held in; surrounding spaces are dropped',
    example: 'Ada Lovelace',
    minLength: 1,
    maxLength: ACCOUNT_HOLDER_MAX_LENGTH,
  })
  @IsString()
  @Satisfies('accountHolder', accountHolderProblem)
  accountHolder: string;

  @ApiProperty({
    description:
      'The IBAN, with or without spaces, any case. Checked for a country that uses IBANs, its length and account number format, and the mod-97 check digits. Stored encrypted; never returned.',
    example: 'DE89 3704 0044 0532 0130 00',
    maxLength: IBAN_INPUT_MAX_LENGTH,
  })
  @IsString()
  @Satisfies('iban', (iban) =>
    iban.length > IBAN_INPUT_MAX_LENGTH
      ? `iban must be at most ${IBAN_INPUT_MAX_LENGTH} characters`
      : ibanProblem(iban),
  )
  iban: string;

  @ApiPropertyOptional({
    description: 'The tutor’s connected Stripe account, which Stripe transfers go to',
    example: 'acct_1Nv0FGQ9RKHgCVdK',
    pattern: STRIPE_ACCOUNT_ID.source,
  })
  @IsOptional()
  @IsString()
  @Matches(STRIPE_ACCOUNT_ID, { message: 'stripeAccountId must look like acct_…' })
  stripeAccountId?: string;
}

export class PayoutAccountDto {
  @ApiProperty({ example: 'Ada Lovelace' }) accountHolder: string;
  @ApiProperty({
    description: 'The last four characters of the IBAN: all of it that is ever shown',
    example: '3000',
    pattern: '^[0-9A-Z]{4}$',
  })
  ibanLast4: string;
  @ApiProperty({ description: 'The IBAN’s country (ISO 3166-1 alpha-2)', example: 'DE' })
  country: string;
  @ApiProperty({ type: String, nullable: true, example: 'acct_1Nv0FGQ9RKHgCVdK' })
  stripeAccountId: string | null;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export function payoutAccountView(account: PayoutAccountEntity): PayoutAccountDto {
  return {
    accountHolder: account.accountHolder,
    ibanLast4: account.ibanLast4,
    country: account.country,
    stripeAccountId: account.stripeAccountId,
    updatedAt: account.updatedAt.toISOString(),
  };
}
