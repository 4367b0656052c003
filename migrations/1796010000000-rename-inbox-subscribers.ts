import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Subscribers used to be named after their method (`Class.method`); they now declare a stable
 * name. Their inbox rows carry over, so a redelivery of an event already handled under the old
 * name stays a no-op under the new one.
 */
const RENAMED: readonly (readonly [from: string, to: string])[] = [
  ['LessonCalendarSubscriber.createLesson', 'tutoring.create-lesson'],
  ['LessonCalendarSubscriber.moveLesson', 'tutoring.move-lesson'],
  ['LessonCalendarSubscriber.cancelLesson', 'tutoring.cancel-lesson'],
  ['PeopleSubscriber.registered', 'tutoring.record-person'],
  ['PeopleSubscriber.updated', 'tutoring.rename-person'],
  ['BookingLifecycleSubscriber.confirmOnPayment', 'scheduling.confirm-booking-on-payment'],
  ['BookingLifecycleSubscriber.completeWithLesson', 'scheduling.complete-booking-with-lesson'],
];

export class RenameInboxSubscribers1796010000000 implements MigrationInterface {
  name = 'RenameInboxSubscribers1796010000000';

  async up(q: QueryRunner): Promise<void> {
    await this.rename(q, RENAMED);
  }

  async down(q: QueryRunner): Promise<void> {
    await this.rename(
      q,
      RENAMED.map(([from, to]) => [to, from] as const),
    );
  }

  /** A row already under the target name (an event handled under both) wins; the other goes. */
  private async rename(q: QueryRunner, pairs: readonly (readonly [string, string])[]) {
    const params = [pairs.map(([from]) => from), pairs.map(([, to]) => to)];
    await q.query(
      `DELETE FROM platform.inbox old
        USING unnest($1::text[], $2::text[]) AS renamed(from_name, to_name), platform.inbox kept
        WHERE old.subscriber = renamed.from_name
          AND kept.subscriber = renamed.to_name AND kept.event_id = old.event_id`,
      params,
    );
    await q.query(
      `UPDATE platform.inbox SET subscriber = renamed.to_name
         FROM unnest($1::text[], $2::text[]) AS renamed(from_name, to_name)
        WHERE subscriber = renamed.from_name`,
      params,
    );
  }
}
