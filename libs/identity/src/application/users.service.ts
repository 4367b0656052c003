import { Injectable } from '@nestjs/common';
import {
  Clock,
  EventBus,
  ResourceNotFoundError,
  UnitOfWork,
  type AuthUser,
  type Page,
  type Role,
  type Transaction,
} from '@etutors/platform';
import { IsNull } from 'typeorm';
import { RefreshTokenEntity } from '../domain/refresh-token.entity.js';
import { UserEntity, type UserChange, type UserStatus } from '../domain/user.entity.js';
import { UserReactivated, UserRolesChanged, UserSuspended, UserUpdated } from '../events.js';
import {
  AuditEventsReader,
  type AuditEventView,
  type AuditFilters,
} from '../infrastructure/audit-events.reader.js';
import { UserReader, type UserFilters } from '../infrastructure/user.reader.js';
import { AuditLog, type RequestOrigin } from './audit-log.js';
import { toUserView, type UserView } from './user-view.js';

export type { AuditEventView } from '../infrastructure/audit-events.reader.js';
export type { UserFilters } from '../infrastructure/user.reader.js';

/** Profiles (the user's own) and user management (admins). */
@Injectable()
export class UsersService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly users: UserReader,
    private readonly auditTrail: AuditEventsReader,
    private readonly events: EventBus,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
  ) {}

  async me(user: AuthUser): Promise<UserView> {
    const view = await this.users.view(user.id);
    if (!view) throw new ResourceNotFoundError('user');
    return view;
  }

  async updateMe(
    user: AuthUser,
    changes: { displayName?: string; timezone?: string },
  ): Promise<UserView> {
    return this.unitOfWork.run(async (tx) => {
      const found = await this.lockUser(tx, user.id);
      if (found.changeProfile(changes, this.clock.now())) {
        await tx.manager.save(found);
        await this.events.publish(tx, UserUpdated, {
          aggregateId: user.id,
          actorId: user.id,
          payload: { userId: user.id, displayName: found.displayName, timezone: found.timezone },
        });
      }
      return toUserView(found);
    });
  }

  list(filters: UserFilters): Promise<Page<UserView>> {
    return this.users.page(filters);
  }

  /**
   * Suspends, reactivates or changes roles. Each change moves the token version on, so the
   * user's access tokens are refused on their next request, on every instance (the version is
   * read from the row per request); a suspension also ends every session (refresh token
   * families), so reactivation does not revive them.
   */
  async update(
    admin: AuthUser,
    id: string,
    changes: { status?: UserStatus; roles?: Role[]; reason?: string },
    origin: RequestOrigin,
  ): Promise<UserView> {
    return this.unitOfWork.run(async (tx) => {
      const user = await this.lockUser(tx, id);
      const now = this.clock.now();
      const reason = changes.reason ?? null;
      const made = [
        changes.status === 'suspended' ? user.suspend(admin.id, reason, now) : null,
        changes.status === 'active' ? user.reactivate(reason, now) : null,
        changes.roles ? user.changeRoles(changes.roles, admin.id, now) : null,
      ].filter((change): change is UserChange => change !== null);
      if (made.length === 0) return toUserView(user);
      await tx.manager.save(user);
      for (const change of made) await this.record(tx, user, change, admin.id, origin);
      return toUserView(user);
    });
  }

  auditEvents(filters: AuditFilters): Promise<Page<AuditEventView>> {
    return this.auditTrail.page(filters);
  }

  private async lockUser(tx: Transaction, id: string): Promise<UserEntity> {
    const user = await tx.manager.findOne(UserEntity, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!user) throw new ResourceNotFoundError('user');
    return user;
  }

  /** Announces and audits one change; a suspension also ends the user's sessions. */
  private async record(
    tx: Transaction,
    user: UserEntity,
    change: UserChange,
    actorId: string,
    origin: RequestOrigin,
  ): Promise<void> {
    const base = { aggregateId: user.id, actorId };
    if (change.kind === 'roles_changed') {
      const data = { roles: change.roles, previousRoles: change.previousRoles };
      await this.events.publish(tx, UserRolesChanged, {
        ...base,
        payload: { userId: user.id, ...data },
      });
      await this.audit.record(tx, 'user.roles_changed', { userId: user.id, actorId, origin, data });
      return;
    }
    const suspended = change.kind === 'suspended';
    if (suspended) {
      await tx.manager.update(
        RefreshTokenEntity,
        { userId: user.id, revokedAt: IsNull() },
        { revokedAt: user.updatedAt },
      );
    }
    await this.events.publish(tx, suspended ? UserSuspended : UserReactivated, {
      ...base,
      payload: { userId: user.id, reason: change.reason },
    });
    await this.audit.record(tx, suspended ? 'user.suspended' : 'user.reactivated', {
      userId: user.id,
      actorId,
      origin,
      ...(change.reason ? { data: { reason: change.reason } } : {}),
    });
  }
}
