import { Injectable } from '@nestjs/common';
import {
  Clock,
  EventBus,
  ResourceNotFoundError,
  SqlReader,
  UnitOfWork,
  pageOffset,
  toPage,
  type AuthUser,
  type Page,
  type Role,
  readPage,
} from '@etutors/platform';
import { DataSource, IsNull } from 'typeorm';
import { RefreshTokenEntity, UserEntity, type UserStatus } from '../domain/identity.entities.js';
import { UserReactivated, UserRolesChanged, UserSuspended, UserUpdated } from '../events.js';
import { SelfChangeError } from '../identity.errors.js';
import { AccessStateCache } from './access-state.cache.js';
import { AuditLog, type RequestOrigin } from './audit-log.js';
import {
  USER_VIEW_COLUMNS,
  toUserView,
  userViewFromRow,
  type UserView,
  type UserViewRow,
} from './user-view.js';

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

export interface UserFilters {
  role?: Role;
  status?: UserStatus;
  q?: string;
  page: number;
  limit: number;
}

/** Profiles (the user's own) and user management (admins). */
@Injectable()
export class UsersService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly dataSource: DataSource,
    private readonly reader: SqlReader,
    private readonly events: EventBus,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
    private readonly access: AccessStateCache,
  ) {}

  /** A hot read: one plain query of the columns shown, no transaction around it. */
  async me(user: AuthUser): Promise<UserView> {
    const [row] = await this.reader.query<UserViewRow>(
      `SELECT ${USER_VIEW_COLUMNS} FROM identity.users WHERE id = $1`,
      [user.id],
    );
    if (!row) throw new ResourceNotFoundError('user');
    return userViewFromRow(row);
  }

  async updateMe(
    user: AuthUser,
    changes: { displayName?: string; timezone?: string },
  ): Promise<UserView> {
    return this.unitOfWork.run(async (tx) => {
      const found = await tx.manager.findOne(UserEntity, {
        where: { id: user.id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!found) throw new ResourceNotFoundError('user');
      const displayName = changes.displayName?.trim() ?? found.displayName;
      const timezone = changes.timezone ?? found.timezone;
      if (displayName === found.displayName && timezone === found.timezone)
        return toUserView(found);
      found.displayName = displayName;
      found.timezone = timezone;
      found.updatedAt = this.clock.now();
      await tx.manager.update(
        UserEntity,
        { id: user.id },
        { displayName: found.displayName, timezone: found.timezone, updatedAt: found.updatedAt },
      );
      await this.events.publish(tx, UserUpdated, {
        aggregateId: user.id,
        actorId: user.id,
        payload: { userId: user.id, displayName: found.displayName, timezone: found.timezone },
      });
      return toUserView(found);
    });
  }

  /** A page of users, oldest first, filtered by role, status and text in e-mail or name. */
  async list(filters: UserFilters): Promise<Page<UserView>> {
    const query = this.dataSource.manager.createQueryBuilder(UserEntity, 'u');
    if (filters.role) query.andWhere(':role = ANY(u.roles)', { role: filters.role });
    if (filters.status) query.andWhere('u.status = :status', { status: filters.status });
    if (filters.q) {
      query.andWhere('(u.email ILIKE :q OR u.displayName ILIKE :q)', {
        q: `%${filters.q.replace(/[%_\\]/g, '\\$&')}%`,
      });
    }
    return readPage(query, 'createdAt', filters, toUserView);
  }

  /**
   * Suspends, reactivates or changes roles. Each change bumps the token version, so the user's
   * access tokens stop working on their next request; a suspension also ends every session
   * (refresh token families), so reactivation does not revive them.
   */
  async update(
    admin: AuthUser,
    id: string,
    changes: { status?: UserStatus; roles?: Role[] },
    origin: RequestOrigin,
  ): Promise<UserView> {
    if (
      id === admin.id &&
      (changes.status === 'suspended' || (changes.roles && !changes.roles.includes('admin')))
    ) {
      throw new SelfChangeError();
    }
    const outcome = await this.unitOfWork.run(async (tx) => {
      const user = await tx.manager.findOne(UserEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!user) throw new ResourceNotFoundError('user');
      const previousRoles = user.roles;
      const statusChanged = changes.status !== undefined && changes.status !== user.status;
      const roles = changes.roles ? [...new Set(changes.roles)].sort() : user.roles;
      const rolesChanged =
        changes.roles !== undefined && roles.join() !== [...user.roles].sort().join();
      if (!statusChanged && !rolesChanged) return { view: toUserView(user), state: null };
      Object.assign(user, {
        status: changes.status ?? user.status,
        roles,
        tokenVersion: user.tokenVersion + 1,
        updatedAt: this.clock.now(),
      });
      await tx.manager.update(
        UserEntity,
        { id },
        {
          status: user.status,
          roles: user.roles,
          tokenVersion: user.tokenVersion,
          updatedAt: user.updatedAt,
        },
      );
      if (statusChanged) {
        const suspended = user.status === 'suspended';
        if (suspended) {
          await tx.manager.update(
            RefreshTokenEntity,
            { userId: id, revokedAt: IsNull() },
            { revokedAt: user.updatedAt },
          );
        }
        await this.events.publish(tx, suspended ? UserSuspended : UserReactivated, {
          aggregateId: id,
          actorId: admin.id,
          payload: { userId: id, reason: null },
        });
        await this.audit.record(tx, suspended ? 'user.suspended' : 'user.reactivated', {
          userId: id,
          actorId: admin.id,
          origin,
        });
      }
      if (rolesChanged) {
        await this.events.publish(tx, UserRolesChanged, {
          aggregateId: id,
          actorId: admin.id,
          payload: { userId: id, roles: user.roles, previousRoles },
        });
        await this.audit.record(tx, 'user.roles_changed', {
          userId: id,
          actorId: admin.id,
          origin,
          data: { roles: user.roles, previousRoles },
        });
      }
      const state = { active: user.status === 'active', tokenVersion: user.tokenVersion };
      return { view: toUserView(user), state };
    });
    if (outcome.state) await this.access.store(id, outcome.state);
    return outcome.view;
  }

  async auditEvents(filters: {
    userId?: string;
    type?: string;
    page: number;
    limit: number;
  }): Promise<Page<AuditEventView>> {
    const rows = (await this.dataSource.query(
      `SELECT id, user_id, actor_id, type, ip, user_agent, data, at, count(*) OVER () AS total
         FROM identity.audit_events
        WHERE ($1::uuid IS NULL OR user_id = $1) AND ($2::text IS NULL OR type = $2)
        ORDER BY at DESC, id DESC LIMIT $3 OFFSET $4`,
      [filters.userId ?? null, filters.type ?? null, filters.limit, pageOffset(filters)],
    )) as {
      id: string;
      user_id: string | null;
      actor_id: string | null;
      type: string;
      ip: string | null;
      user_agent: string | null;
      data: unknown;
      at: Date;
      total: string;
    }[];
    // Past the last page there is no row to carry the total: count apart.
    const total =
      rows.length > 0 || filters.page === 1
        ? Number(rows[0]?.total ?? 0)
        : await this.countAuditEvents(filters);
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

  private async countAuditEvents(filters: { userId?: string; type?: string }): Promise<number> {
    const [row] = (await this.dataSource.query(
      `SELECT count(*)::int AS total FROM identity.audit_events
        WHERE ($1::uuid IS NULL OR user_id = $1) AND ($2::text IS NULL OR type = $2)`,
      [filters.userId ?? null, filters.type ?? null],
    )) as { total: number }[];
    return row?.total ?? 0;
  }
}
