import { Injectable } from '@nestjs/common';
import type { Role } from '@etutors/platform';
import { DataSource } from 'typeorm';
import type { UserStatus } from '../domain/identity.entities.js';

/** What another context may know about a user. */
export interface UserSummary {
  id: string;
  displayName: string;
  roles: Role[];
  status: UserStatus;
}

/** The identity context's query port for other contexts (exported from `@etutors/identity`). */
@Injectable()
export class IdentityQueries {
  constructor(private readonly dataSource: DataSource) {}

  /** The public display name of a user, or null when there is no such user. */
  async displayName(userId: string): Promise<string | null> {
    return (await this.getUserSummary(userId))?.displayName ?? null;
  }

  /** Name, roles and status of a user, or null when there is no such user. */
  async getUserSummary(userId: string): Promise<UserSummary | null> {
    const [row] = (await this.dataSource.query(
      'SELECT id, display_name, roles, status FROM identity.users WHERE id = $1',
      [userId],
    )) as { id: string; display_name: string; roles: Role[]; status: UserStatus }[];
    return row
      ? { id: row.id, displayName: row.display_name, roles: row.roles, status: row.status }
      : null;
  }
}
