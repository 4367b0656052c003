import { Injectable } from '@nestjs/common';
import { newId, type Transaction } from '@etutors/platform';
import type { EntityManager } from 'typeorm';
import { AuditEventEntity } from '../domain/identity.entities.js';

export type AuditType =
  | 'login.succeeded'
  | 'login.failed'
  | 'refresh_token.reused'
  | 'password.reset'
  | 'email.verified'
  | 'user.suspended'
  | 'user.reactivated'
  | 'user.roles_changed'
  | 'user.registered';

export interface RequestOrigin {
  ip?: string | null;
  userAgent?: string | null;
}

/** The security audit trail: who did what, when, from where. */
@Injectable()
export class AuditLog {
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
      at: new Date(),
    });
  }
}
