import { Injectable } from '@nestjs/common';
import { Clock, UnitOfWork, type AuthUser, type Transaction } from '@etutors/platform';
import { TutoringQueries } from '@etutors/tutoring';
import { BillingSettings } from '../billing.settings.js';
import {
  defaultCommissionRule,
  feeBpsFor,
  type CommissionRule,
  type CommissionTerms,
} from '../domain/commission.js';
import type { Commission } from '../domain/payment.entity.js';
import { CommissionRuleRepository } from '../infrastructure/commission-rule.repository.js';

export interface CommissionRuleVersion {
  rule: CommissionRule;
  /** The one in force: the newest version, or the default while there is none. */
  current: boolean;
}

/** The platform's commission: versioned rules an admin sets, and the rate a payment pays. */
@Injectable()
export class CommissionRulesService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly rules: CommissionRuleRepository,
    private readonly tutoring: TutoringQueries,
    private readonly settings: BillingSettings,
    private readonly clock: Clock,
  ) {}

  /** Every version, newest first; only the default (as current) while none was set. */
  async list(): Promise<CommissionRuleVersion[]> {
    const rules = await this.rules.all();
    if (rules.length === 0) {
      return [{ rule: defaultCommissionRule(this.settings.PLATFORM_FEE_BPS), current: true }];
    }
    return rules.map((rule, i) => ({ rule, current: i === 0 }));
  }

  /** A new version, in force for every payment that succeeds from now on. */
  async set(admin: AuthUser, terms: CommissionTerms): Promise<CommissionRule> {
    return this.unitOfWork.run((tx) =>
      this.rules.insertNext(tx, terms, admin.id, this.clock.now()),
    );
  }

  /**
   * What a payment to `tutorId` succeeding now pays: the rule in force applied to the tutor's
   * completed lesson hours, read in `tx`.
   */
  async commissionFor(tx: Transaction, tutorId: string): Promise<Commission> {
    const rule =
      (await this.rules.current(tx.manager)) ??
      defaultCommissionRule(this.settings.PLATFORM_FEE_BPS);
    const hours =
      rule.kind === 'flat' ? 0 : await this.tutoring.completedLessonHours(tutorId, tx.manager);
    return { feeBps: feeBpsFor(rule, hours), ruleVersion: rule.version };
  }
}
