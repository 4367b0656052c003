import type { UserEntity } from '../domain/identity.entities.js';

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
