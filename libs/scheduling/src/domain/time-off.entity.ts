import { newId } from '@etutors/platform';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { InvalidAvailabilityError, TimeOffOutOfBoundsError } from '../scheduling.errors.js';
import { timeOffProblem } from './time-off.policy.js';

/** An absolute stretch of time a tutor takes off: no slot, and no new booking, falls into it. */
@Entity({ schema: 'scheduling', name: 'time_off' })
export class TimeOffEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid') tutorId: string;
  @Column('timestamptz') startsAt: Date;
  @Column('timestamptz') endsAt: Date;
  @Column('text', { nullable: true }) reason: string | null;
  @Column('timestamptz') createdAt: Date;

  /** New time off for `tutorId`, refused when it ends before it starts, has ended or is too long. */
  static take(input: {
    tutorId: string;
    startsAt: Date;
    endsAt: Date;
    reason: string | null;
    now: Date;
  }): TimeOffEntity {
    const problem = timeOffProblem({
      start: input.startsAt.getTime(),
      end: input.endsAt.getTime(),
      now: input.now.getTime(),
    });
    if (problem === 'ends_before_start')
      throw new InvalidAvailabilityError([
        { field: 'endsAt', message: 'endsAt must be after startsAt' },
      ]);
    if (problem) throw new TimeOffOutOfBoundsError(problem);
    return Object.assign(new TimeOffEntity(), {
      id: newId(),
      tutorId: input.tutorId,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      reason: input.reason,
      createdAt: input.now,
    });
  }
}
