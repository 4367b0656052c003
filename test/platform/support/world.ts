import { ControllableClock } from '@etutors/platform';
import { given, type Actor } from '../../support/given.js';
import { eventually, type TestApp } from '../../support/test-app.js';
import { marketplace } from '../../billing/support/marketplace.js';
import { moneyOut, startAppOnClock, tutorPayouts } from '../../billing/support/money-out.js';
import { book, HOUR } from '../../scheduling/support.js';

/** The callers every route is tried with. */
export const ROLES = [
  'anonymous',
  'student',
  'otherStudent',
  'tutor',
  'otherTutor',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

/** One real resource of each kind, owned by `student` (and taught by `tutor`). */
export interface Resources {
  subjectId: string;
  /** A confirmed, paid booking whose lesson the tutor completed and the student reviewed. */
  bookingId: string;
  paymentId: string;
  lessonId: string;
  reviewId: string;
  disputeId: string;
  /** A booking of the student's still waiting for payment. */
  pendingBookingId: string;
  /** A two-week series of the student's with the tutor, unpaid. */
  seriesId: string;
  conversationId: string;
  messageId: string;
  notificationId: string;
  timeOffId: string;
  reportId: string;
  payoutRunId: string;
  /** The tutor's payout of a second lesson (taught, released and paid out). */
  payoutId: string;
  calendarFile: string;
  /** A user the admin may change without harming the actors (suspend, re-role). */
  bystanderId: string;
}

export interface World {
  t: TestApp;
  clock: ControllableClock;
  actors: Record<Exclude<Role, 'anonymous'>, Actor>;
  resources: Resources;
  /** The headers a role sends: none for anonymous. */
  auth: (role: Role) => Record<string, string>;
}

/**
 * An application with every kind of resource a route can name, each created through the API as
 * its owner would: a student with a completed, reviewed and disputed lesson of a tutor's, a
 * pending booking, a conversation, notifications, time off, a report and a payout; plus a
 * second student and tutor who own nothing of those.
 */
export async function buildWorld(): Promise<World> {
  const clock = new ControllableClock(new Date());
  const t = await startAppOnClock(clock, { contract: false });
  const money = moneyOut(t, clock);
  const market = await marketplace(t, { displayName: 'Matrix Tutor' });
  const otherMarket = await marketplace(t, { displayName: 'Other Tutor' });
  const { admin, tutor, subjectId } = market;
  const otherTutor = otherMarket.tutor;
  const otherStudent = await given(t).student('Other Student');
  const bystander = await given(t).student('Bystander');

  const lesson = await market.paidBooking({
    minutes: 90,
    startsAt: money.nextLessonStart(tutor),
  });
  const { student, bookingId, paymentId } = lesson;
  const actors = { student, otherStudent, tutor, otherTutor, admin };
  const auth = (role: Role): Record<string, string> =>
    role === 'anonymous' ? {} : actors[role].auth;
  const http = () => t.http();
  const expect2xx = async <T extends { status: number; body: unknown }>(
    what: string,
    res: Promise<T>,
  ): Promise<T> => {
    const done = await res;
    if (done.status >= 300)
      throw new Error(`${what} failed: ${done.status} ${JSON.stringify(done.body)}`);
    return done;
  };

  const completedAt = await money.completeLesson(tutor, { bookingId, paymentId });
  const lessonId = (await money.lessonOf(tutor, bookingId)).id;
  const review = await expect2xx(
    'review',
    http().post(`/api/v1/lessons/${lessonId}/review`).set(student.auth).send({ rating: 5 }),
  );
  clock.set(new Date(completedAt.getTime() + 2 * HOUR));
  const dispute = await expect2xx(
    'dispute',
    http()
      .post(`/api/v1/bookings/${bookingId}/disputes`)
      .set(student.auth)
      .send({ reason: 'The lesson ended early', details: 'Twenty minutes only.' }),
  );

  // A second lesson, taught and released, pays the tutor out (the disputed one is held).
  const taught = await money.paidLesson(market);
  await money.release(tutor, taught);
  await money.setPayoutAccount(tutor);
  const run = await money.runPayouts(admin);
  const [payout] = await tutorPayouts(t, tutor.auth);
  if (!payout) throw new Error(`the payout run paid nothing: ${JSON.stringify(run)}`);

  const pending = await book(t, student, tutor, subjectId, money.nextLessonStart(tutor), 60);
  if (pending.status !== 201)
    throw new Error(`pending booking failed: ${pending.status} ${JSON.stringify(pending.body)}`);
  const series = await expect2xx(
    'series',
    http()
      .post('/api/v1/bookings/series')
      .set(student.auth)
      .send({
        tutorId: tutor.id,
        subjectId,
        firstStartsAt: new Date(
          Math.ceil((clock.now().getTime() + 50 * 24 * HOUR) / HOUR) * HOUR,
        ).toISOString(),
        durationMinutes: 60,
        weeks: 2,
      }),
  );
  const conversation = await expect2xx(
    'conversation',
    http().post('/api/v1/conversations').set(student.auth).send({ participantId: tutor.id }),
  );
  const message = await expect2xx(
    'message',
    http()
      .post(`/api/v1/conversations/${conversation.body.id}/messages`)
      .set(student.auth)
      .send({ body: 'Hello, see you on Tuesday' }),
  );
  const notificationId = await eventually(async () => {
    const res = await http().get('/api/v1/notifications').set(student.auth);
    return (res.body.data as { id: string }[] | undefined)?.[0]?.id;
  });
  const timeOff = await expect2xx(
    'time off',
    http()
      .post('/api/v1/tutors/me/time-off')
      .set(tutor.auth)
      .send({
        startsAt: new Date(clock.now().getTime() + 200 * 24 * HOUR).toISOString(),
        endsAt: new Date(clock.now().getTime() + 201 * 24 * HOUR).toISOString(),
      }),
  );
  const from = new Date(clock.now().getTime() - 30 * 24 * HOUR).toISOString().slice(0, 10);
  const to = clock.now().toISOString().slice(0, 10);
  const report = await expect2xx(
    'report',
    http().post('/api/v1/admin/reports').set(admin.auth).send({ type: 'bookings', from, to }),
  );
  const calendar = await expect2xx(
    'calendar',
    http().get('/api/v1/users/me/calendar').set(student.auth),
  );
  const calendarUrl = String((calendar.body as { url: string }).url);

  return {
    t,
    clock,
    actors,
    auth,
    resources: {
      subjectId,
      bookingId,
      paymentId,
      lessonId,
      reviewId: review.body.id,
      disputeId: dispute.body.id,
      pendingBookingId: pending.body.id,
      seriesId: series.body.id,
      conversationId: conversation.body.id,
      messageId: message.body.id,
      notificationId,
      timeOffId: timeOff.body.id,
      reportId: report.body.id,
      payoutRunId: run.id,
      payoutId: payout.id,
      calendarFile: calendarUrl.slice(calendarUrl.lastIndexOf('/') + 1),
      bystanderId: bystander.id,
    },
  };
}
