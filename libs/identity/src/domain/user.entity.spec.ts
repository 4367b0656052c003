import type { Role } from '@etutors/platform';
import { InvalidRolesError, SelfChangeError } from '../identity.errors.js';
import { UserEntity } from './user.entity.js';

const ADMIN = '0190a1b2-0000-7000-8000-00000000000a';
const created = new Date('2030-01-01T00:00:00Z');
const later = new Date('2030-01-02T00:00:00Z');

const aUser = (role: Role = 'student') =>
  UserEntity.register(
    {
      id: '0190a1b2-0000-7000-8000-000000000001',
      email: 'ada@example.com',
      displayName: 'Ada',
      passwordHash: 'hash',
      role,
      timezone: 'UTC',
    },
    created,
  );

describe('UserEntity', () => {
  it('registers an active, unverified account at token version 0', () => {
    const user = aUser('tutor');
    expect(user).toMatchObject({
      roles: ['tutor'],
      status: 'active',
      emailVerifiedAt: null,
      tokenVersion: 0,
      createdAt: created,
      updatedAt: created,
    });
  });

  it('suspends and reactivates, each once, moving the token version on', () => {
    const user = aUser();
    expect(user.suspend(ADMIN, 'spam', later)).toEqual({ kind: 'suspended', reason: 'spam' });
    expect(user).toMatchObject({ status: 'suspended', tokenVersion: 1, updatedAt: later });
    expect(user.suspend(ADMIN, null, later)).toBeNull();
    expect(user.tokenVersion).toBe(1);
    expect(user.reactivate(null, later)).toEqual({ kind: 'reactivated', reason: null });
    expect(user).toMatchObject({ status: 'active', tokenVersion: 2 });
    expect(user.reactivate(null, later)).toBeNull();
    expect(user.tokenVersion).toBe(2);
  });

  it('never lets anyone suspend themself', () => {
    const user = aUser('admin');
    expect(() => user.suspend(user.id, null, later)).toThrow(SelfChangeError);
    expect(user).toMatchObject({ status: 'active', tokenVersion: 0 });
  });

  it('changes roles, deduplicated and sorted, and reports what they were', () => {
    const user = aUser('tutor');
    expect(user.changeRoles(['tutor', 'student', 'tutor'], ADMIN, later)).toEqual({
      kind: 'roles_changed',
      roles: ['student', 'tutor'],
      previousRoles: ['tutor'],
    });
    expect(user).toMatchObject({ roles: ['student', 'tutor'], tokenVersion: 1 });
    expect(user.changeRoles(['tutor', 'student'], ADMIN, later)).toBeNull();
    expect(user.tokenVersion).toBe(1);
  });

  it('refuses an empty or unknown role list, and an admin dropping their own admin role', () => {
    const user = aUser('admin');
    expect(() => user.changeRoles([], ADMIN, later)).toThrow(InvalidRolesError);
    expect(() => user.changeRoles(['king' as Role], ADMIN, later)).toThrow(InvalidRolesError);
    expect(() => user.changeRoles(['student'], user.id, later)).toThrow(SelfChangeError);
    expect(user.changeRoles(['admin', 'tutor'], user.id, later)).toMatchObject({
      roles: ['admin', 'tutor'],
    });
    expect(user.changeRoles(['student'], ADMIN, later)).toMatchObject({ roles: ['student'] });
  });

  it('changes its profile only when something differs, without touching access', () => {
    const user = aUser();
    expect(user.changeProfile({ displayName: '  Ada  ', timezone: 'UTC' }, later)).toBe(false);
    expect(user.changeProfile({ timezone: 'Europe/Berlin' }, later)).toBe(true);
    expect(user).toMatchObject({ displayName: 'Ada', timezone: 'Europe/Berlin', tokenVersion: 0 });
  });

  it('ends access with a new password, but not with an upgraded hash of the same one', () => {
    const user = aUser();
    user.upgradePasswordHash('rehashed');
    expect(user).toMatchObject({ passwordHash: 'rehashed', tokenVersion: 0 });
    user.changePassword('new', later);
    expect(user).toMatchObject({ passwordHash: 'new', tokenVersion: 1 });
  });

  it('keeps the first e-mail verification', () => {
    const user = aUser();
    expect(user.verifyEmail(later)).toBe(true);
    expect(user.verifyEmail(new Date('2031-01-01T00:00:00Z'))).toBe(false);
    expect(user.emailVerifiedAt).toEqual(later);
  });
});
