import { defineJob, JobHandlerRegistry, JobQueue } from '@etutors/platform';
import { BullJobQueue } from '../../libs/platform/src/jobs/drivers/bull-job-queue.js';
import { InlineJobQueue } from '../../libs/platform/src/jobs/drivers/inline-job-queue.js';
import { eventually, startTestApp, type TestApp } from '../support/test-app.js';
import { FlakyJob, PlatformFixturesModule, RecordingJobs, SlowJob } from './support/fixtures.js';
import { watchFinishedJobs } from './support/finished-jobs.js';
import { describeWithRedis, itWithRedis } from '../support/needs-redis.js';

describe('background jobs', () => {
  let t: TestApp;
  let recorded: RecordingJobs;

  beforeAll(async () => {
    t = await startTestApp({ imports: [PlatformFixturesModule] });
    recorded = t.get(RecordingJobs);
  });
  afterAll(() => t.close());

  it(`uses the driver the environment asks for (${process.env.REDIS_URL ? 'bull' : 'inline'})`, () => {
    expect(t.get(JobQueue).driver).toBe(process.env.REDIS_URL ? 'bull' : 'inline');
  });

  it('retries a failed job with backoff until it succeeds', async () => {
    await t.get(JobQueue).enqueue(FlakyJob, { key: 'retry-me', failTimes: 2 });
    await eventually(() => recorded.done.includes('retry-me'));
    expect(recorded.runs.filter((run) => run.key === 'retry-me').map((run) => run.attempt)).toEqual(
      [1, 2, 3],
    );
  });

  it('keeps a job that exhausted its attempts for inspection', async () => {
    const jobs = t.get(JobQueue);
    await jobs.enqueue(
      FlakyJob,
      { key: 'doomed', failTimes: 99 },
      { attempts: 2, jobId: 'doomed-job' },
    );
    const failed = await eventually(async () =>
      (await jobs.failedJobs('reports')).find((job) => job.id === 'doomed-job'),
    );
    expect(failed).toMatchObject({
      name: 'test.flaky-job',
      attemptsMade: 2,
      failedReason: 'attempt 2 fails',
    });
    expect(recorded.done).not.toContain('doomed');
  });

  it('runs a job id only once while it exists', async () => {
    const jobs = t.get(JobQueue);
    const finished = watchFinishedJobs(t);
    try {
      await Promise.all(
        [1, 2, 3].map(() =>
          jobs.enqueue(
            FlakyJob,
            { key: 'dedup', failTimes: 0 },
            { jobId: 'dedup-job', delayMs: 100 },
          ),
        ),
      );
      await eventually(() => finished.ids.has('dedup-job'));
      // Nothing else is left to run on the queue: a duplicate would still be waiting or delayed.
      await eventually(async () => {
        const { waiting, delayed, active } = (await jobs.counts()).reports;
        return waiting + delayed + active === 0;
      });
      expect(recorded.done.filter((key) => key === 'dedup')).toHaveLength(1);
    } finally {
      finished.stop();
    }
  });

  describe('both drivers run the same handler', () => {
    const settings = { attempts: 3, backoffMs: 10 };

    it('inline', async () => {
      const inline = new InlineJobQueue(settings, t.get(JobHandlerRegistry));
      await inline.startProcessing();
      await inline.enqueue(FlakyJob, { key: 'via-inline', failTimes: 1 });
      await eventually(() => recorded.done.includes('via-inline'));
      await inline.close();
      expect(
        recorded.runs.filter((run) => run.key === 'via-inline').map((run) => run.attempt),
      ).toEqual([1, 2]);
    });

    // The bull driver needs a Redis server; CI always provides one (REDIS_URL), a bare laptop may not.
    itWithRedis('bull', async () => {
      const bull = new BullJobQueue(
        {
          ...settings,
          redisUrl: process.env.REDIS_URL!,
          prefix: `${process.env.QUEUE_PREFIX}-drivers`,
          concurrency: 1,
        },
        t.get(JobHandlerRegistry),
      );
      await bull.startProcessing();
      await bull.enqueue(FlakyJob, { key: 'via-bull', failTimes: 1 });
      await eventually(() => recorded.done.includes('via-bull'));
      await bull.close();
      expect(
        recorded.runs.filter((run) => run.key === 'via-bull').map((run) => run.attempt),
      ).toEqual([1, 2]);
    });
  });
});

describe('shutdown', () => {
  it('lets a running job finish before the queues close', async () => {
    const app = await startTestApp({ imports: [PlatformFixturesModule] });
    const jobs = app.get(RecordingJobs);
    const key = `slow-${Date.now()}`;
    await app.get(JobQueue).enqueue(SlowJob, { key, ms: 2000 });
    await eventually(() => jobs.runs.some((run) => run.key === key));
    expect(jobs.done).not.toContain(key);
    await app.close();
    expect(jobs.done).toContain(key);
  });
});

// Needs a Redis server, like the bull case above.
describeWithRedis('a bull queue stopped while it connects', () => {
  // No job is enqueued, so no handler is ever looked up.
  const noJobsRun = { run: () => Promise.resolve() } as unknown as JobHandlerRegistry;
  const openSockets = () =>
    process.getActiveResourcesInfo().filter((resource) => resource === 'TCPSocketWrap').length;

  it('closes every connection and leaves no rejected promise behind', async () => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    const socketsBefore = openSockets();
    try {
      for (let round = 0; round < 5; round++) {
        const bull = new BullJobQueue(
          {
            attempts: 1,
            backoffMs: 10,
            redisUrl: process.env.REDIS_URL!,
            prefix: `${process.env.QUEUE_PREFIX}-early-close`,
            concurrency: 1,
          },
          noJobsRun,
        );
        await bull.startProcessing();
        await bull.close();
      }
      // Sockets close, and rejections are reported, a few ticks later.
      await eventually(() => openSockets() === socketsBefore, 2000).catch(() => undefined);
    } finally {
      process.off('unhandledRejection', record);
    }
    expect(unhandled).toEqual([]);
    expect(openSockets()).toBe(socketsBefore);
  });
});

describe('worker start-up', () => {
  it('refuses to start while a declared job has no handler, naming the decorator to add', async () => {
    defineJob<{ id: string }>('billing', 'test.orphan-job');
    await expect(
      startTestApp({ role: 'worker', imports: [PlatformFixturesModule] }),
    ).rejects.toThrow(
      /No handler for job\(s\) billing:test\.orphan-job: add a method decorated with @JobHandler/,
    );
  });
});
