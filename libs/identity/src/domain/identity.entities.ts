import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Role } from '@etutors/platform';

export type UserStatus = 'active' | 'suspended';

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
}

@Entity({ schema: 'identity', name: 'refresh_tokens' })
export class RefreshTokenEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid') userId: string;
  @Column('uuid') familyId: string;
  @Column('text', { unique: true }) tokenHash: string;
  @Column('timestamptz') expiresAt: Date;
  @Column('timestamptz', { nullable: true }) usedAt: Date | null;
  @Column('timestamptz', { nullable: true }) revokedAt: Date | null;
  @Column('timestamptz') createdAt: Date;
}

@Entity({ schema: 'identity', name: 'one_time_tokens' })
export class OneTimeTokenEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid') userId: string;
  @Column('text') purpose: 'password_reset' | 'email_verification';
  @Column('text', { unique: true }) tokenHash: string;
  @Column('timestamptz') expiresAt: Date;
  @Column('timestamptz', { nullable: true }) usedAt: Date | null;
  @Column('timestamptz') createdAt: Date;
}

@Entity({ schema: 'identity', name: 'audit_events' })
export class AuditEventEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { nullable: true }) userId: string | null;
  @Column('uuid', { nullable: true }) actorId: string | null;
  @Column('text') type: string;
  @Column('text', { nullable: true }) ip: string | null;
  @Column('text', { nullable: true }) userAgent: string | null;
  @Column('jsonb') data: Record<string, unknown>;
  @Column('timestamptz') at: Date;
}

export const IDENTITY_ENTITIES = [
  UserEntity,
  RefreshTokenEntity,
  OneTimeTokenEntity,
  AuditEventEntity,
];
