import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ROLES, type Role } from '@etutors/platform';
import { InvalidRolesError, SelfChangeError } from '../identity.errors.js';

export type UserStatus = 'active' | 'suspended';

/** What an intent method changed, for the caller to announce and audit. */
export type UserChange =
  | { kind: 'suspended'; reason: string | null }
  | { kind: 'reactivated'; reason: string | null }
  | { kind: 'roles_changed'; roles: Role[]; previousRoles: Role[] };

/**
 * An account. Every change that must end the user's current access tokens (suspension,
 * reactivation, a role change, a new password) moves `tokenVersion` on: a token carries the
 * version it was signed under and is refused once the row holds another.
 */
@Entity({ schema: 'identity', name: 'users' })
export class UserEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text', { unique: true }) email: string;
  @Column('text') displayName: string;
  @Column('text') passwordHash: string;
  @Column('text', { array: true }) roles: Role[];
  @Column('text') status: UserStatus;
  @Column('text') timezone: string;
  @Column('timestamptz', { nullable: true }) emailVerifiedAt: Date | null;
  @Column('int') tokenVersion: number;
  @Column('timestamptz') createdAt: Date;
  @Column('timestamptz') updatedAt: Date;

  /** A new, active, unverified account with one role. */
  static register(
    fields: Pick<UserEntity, 'id' | 'email' | 'displayName' | 'passwordHash' | 'timezone'> & {
      role: Role;
    },
    at: Date,
  ): UserEntity {
    const user = new UserEntity();
    user.id = fields.id;
    user.email = fields.email;
    user.displayName = fields.displayName;
    user.passwordHash = fields.passwordHash;
    user.roles = [fields.role];
    user.status = 'active';
    user.timezone = fields.timezone;
    user.emailVerifiedAt = null;
    user.tokenVersion = 0;
    user.createdAt = at;
    user.updatedAt = at;
    return user;
  }

  get active(): boolean {
    return this.status === 'active';
  }

  /** Suspends the account (no-op when it already is); nobody suspends themself. */
  suspend(by: string, reason: string | null, at: Date): UserChange | null {
    if (by === this.id) throw new SelfChangeError();
    if (this.status === 'suspended') return null;
    this.status = 'suspended';
    this.revokeAccess(at);
    return { kind: 'suspended', reason };
  }

  /** Lifts a suspension (no-op on an active account). */
  reactivate(reason: string | null, at: Date): UserChange | null {
    if (this.status === 'active') return null;
    this.status = 'active';
    this.revokeAccess(at);
    return { kind: 'reactivated', reason };
  }

  /**
   * Replaces the roles (deduplicated, in a stable order; no-op when they are the same). At least
   * one known role; an admin never drops their own admin role.
   */
  changeRoles(roles: readonly Role[], by: string, at: Date): UserChange | null {
    const next = [...new Set(roles)].sort();
    if (next.length === 0 || next.some((role) => !ROLES.includes(role)))
      throw new InvalidRolesError();
    if (by === this.id && this.roles.includes('admin') && !next.includes('admin'))
      throw new SelfChangeError();
    const previousRoles = this.roles;
    if (next.join() === [...previousRoles].sort().join()) return null;
    this.roles = next;
    this.revokeAccess(at);
    return { kind: 'roles_changed', roles: next, previousRoles };
  }

  /** New display name and/or time zone; false when nothing differs. */
  changeProfile(changes: { displayName?: string; timezone?: string }, at: Date): boolean {
    const displayName = changes.displayName?.trim() ?? this.displayName;
    const timezone = changes.timezone ?? this.timezone;
    if (displayName === this.displayName && timezone === this.timezone) return false;
    this.displayName = displayName;
    this.timezone = timezone;
    this.updatedAt = at;
    return true;
  }

  /** A new password hash; every access token signed before stops working. */
  changePassword(passwordHash: string, at: Date): void {
    this.passwordHash = passwordHash;
    this.revokeAccess(at);
  }

  /** The same password under newer hashing parameters: sessions and tokens stay valid. */
  upgradePasswordHash(passwordHash: string): void {
    this.passwordHash = passwordHash;
  }

  /** Marks the e-mail verified; false when it already was (the first time stands). */
  verifyEmail(at: Date): boolean {
    if (this.emailVerifiedAt) return false;
    this.emailVerifiedAt = at;
    this.updatedAt = at;
    return true;
  }

  private revokeAccess(at: Date): void {
    this.tokenVersion += 1;
    this.updatedAt = at;
  }
}
