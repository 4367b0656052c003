import { Injectable } from '@nestjs/common';
import { Clock, ResourceNotFoundError, UnitOfWork, newId, type AuthUser } from '@etutors/platform';
import { AvailabilityEntity, TimeOffEntity } from '../domain/booking.entity.js';
import { weeklyWindowProblems, type WeeklyWindow } from '../domain/weekly-availability.js';
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

/** A tutor's weekly windows (in their zone) and absolute time off. */
@Injectable()
export class AvailabilityService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async put(tutor: AuthUser, input: AvailabilityView): Promise<AvailabilityView> {
    const problems = weeklyWindowProblems(input.weekly);
    if (problems.length > 0) throw new InvalidAvailabilityError(problems);
    const weekly = [...input.weekly].sort(
      (a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start),
    );
    const row = { ...input, weekly, tutorId: tutor.id, updatedAt: this.clock.now() };
    await this.unitOfWork.run((tx) => tx.manager.upsert(AvailabilityEntity, row, ['tutorId']));
    return toView(row as AvailabilityEntity);
  }

  async get(tutor: AuthUser): Promise<AvailabilityView> {
    return this.unitOfWork.run(async (tx) => {
      const availability = await tx.manager.findOne(AvailabilityEntity, {
        where: { tutorId: tutor.id },
      });
      if (!availability) throw new ResourceNotFoundError('availability');
      return toView(availability);
    });
  }

  async addTimeOff(
    tutor: AuthUser,
    input: { startsAt: Date; endsAt: Date; reason?: string },
  ): Promise<TimeOffView> {
    if (input.endsAt <= input.startsAt) {
      throw new InvalidAvailabilityError([
        { field: 'endsAt', message: 'endsAt must be after startsAt' },
      ]);
    }
    return this.unitOfWork.run(async (tx) => {
      const timeOff = {
        id: newId(),
        tutorId: tutor.id,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        reason: input.reason ?? null,
        createdAt: this.clock.now(),
      };
      await tx.manager.insert(TimeOffEntity, timeOff);
      const conflicts = (await tx.manager.query(
        `SELECT id FROM scheduling.bookings
          WHERE tutor_id = $1 AND status IN ('pending_payment', 'confirmed')
            AND tstzrange(starts_at, ends_at) && tstzrange($2, $3) ORDER BY starts_at`,
        [tutor.id, input.startsAt, input.endsAt],
      )) as { id: string }[];
      return {
        id: timeOff.id,
        startsAt: timeOff.startsAt.toISOString(),
        endsAt: timeOff.endsAt.toISOString(),
        reason: timeOff.reason,
        conflictingBookingIds: conflicts.map((row) => row.id),
      };
    });
  }

  async removeTimeOff(tutor: AuthUser, id: string): Promise<void> {
    await this.unitOfWork.run(async (tx) => {
      const result = await tx.manager.delete(TimeOffEntity, { id, tutorId: tutor.id });
      if (!result.affected) throw new ResourceNotFoundError('time_off');
    });
  }
}
