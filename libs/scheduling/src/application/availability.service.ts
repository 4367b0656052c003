import { Injectable } from '@nestjs/common';
import {
  Clock,
  EventBus,
  ResourceNotFoundError,
  SqlReader,
  UnitOfWork,
  type AuthUser,
} from '@etutors/platform';
import { DataSource } from 'typeorm';
import { AvailabilityEntity } from '../domain/availability.entity.js';
import { TimeOffEntity } from '../domain/time-off.entity.js';
import {
  weeklyMinutes,
  weeklyWindowProblems,
  type WeeklyWindow,
} from '../domain/weekly-availability.js';
import { AvailabilityChanged } from '../events.js';
import {
  readConflictingBookingIds,
  readUpcomingTimeOff,
  type TimeOffRow,
} from '../infrastructure/time-off.reader.js';
import { InvalidAvailabilityError } from '../scheduling.errors.js';

export interface AvailabilityView {
  timezone: string;
  weekly: WeeklyWindow[];
  bufferMinutes: number;
  minNoticeMinutes: number;
  maxAdvanceDays: number;
}

export interface TimeOffView {
  id: string;
  startsAt: string;
  endsAt: string;
  reason: string | null;
  /** Confirmed or held bookings inside the time off: reported, never cancelled silently. */
  conflictingBookingIds: string[];
}

const toView = (a: AvailabilityEntity): AvailabilityView => ({
  timezone: a.timezone,
  weekly: a.weekly,
  bufferMinutes: a.bufferMinutes,
  minNoticeMinutes: a.minNoticeMinutes,
  maxAdvanceDays: a.maxAdvanceDays,
});

const toTimeOffView = (timeOff: TimeOffRow): TimeOffView => ({
  id: timeOff.id,
  startsAt: timeOff.startsAt.toISOString(),
  endsAt: timeOff.endsAt.toISOString(),
  reason: timeOff.reason,
  conflictingBookingIds: timeOff.conflictingBookingIds,
});

/** A tutor's weekly windows (in their zone) and absolute time off. */
@Injectable()
export class AvailabilityService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly dataSource: DataSource,
    private readonly reader: SqlReader,
    private readonly clock: Clock,
    private readonly events: EventBus,
  ) {}

  async put(tutor: AuthUser, input: AvailabilityView): Promise<AvailabilityView> {
    const problems = weeklyWindowProblems(input.weekly);
    if (problems.length > 0) throw new InvalidAvailabilityError(problems);
    const weekly = [...input.weekly].sort(
      (a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start),
    );
    const row = { ...input, weekly, tutorId: tutor.id, updatedAt: this.clock.now() };
    await this.unitOfWork.run(async (tx) => {
      await tx.manager.upsert(AvailabilityEntity, row, ['tutorId']);
      await this.events.publish(tx, AvailabilityChanged, {
        aggregateId: tutor.id,
        actorId: tutor.id,
        payload: {
          tutorId: tutor.id,
          timezone: row.timezone,
          weeklyMinutes: weeklyMinutes(weekly),
        },
      });
    });
    return toView(row as AvailabilityEntity);
  }

  async get(tutor: AuthUser): Promise<AvailabilityView> {
    const availability = await this.dataSource.manager.findOne(AvailabilityEntity, {
      where: { tutorId: tutor.id },
    });
    if (!availability) throw new ResourceNotFoundError('availability');
    return toView(availability);
  }

  /** Takes time off (refused if it has ended or is longer than a year) and reports the bookings inside it. */
  async addTimeOff(
    tutor: AuthUser,
    input: { startsAt: Date; endsAt: Date; reason?: string },
  ): Promise<TimeOffView> {
    const timeOff = TimeOffEntity.take({
      tutorId: tutor.id,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      reason: input.reason ?? null,
      now: this.clock.now(),
    });
    return this.unitOfWork.run(async (tx) => {
      await tx.manager.insert(TimeOffEntity, timeOff);
      const conflictingBookingIds = await readConflictingBookingIds(
        tx.manager,
        tutor.id,
        timeOff.startsAt,
        timeOff.endsAt,
      );
      return toTimeOffView({ ...timeOff, conflictingBookingIds });
    });
  }

  /** The tutor's time off that has not ended yet, soonest first; ended time off is left out. */
  async listTimeOff(tutor: AuthUser): Promise<TimeOffView[]> {
    const rows = await readUpcomingTimeOff(this.reader, tutor.id, this.clock.now());
    return rows.map(toTimeOffView);
  }

  async removeTimeOff(tutor: AuthUser, id: string): Promise<void> {
    await this.unitOfWork.run(async (tx) => {
      const result = await tx.manager.delete(TimeOffEntity, { id, tutorId: tutor.id });
      if (!result.affected) throw new ResourceNotFoundError('time_off');
    });
  }
}
