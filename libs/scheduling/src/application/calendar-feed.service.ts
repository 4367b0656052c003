import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Clock, ResourceNotFoundError, UnitOfWork, type AuthUser } from '@etutors/platform';
import { DataSource } from 'typeorm';
import { CalendarFeedEntity } from '../domain/booking.entity.js';
import { renderCalendar } from '../domain/icalendar.js';

/** Each user's private iCalendar feed of confirmed bookings, behind an unguessable token. */
@Injectable()
export class CalendarFeedService {
  constructor(
    private readonly dataSource: DataSource,
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
    const rows = (await this.dataSource.query(
      `SELECT b.id, b.starts_at, b.ends_at, b.updated_at, b.tutor_id = f.user_id AS as_tutor
         FROM scheduling.calendar_feeds f
         JOIN scheduling.bookings b ON (b.tutor_id = f.user_id OR b.student_id = f.user_id) AND b.status = 'confirmed'
        WHERE f.token = $1
        ORDER BY b.starts_at`,
      [token],
    )) as { id: string; starts_at: Date; ends_at: Date; updated_at: Date; as_tutor: boolean }[];
    if (rows.length === 0) {
      const [feed] = (await this.dataSource.query(
        'SELECT 1 FROM scheduling.calendar_feeds WHERE token = $1',
        [token],
      )) as unknown[];
      if (!feed) throw new ResourceNotFoundError('calendar');
    }
    return renderCalendar(
      rows.map((row) => ({
        uid: `${row.id}@etutors`,
        start: row.starts_at,
        end: row.ends_at,
        stamp: row.updated_at,
        summary: row.as_tutor ? 'E-Tutors lesson (teaching)' : 'E-Tutors lesson',
      })),
      this.clock.now(),
    );
  }
}
