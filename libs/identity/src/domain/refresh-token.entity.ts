import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One refresh token (stored hashed). Tokens descended from one login share a `familyId`: a
 * spent token presented again revokes its whole family.
 */
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
