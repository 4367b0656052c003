import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { OneTimePurpose } from './one-time-tokens.js';

/** A mailed single-use token (password reset, e-mail verification), stored hashed. */
@Entity({ schema: 'identity', name: 'one_time_tokens' })
export class OneTimeTokenEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid') userId: string;
  @Column('text') purpose: OneTimePurpose;
  @Column('text', { unique: true }) tokenHash: string;
  @Column('timestamptz') expiresAt: Date;
  @Column('timestamptz', { nullable: true }) usedAt: Date | null;
  @Column('timestamptz') createdAt: Date;
}
