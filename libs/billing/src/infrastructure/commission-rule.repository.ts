import { Injectable } from '@nestjs/common';
import { SqlReader, type SqlQueryable, type Transaction } from '@etutors/platform';
import type { CommissionRule, CommissionTerms, CommissionTier } from '../domain/commission.js';

interface CommissionRuleRow {
  version: number;
  kind: 'flat' | 'tiered';
  fee_bps: number | null;
  tiers: CommissionTier[] | null;
  created_at: Date;
  created_by: string | null;
}

const COLUMNS = 'version, kind, fee_bps, tiers, created_at, created_by';

const toRule = (row: CommissionRuleRow): CommissionRule => ({
  version: row.version,
  ...(row.kind === 'flat'
    ? { kind: 'flat' as const, feeBps: row.fee_bps! }
    : { kind: 'tiered' as const, tiers: row.tiers! }),
  createdAt: row.created_at,
  createdBy: row.created_by,
});

/** The versioned commission rules; the newest version is the one in force. */
@Injectable()
export class CommissionRuleRepository {
  constructor(private readonly reader: SqlReader) {}

  /** The rule in force, or null while no version was ever set. */
  async current(via: SqlQueryable = this.reader): Promise<CommissionRule | null> {
    const [row] = (await via.query(
      `SELECT ${COLUMNS} FROM billing.commission_rules ORDER BY version DESC LIMIT 1`,
    )) as CommissionRuleRow[];
    return row ? toRule(row) : null;
  }

  /** Every version, newest first. */
  async all(): Promise<CommissionRule[]> {
    const rows = await this.reader.query<CommissionRuleRow>(
      `SELECT ${COLUMNS} FROM billing.commission_rules ORDER BY version DESC`,
    );
    return rows.map(toRule);
  }

  /**
   * Stores `terms` as the next version. Writers queue on a transaction lock, so two at once get
   * consecutive versions rather than one failing on the key.
   */
  async insertNext(
    tx: Transaction,
    terms: CommissionTerms,
    createdBy: string | null,
    at: Date,
  ): Promise<CommissionRule> {
    await tx.manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
      'billing.commission_rules',
    ]);
    const [row] = (await tx.manager.query(
      `INSERT INTO billing.commission_rules (version, kind, fee_bps, tiers, created_at, created_by)
       SELECT coalesce(max(version), 0) + 1, $1, $2, $3::jsonb, $4, $5 FROM billing.commission_rules
       RETURNING ${COLUMNS}`,
      [
        terms.kind,
        terms.kind === 'flat' ? terms.feeBps : null,
        terms.kind === 'tiered'
          ? JSON.stringify(terms.tiers.map(({ fromHours, feeBps }) => ({ fromHours, feeBps })))
          : null,
        at,
        createdBy,
      ],
    )) as CommissionRuleRow[];
    return toRule(row!);
  }
}
