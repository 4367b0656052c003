import { defineEvent } from '@etutors/platform';

export interface UserRegisteredPayload {
  userId: string;
  email: string;
  displayName: string;
  roles: string[];
  timezone: string;
}

export interface UserUpdatedPayload {
  userId: string;
  displayName: string;
  timezone: string;
}

export interface UserStatusChangedPayload {
  userId: string;
  reason: string | null;
}

export interface UserRolesChangedPayload {
  userId: string;
  roles: string[];
  previousRoles: string[];
}

export const UserRegistered = defineEvent<UserRegisteredPayload>('identity.user.registered');
export const UserUpdated = defineEvent<UserUpdatedPayload>('identity.user.updated');
export const UserSuspended = defineEvent<UserStatusChangedPayload>('identity.user.suspended');
export const UserReactivated = defineEvent<UserStatusChangedPayload>('identity.user.reactivated');
export const UserRolesChanged = defineEvent<UserRolesChangedPayload>('identity.user.roles_changed');
