import type { UserEntity } from '../domain/user.entity.js';

export interface UserView {
  id: string;
  email: string;
  displayName: string;
  roles: string[];
  status: string;
  timezone: string;
  emailVerified: boolean;
  createdAt: string;
}

/** The whitelisted fields of a user, never the hash or token version. */
export const toUserView = (user: UserEntity): UserView => ({
  id: user.id,
  email: user.email,
  displayName: user.displayName,
  roles: user.roles,
  status: user.status,
  timezone: user.timezone,
  emailVerified: user.emailVerifiedAt !== null,
  createdAt: user.createdAt.toISOString(),
});

/** The columns a user view needs, for hot reads in plain SQL (`userViewFromRow` maps them). */
export const USER_VIEW_COLUMNS =
  'id, email, display_name, roles, status, timezone, email_verified_at, created_at';

export interface UserViewRow {
  id: string;
  email: string;
  display_name: string;
  roles: string[];
  status: string;
  timezone: string;
  email_verified_at: Date | null;
  created_at: Date;
}

export const userViewFromRow = (row: UserViewRow): UserView => ({
  id: row.id,
  email: row.email,
  displayName: row.display_name,
  roles: row.roles,
  status: row.status,
  timezone: row.timezone,
  emailVerified: row.email_verified_at !== null,
  createdAt: row.created_at.toISOString(),
});
