import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { Clock, JobHandler, JobQueue, defineJob } from '@etutors/platform';
import { LessonsService } from './lessons.service.js';

export const CompleteOverdueLessons = defineJob<Record<string, never>>(
  'billing',
  'tutoring.complete-overdue-lessons',
);

/** Lessons nobody marked are completed a day after their end, so earnings can move on. */
@Injectable()
export class LessonCompletionSchedule {
  private readonly logger = new Logger('LessonCompletion');

  constructor(
    private readonly jobs: JobQueue,
    private readonly lessons: LessonsService,
    private readonly clock: Clock,
  ) {}

  @Cron(CronExpression.EVERY_10_MINUTES)
  async enqueue(): Promise<void> {
    const slot = Math.floor(this.clock.now().getTime() / 600_000);
    await this.jobs.enqueue(
      CompleteOverdueLessons,
      {},
      { jobId: `complete-overdue-lessons:${slot}` },
    );
  }

  @JobHandler(CompleteOverdueLessons)
  async run(): Promise<void> {
    let total = 0;
    for (
      let batch = await this.lessons.completeOverdue();
      batch > 0;
      batch = await this.lessons.completeOverdue()
    ) {
      total += batch;
    }
    if (total > 0) this.logger.log(`Completed ${total} overdue lessons`);
  }
}
