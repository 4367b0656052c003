import {
  electronicFormatIBAN,
  getCountrySpecifications,
  validateIBAN,
  ValidationErrorsIBAN,
} from 'ibantools';

export const ACCOUNT_HOLDER_MAX_LENGTH = 140;
export const STRIPE_ACCOUNT_ID = /^acct_[A-Za-z0-9]+$/;

/** What a tutor sends to say where their payouts go. */
export interface PayoutAccountInput {
  accountHolder: string;
  iban: string;
  stripeAccountId?: string | null;
}

/** Valid payout details, normalised: the IBAN in electronic format, the holder trimmed. */
export interface PayoutAccountDetails {
  accountHolder: string;
  iban: string;
  /** ISO 3166 alpha-2, the IBAN's first two letters. */
  country: string;
  ibanLast4: string;
  stripeAccountId: string | null;
}

export interface PayoutAccountProblem {
  field: 'accountHolder' | 'iban' | 'stripeAccountId';
  message: string;
}

/** `' de89 3704-0044 '` → `'DE8937040044'`: how people write IBANs, to how banks read them. */
export function normaliseIban(input: string): string {
  return electronicFormatIBAN(input.replace(/\s+/g, '')) ?? '';
}

/**
 * What is wrong with an IBAN (normalised first), in words that say which check failed and never
 * repeat the number; null when it is valid: a known country, that country's length and account
 * number format, and the mod-97 check digits.
 */
export function ibanProblem(input: string): string | null {
  const iban = normaliseIban(input);
  if (iban === '') return 'iban must not be empty';
  const country = iban.slice(0, 2);
  const spec = /^[A-Z]{2}$/.test(country) ? getCountrySpecifications()[country] : undefined;
  if (!spec?.chars) {
    return /^[A-Z]{2}$/.test(country)
      ? `iban must start with the code of a country that uses IBANs; ${country} does not`
      : 'iban must start with a two-letter country code';
  }
  if (iban.length !== spec.chars) {
    return `iban must have ${spec.chars} characters for ${country}, not ${iban.length}`;
  }
  const { errorCodes } = validateIBAN(iban);
  if (errorCodes.includes(ValidationErrorsIBAN.WrongBBANFormat)) {
    return `iban has characters a ${country} account number cannot have`;
  }
  if (errorCodes.includes(ValidationErrorsIBAN.ChecksumNotNumber)) {
    return 'iban check digits (the 3rd and 4th characters) must be digits';
  }
  if (errorCodes.includes(ValidationErrorsIBAN.WrongIBANChecksum)) {
    return 'iban check digits do not match the rest of the number (mod 97): is it mistyped?';
  }
  if (errorCodes.includes(ValidationErrorsIBAN.WrongAccountBankBranchChecksum)) {
    return `iban's national check digits do not match its ${country} bank and account number`;
  }
  if (errorCodes.length > 0) return 'iban is not a valid IBAN';
  return null;
}

export function accountHolderProblem(input: string): string | null {
  const holder = input.trim();
  if (holder.length === 0) return 'accountHolder must not be empty';
  if (holder.length > ACCOUNT_HOLDER_MAX_LENGTH) {
    return `accountHolder must be at most ${ACCOUNT_HOLDER_MAX_LENGTH} characters`;
  }
  return null;
}

export function stripeAccountIdProblem(input: string): string | null {
  return STRIPE_ACCOUNT_ID.test(input) ? null : 'stripeAccountId must look like acct_…';
}

/**
 * A tutor's payout details checked and normalised, or every problem with them, by field. The
 * rule of `PUT /tutors/me/payout-account`, also applied by the request's validation.
 */
export function checkPayoutAccount(
  input: PayoutAccountInput,
): { details: PayoutAccountDetails; problems?: never } | { problems: PayoutAccountProblem[] } {
  const problems: PayoutAccountProblem[] = [];
  const holder = accountHolderProblem(input.accountHolder);
  if (holder) problems.push({ field: 'accountHolder', message: holder });
  const iban = ibanProblem(input.iban);
  if (iban) problems.push({ field: 'iban', message: iban });
  const stripe = input.stripeAccountId ? stripeAccountIdProblem(input.stripeAccountId) : null;
  if (stripe) problems.push({ field: 'stripeAccountId', message: stripe });
  if (problems.length > 0) return { problems };
  const normalised = normaliseIban(input.iban);
  return {
    details: {
      accountHolder: input.accountHolder.trim(),
      iban: normalised,
      country: normalised.slice(0, 2),
      ibanLast4: normalised.slice(-4),
      stripeAccountId: input.stripeAccountId ?? null,
    },
  };
}
