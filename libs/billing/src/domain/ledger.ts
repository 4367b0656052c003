/**
 * The double-entry ledger's rules, as pure functions. A posting is a set of entries in one
 * currency whose amounts sum to zero; money held for someone is negative on their account (a
 * liability of the platform), money the platform holds at the provider is positive on clearing.
 *
 * A tutor's share moves `tutor_pending` (paid, lesson not yet done and held) → `tutor_available`
 * (released, owed now) → `tutor_paid_out` (sent to their bank; the account counts what left, so
 * clearing plus paid out is what the provider still holds). A refund takes the tutor's part back
 * from wherever the share sits: pending before release, available after it, which may then go
 * positive (the tutor owes the platform) until later earnings settle it.
 */
export const LEDGER_ACCOUNTS = [
  'provider_clearing',
  'tutor_pending',
  'tutor_available',
  'tutor_paid_out',
  'platform_revenue',
  'refunds',
] as const;
export type LedgerAccount = (typeof LEDGER_ACCOUNTS)[number];

export interface LedgerLine {
  account: LedgerAccount;
  /** The tutor, for the tutor accounts; null for the platform's. */
  ownerId: string | null;
  amount: number;
}

export const POSTING_KINDS = [
  'payment_captured',
  'refund_issued',
  'earnings_released',
  'payout_sent',
] as const;
export type PostingKind = (typeof POSTING_KINDS)[number];

export interface Posting {
  kind: PostingKind;
  currency: string;
  lines: LedgerLine[];
}

/** The platform's commission on `amount` at `feeBps` basis points, rounded half up to a minor unit. */
export function platformFee(amount: number, feeBps: number): number {
  assertMinorUnits(amount);
  if (!Number.isInteger(feeBps) || feeBps < 0 || feeBps > 10_000) {
    throw new RangeError(`fee must be 0..10000 basis points, got ${feeBps}`);
  }
  return Math.floor((amount * feeBps + 5_000) / 10_000);
}

/** A captured charge: held at the provider, owed to the tutor (pending their lesson) less the fee. */
export function paymentCaptured(input: {
  tutorId: string;
  amount: number;
  currency: string;
  feeBps: number;
}): Posting {
  const fee = platformFee(input.amount, input.feeBps);
  return balanced({
    kind: 'payment_captured',
    currency: input.currency,
    lines: [
      { account: 'provider_clearing', ownerId: null, amount: input.amount },
      { account: 'tutor_pending', ownerId: input.tutorId, amount: -(input.amount - fee) },
      { account: 'platform_revenue', ownerId: null, amount: -fee },
    ],
  });
}

/** Keeps only non-zero lines and checks the posting sums to zero. */
export function balanced(posting: Posting): Posting {
  const lines = posting.lines.filter((line) => line.amount !== 0);
  for (const line of lines) assertMinorUnits(Math.abs(line.amount));
  const sum = lines.reduce((total, line) => total + line.amount, 0);
  if (sum !== 0) throw new Error(`posting ${posting.kind} does not balance: ${sum}`);
  return { ...posting, lines };
}

function assertMinorUnits(amount: number): void {
  if (!Number.isSafeInteger(amount) || amount < 0) {
    throw new RangeError(`amount must be a non-negative integer of minor units, got ${amount}`);
  }
}

/**
 * How much of the fee a refund takes back: the fee stays proportional to what is kept, rounded
 * half up on the running total, so a series of partial refunds reverses exactly the whole fee
 * once everything is refunded.
 */
export function feeReversal(input: {
  amount: number;
  fee: number;
  refundedBefore: number;
  feeReversedBefore: number;
  refund: number;
}): number {
  const refundedAfter = input.refundedBefore + input.refund;
  if (refundedAfter > input.amount) throw new RangeError('refund exceeds the captured amount');
  const feeTarget = Math.floor((2 * input.fee * refundedAfter + input.amount) / (2 * input.amount));
  return feeTarget - input.feeReversedBefore;
}

/**
 * A refund: out of clearing, back from the tutor's share and the platform's fee. The tutor's part
 * comes from `pending` until the share is released and from `available` after it.
 */
export function refundIssued(input: {
  tutorId: string;
  currency: string;
  refund: number;
  feeReversed: number;
  from?: 'tutor_pending' | 'tutor_available';
}): Posting {
  return balanced({
    kind: 'refund_issued',
    currency: input.currency,
    lines: [
      { account: 'provider_clearing', ownerId: null, amount: -input.refund },
      {
        account: input.from ?? 'tutor_pending',
        ownerId: input.tutorId,
        amount: input.refund - input.feeReversed,
      },
      { account: 'platform_revenue', ownerId: null, amount: input.feeReversed },
    ],
  });
}

/** A completed lesson's held share becomes the tutor's to be paid: pending → available. */
export function earningsReleased(input: {
  tutorId: string;
  currency: string;
  amount: number;
}): Posting {
  return balanced({
    kind: 'earnings_released',
    currency: input.currency,
    lines: [
      { account: 'tutor_pending', ownerId: input.tutorId, amount: input.amount },
      { account: 'tutor_available', ownerId: input.tutorId, amount: -input.amount },
    ],
  });
}

/** A payout reached the tutor's bank: available → paid out. */
export function payoutSent(input: { tutorId: string; currency: string; amount: number }): Posting {
  return balanced({
    kind: 'payout_sent',
    currency: input.currency,
    lines: [
      { account: 'tutor_available', ownerId: input.tutorId, amount: input.amount },
      { account: 'tutor_paid_out', ownerId: input.tutorId, amount: -input.amount },
    ],
  });
}
