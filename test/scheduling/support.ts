import type { Actor } from '../support/given.js';
import type { TestApp } from '../support/test-app.js';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** A tutor available every day, all day, in UTC: bookable starts are easy to reason about. */
export async function openAllWeek(
  t: TestApp,
  tutor: Actor,
  overrides: Partial<{
    bufferMinutes: number;
    minNoticeMinutes: number;
    maxAdvanceDays: number;
    timezone: string;
  }> = {},
) {
  const res = await t
    .http()
    .put('/api/v1/tutors/me/availability')
    .set(tutor.auth)
    .send({
      timezone: 'UTC',
      weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' })),
      bufferMinutes: 0,
      minNoticeMinutes: 0,
      maxAdvanceDays: 60,
      ...overrides,
    });
  if (res.status !== 200)
    throw new Error(`availability failed: ${res.status} ${JSON.stringify(res.body)}`);
}

/** A start on the 15-minute grid, `days` days from now at `hour`:`minute` UTC. */
export function startAt(days: number, hour: number, minute = 0): string {
  const date = new Date(Date.now() + days * DAY);
  date.setUTCHours(hour, minute, 0, 0);
  return date.toISOString();
}

export async function book(
  t: TestApp,
  student: Actor,
  tutor: Actor,
  subjectId: string,
  startsAt: string,
  durationMinutes = 60,
) {
  return t
    .http()
    .post('/api/v1/bookings')
    .set(student.auth)
    .send({ tutorId: tutor.id, subjectId, startsAt, durationMinutes });
}
