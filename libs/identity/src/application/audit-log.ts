import { Injectable } from '@nestjs/common';
import { Clock, newId, type Transaction } from '@etutors/platform';
import type { EntityManager } from 'typeorm';
import { AuditEventEntity } from '../domain/audit-event.entity.js';

/** Everything the security audit trail records. */
export const AUDIT_TYPES = [
  'user.registered',
  'login.succeeded',
  'login.failed',
  'refresh_token.reused',
  'password.reset',
  'email.verified',
  'user.suspended',
  'user.reactivated',
  'user.roles_changed',
] as const;

export type AuditType = (typeof AUDIT_TYPES)[number];

export interface RequestOrigin {
  ip?: string | null;
  userAgent?: string | null;
}

/** The security audit trail (`identity.audit_events`): who did what to whom, when, from where. */
@Injectable()
export class AuditLog {
  constructor(private readonly clock: Clock) {}

  /** Records inside the caller's transaction, or on its own when given a plain entity manager. */
  async record(
    target: Transaction | EntityManager,
    type: AuditType,
    entry: {
      userId?: string | null;
      actorId?: string | null;
      origin?: RequestOrigin;
      data?: Record<string, unknown>;
    },
  ): Promise<void> {
    const manager = 'manager' in target ? target.manager : target;
    await manager.insert(AuditEventEntity, {
      id: newId(),
      userId: entry.userId ?? null,
      actorId: entry.actorId ?? null,
      type,
      ip: entry.origin?.ip ?? null,
      userAgent: entry.origin?.userAgent?.slice(0, 500) ?? null,
      data: (entry.data ?? {}) as object,
      at: this.clock.now(),
    });
  }
}
