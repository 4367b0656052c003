/**
 * Commission rules: what share of a payment the platform keeps. A rule is flat (one rate) or
 * tiered by the tutor's completed lesson hours, the rate falling as the tutor teaches more. Rules
 * are versioned; a payment snapshots the rate and the version in force when it succeeds.
 */
export const COMMISSION_KINDS = ['flat', 'tiered'] as const;
export type CommissionKind = (typeof COMMISSION_KINDS)[number];

/** From `fromHours` completed lesson hours on (inclusive), the fee is `feeBps`. */
export interface CommissionTier {
  fromHours: number;
  feeBps: number;
}

export type CommissionTerms =
  { kind: 'flat'; feeBps: number } | { kind: 'tiered'; tiers: CommissionTier[] };

/** A stored rule, or the default (`version: null`): flat `PLATFORM_FEE_BPS`. */
export type CommissionRule = CommissionTerms & {
  version: number | null;
  createdAt: Date | null;
  createdBy: string | null;
};

export const MAX_FEE_BPS = 10_000;

/** The rule used while no version has been set: flat at the configured fee. */
export function defaultCommissionRule(feeBps: number): CommissionRule {
  return { version: null, kind: 'flat', feeBps, createdAt: null, createdBy: null };
}

/** The fee, in basis points, a tutor with `completedLessonHours` pays under `rule`. */
export function feeBpsFor(rule: CommissionTerms, completedLessonHours: number): number {
  if (rule.kind === 'flat') return rule.feeBps;
  let fee = rule.tiers[0]!.feeBps;
  for (const tier of rule.tiers) {
    if (tier.fromHours > completedLessonHours) break;
    fee = tier.feeBps;
  }
  return fee;
}

/**
 * Why a set of tiers cannot be a rule, or null when it can: it needs at least one tier, the first
 * starting at 0 h and each later one strictly after the one before, so every tutor falls in
 * exactly one. (Each tier's own range is checked with it.)
 */
export function tiersOrderProblem(tiers: readonly CommissionTier[]): string | null {
  if (tiers.length === 0) return 'tiers must not be empty';
  if (tiers[0]!.fromHours !== 0) return 'the first tier must start at 0 hours';
  for (let i = 1; i < tiers.length; i++) {
    if (!(tiers[i]!.fromHours > tiers[i - 1]!.fromHours)) {
      return 'each tier must start at more hours than the one before';
    }
  }
  return null;
}
