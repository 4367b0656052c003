import { JobHandlerRegistry } from '@etutors/platform';
import type { TestApp } from '../../support/test-app.js';

/**
 * Records the id of every job that ran to completion in this app, whichever driver ran it, so a
 * test waits for "the redelivery was handled" instead of sleeping and hoping it was.
 */
export function watchFinishedJobs(t: TestApp): { ids: Set<string>; stop: () => void } {
  const registry = t.get(JobHandlerRegistry);
  const run = registry.run.bind(registry);
  const ids = new Set<string>();
  const spy = jest.spyOn(registry, 'run').mockImplementation(async (queue, name, payload, job) => {
    const result = await run(queue, name, payload, job);
    ids.add(job.jobId);
    return result;
  });
  return { ids, stop: () => spy.mockRestore() };
}
