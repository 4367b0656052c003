import { Injectable } from '@nestjs/common';
import { SqlReader, type SqlQueryable, readPage, type Page, type Role } from '@etutors/platform';
import { DataSource } from 'typeorm';
import type { AccessState } from '../domain/access-state.js';
import { UserEntity, type UserStatus } from '../domain/user.entity.js';
import {
  USER_VIEW_COLUMNS,
  toUserView,
  userViewFromRow,
  type UserView,
  type UserViewRow,
} from '../application/user-view.js';

export interface UserContact {
  email: string;
  displayName: string;
  timezone: string;
  changedAt: Date;
}

export interface UserFilters {
  role?: Role;
  status?: UserStatus;
  q?: string;
  page: number;
  limit: number;
}

/** Reads of `identity.users` outside transactions: plain SQL through the platform reader. */
@Injectable()
export class UserReader {
  constructor(
    private readonly reader: SqlReader,
    private readonly dataSource: DataSource,
  ) {}

  /** What an access token is checked against on every request: one primary-key read. */
  async accessState(userId: string): Promise<AccessState | null> {
    const [row] = await this.reader.query<{ status: UserStatus; token_version: number }>(
      'SELECT status, token_version FROM identity.users WHERE id = $1',
      [userId],
    );
    return row ? { active: row.status === 'active', tokenVersion: row.token_version } : null;
  }

  /** The access states of several users in one read (an unknown user is absent). */
  async accessStates(userIds: readonly string[]): Promise<Map<string, AccessState>> {
    const rows = await this.reader.query<{ id: string; status: UserStatus; token_version: number }>(
      'SELECT id, status, token_version FROM identity.users WHERE id = ANY($1::uuid[])',
      [userIds],
    );
    return new Map(
      rows.map((row) => [
        row.id,
        { active: row.status === 'active', tokenVersion: row.token_version },
      ]),
    );
  }

  async view(userId: string): Promise<UserView | null> {
    const [row] = await this.reader.query<UserViewRow>(
      `SELECT ${USER_VIEW_COLUMNS} FROM identity.users WHERE id = $1`,
      [userId],
    );
    return row ? userViewFromRow(row) : null;
  }

  /** How to reach and address a user, with when their row last changed. */
  async contact(userId: string, via: SqlQueryable = this.reader): Promise<UserContact | null> {
    const [row] = (await via.query(
      'SELECT email, display_name, timezone, updated_at FROM identity.users WHERE id = $1',
      [userId],
    )) as { email: string; display_name: string; timezone: string; updated_at: Date }[];
    return row
      ? {
          email: row.email,
          displayName: row.display_name,
          timezone: row.timezone,
          changedAt: row.updated_at,
        }
      : null;
  }

  async displayName(userId: string, via: SqlQueryable = this.reader): Promise<string | null> {
    const [row] = (await via.query('SELECT display_name FROM identity.users WHERE id = $1', [
      userId,
    ])) as { display_name: string }[];
    return row?.display_name ?? null;
  }

  async adminExists(): Promise<boolean> {
    const rows = await this.reader.query(
      `SELECT 1 FROM identity.users WHERE 'admin' = ANY(roles) LIMIT 1`,
    );
    return rows.length > 0;
  }

  /** A page of users, oldest first, filtered by role, status and text in e-mail or name. */
  page(filters: UserFilters): Promise<Page<UserView>> {
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
}
