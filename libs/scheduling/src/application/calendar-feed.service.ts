import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  Clock,
  ResourceNotFoundError,
  SqlReader,
  UnitOfWork,
  type AuthUser,
} from '@etutors/platform';
import { CalendarFeedEntity } from '../domain/calendar-feed.entity.js';
import { renderCalendar } from '../domain/icalendar.js';
import { readFeedBookings } from '../infrastructure/calendar-feed.reader.js';

/** Each user's private iCalendar feed of confirmed bookings, behind an unguessable token. */
@Injectable()
export class CalendarFeedService {
  constructor(
    private readonly reader: SqlReader,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  /** The caller's feed token, created on first use. */
  async tokenFor(user: AuthUser): Promise<string> {
    return this.unitOfWork.run(async (tx) => {
      await tx.manager
        .createQueryBuilder()
        .insert()
        .into(CalendarFeedEntity)
        .values({
          userId: user.id,
          token: randomBytes(24).toString('base64url'),
          createdAt: this.clock.now(),
        })
        .orIgnore()
        .execute();
      const feed = await tx.manager.findOneOrFail(CalendarFeedEntity, {
        where: { userId: user.id },
      });
      return feed.token;
    });
  }

  /** A new token; the old URL stops working at once. */
  async regenerate(user: AuthUser): Promise<string> {
    const token = randomBytes(24).toString('base64url');
    await this.unitOfWork.run((tx) =>
      tx.manager.upsert(
        CalendarFeedEntity,
        { userId: user.id, token, createdAt: this.clock.now() },
        ['userId'],
      ),
    );
    return token;
  }

  async render(token: string): Promise<string> {
    const bookings = await readFeedBookings(this.reader, token);
    if (!bookings) throw new ResourceNotFoundError('calendar');
    return renderCalendar(
      bookings.map((booking) => ({
        uid: `${booking.id}@etutors`,
        start: booking.startsAt,
        end: booking.endsAt,
        stamp: booking.updatedAt,
        summary: booking.asTutor ? 'E-Tutors lesson (teaching)' : 'E-Tutors lesson',
      })),
      this.clock.now(),
    );
  }
}
