import { HOUR_MS } from '@etutors/platform';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { InvalidBookingSettingsError } from '../scheduling.errors.js';
import type { LessonLimits } from './booking-limits.js';

const bigintAsNumber = {
  to: (value: number | null) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

/** A trial lesson lasts half an hour. */
export const TRIAL_MINUTES = 30;

/** What a tutor decides about taking bookings. */
export interface BookingSettingsInput {
  maxLessonsPerDay: number | null;
  maxLessonsPerWeek: number | null;
  requiresConfirmation: boolean;
  trialEnabled: boolean;
  /** In the tutor's currency's minor units; 0 is a free trial. */
  trialPriceAmount: number | null;
}

/**
 * A tutor's booking settings: limits on lessons per local day and week, whether each paid
 * request waits for the tutor's answer, and the trial lesson they offer. A tutor who never set
 * them takes bookings without limits, confirmation or trial.
 */
@Entity({ schema: 'scheduling', name: 'tutor_booking_settings' })
export class TutorBookingSettingsEntity {
  @PrimaryColumn('uuid') tutorId: string;
  @Column('int', { nullable: true }) maxLessonsPerDay: number | null;
  @Column('int', { nullable: true }) maxLessonsPerWeek: number | null;
  @Column('boolean') requiresConfirmation: boolean;
  @Column('boolean') trialEnabled: boolean;
  @Column('bigint', { nullable: true, transformer: bigintAsNumber })
  trialPriceAmount: number | null;
  @Column('timestamptz') updatedAt: Date;

  /** The settings of a tutor who never changed them. */
  static defaults(tutorId: string): TutorBookingSettingsEntity {
    return Object.assign(new TutorBookingSettingsEntity(), {
      tutorId,
      maxLessonsPerDay: null,
      maxLessonsPerWeek: null,
      requiresConfirmation: false,
      trialEnabled: false,
      trialPriceAmount: null,
      updatedAt: new Date(0),
    });
  }

  /** The tutor's new settings; refused (400, naming the fields) when they contradict each other. */
  static write(
    tutorId: string,
    input: BookingSettingsInput,
    now: Date,
  ): TutorBookingSettingsEntity {
    const problems: { field: string; message: string }[] = [];
    if (
      input.maxLessonsPerDay !== null &&
      input.maxLessonsPerWeek !== null &&
      input.maxLessonsPerWeek < input.maxLessonsPerDay
    )
      problems.push({
        field: 'maxLessonsPerWeek',
        message: 'must be at least maxLessonsPerDay',
      });
    if (input.trialEnabled && input.trialPriceAmount === null)
      problems.push({
        field: 'trialPriceAmount',
        message: 'a trial needs a price (0 for a free trial)',
      });
    if (problems.length > 0) throw new InvalidBookingSettingsError(problems);
    return Object.assign(new TutorBookingSettingsEntity(), {
      tutorId,
      ...input,
      updatedAt: now,
    });
  }

  get limits(): LessonLimits {
    return { perDay: this.maxLessonsPerDay, perWeek: this.maxLessonsPerWeek };
  }

  /** The trial's price in minor units, or null when the tutor offers no trial. */
  get trialPrice(): number | null {
    return this.trialEnabled ? this.trialPriceAmount : null;
  }

  /**
   * Until when the tutor may answer a request paid at `now`: `responseHours` later, but never
   * past the lesson's start.
   */
  responseDeadline(now: Date, startsAt: Date, responseHours: number): Date {
    return new Date(Math.min(now.getTime() + responseHours * HOUR_MS, startsAt.getTime()));
  }
}
