import { Injectable } from '@nestjs/common';
import { SqlReader, pageOffset, toPage, type Page } from '@etutors/platform';

export interface AuditEventView {
  id: string;
  userId: string | null;
  actorId: string | null;
  type: string;
  ip: string | null;
  userAgent: string | null;
  data: unknown;
  at: string;
}

export interface AuditFilters {
  userId?: string;
  type?: string;
  page: number;
  limit: number;
}

interface AuditEventRow {
  id: string;
  user_id: string | null;
  actor_id: string | null;
  type: string;
  ip: string | null;
  user_agent: string | null;
  data: unknown;
  at: Date;
  total: string;
}

const MATCHES = '($1::uuid IS NULL OR user_id = $1) AND ($2::text IS NULL OR type = $2)';

/** The audit trail, newest first, for the admin console. */
@Injectable()
export class AuditEventsReader {
  constructor(private readonly reader: SqlReader) {}

  async page(filters: AuditFilters): Promise<Page<AuditEventView>> {
    const matching = [filters.userId ?? null, filters.type ?? null];
    const rows = await this.reader.query<AuditEventRow>(
      `SELECT id, user_id, actor_id, type, ip, user_agent, data, at, count(*) OVER () AS total
         FROM identity.audit_events WHERE ${MATCHES}
        ORDER BY at DESC, id DESC LIMIT $3 OFFSET $4`,
      [...matching, filters.limit, pageOffset(filters)],
    );
    // Past the last page there is no row to carry the total: count apart.
    const total =
      rows.length > 0 || filters.page === 1
        ? Number(rows[0]?.total ?? 0)
        : ((
            await this.reader.query<{ total: number }>(
              `SELECT count(*)::int AS total FROM identity.audit_events WHERE ${MATCHES}`,
              matching,
            )
          )[0]?.total ?? 0);
    return toPage(
      rows.map((row) => ({
        id: row.id,
        userId: row.user_id,
        actorId: row.actor_id,
        type: row.type,
        ip: row.ip,
        userAgent: row.user_agent,
        data: row.data,
        at: row.at.toISOString(),
      })),
      total,
      filters,
    );
  }
}
