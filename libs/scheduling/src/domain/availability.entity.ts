import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { WeeklyWindow } from './weekly-availability.js';

/** A tutor's weekly windows in their own zone, and the rules every booking of them follows. */
@Entity({ schema: 'scheduling', name: 'availability' })
export class AvailabilityEntity {
  @PrimaryColumn('uuid') tutorId: string;
  @Column('text') timezone: string;
  @Column('jsonb') weekly: WeeklyWindow[];
  @Column('int') bufferMinutes: number;
  @Column('int') minNoticeMinutes: number;
  @Column('int') maxAdvanceDays: number;
  @Column('timestamptz') updatedAt: Date;
}
