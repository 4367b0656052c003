import { randomUUID } from 'node:crypto';
import { given } from '../support/given.js';
import { OpenApiContract, type OpenApiDocument } from '../support/openapi-contract.js';
import { eventually } from '../support/test-app.js';
import { HOUR } from '../scheduling/support.js';
import { buildWorld, ROLES, type Resources, type Role, type World } from './support/world.js';

type Account = 'student' | 'tutor' | 'admin';
const ACCOUNT: Record<Exclude<Role, 'anonymous'>, Account> = {
  student: 'student',
  otherStudent: 'student',
  tutor: 'tutor',
  otherTutor: 'tutor',
  admin: 'admin',
};

/** An exact status, or `through`: past authorization (the route's own rules may still refuse). */
type Outcome = number | 'through';

interface Context {
  r: Resources & { spareSubjectId: string };
  w: World;
  role: Role;
}

interface Row {
  /** Anyone may call it, signed in or not. */
  public?: true;
  /** The accounts whose role may call it at all; others get 403 (default: every signed-in user). */
  roles?: Account[];
  /** For a route on one resource: the callers it belongs to; anyone else with the role gets 404. */
  owners?: Role[];
  /** What an allowed caller gets. */
  ok: Outcome;
  path?: (c: Context) => Record<string, string>;
  query?: (c: Context) => Record<string, string>;
  body?: (c: Context) => unknown;
  idempotent?: true;
  /** A caller the route's own rule answers differently, by API.md. */
  except?: Partial<Record<Role, number>>;
  /** Only these callers are tried, with why the others cannot be. */
  onlyAs?: { roles: Role[]; because: string };
}

const ADMIN: Pick<Row, 'roles'> = { roles: ['admin'] };
const TUTOR: Pick<Row, 'roles'> = { roles: ['tutor'] };
const STUDENT: Pick<Row, 'roles'> = { roles: ['student'] };
/** The student and tutor of the booking, and admins. */
const PARTICIPANTS: Role[] = ['student', 'tutor', 'admin'];
const PARTIES: Role[] = ['student', 'tutor'];
const month = (days = 0) => new Date(Date.now() + days * 24 * HOUR).toISOString().slice(0, 10);
const period = () => ({ from: month(-30), to: month(1) });
const booking = (c: Context) => ({ id: c.r.bookingId });
const pending = (c: Context) => ({ id: c.r.pendingBookingId });

/**
 * Every route of /docs-json, keyed as `METHOD path`, in the order the matrix runs them (writes
 * that end a resource's life come last). A route missing here fails the test: add its row.
 */
const MATRIX: Record<string, Row> = {
  'GET /metrics': { public: true, ok: 200 },
  'GET /health/live': { public: true, ok: 200 },
  'GET /health/ready': { public: true, ok: 200 },

  'POST /api/v1/auth/register': {
    public: true,
    ok: 'through',
    body: () => ({
      email: `matrix-${randomUUID()}@etutors.test`,
      password: `pw-${randomUUID()}`,
      displayName: 'Matrix',
      role: 'student',
    }),
  },
  'POST /api/v1/auth/login': {
    public: true,
    ok: 200,
    body: ({ w, role }) => {
      const actor = w.actors[role === 'anonymous' ? 'student' : role];
      return { email: actor.email, password: actor.password };
    },
  },
  'POST /api/v1/auth/refresh': { public: true, ok: 401, body: () => ({ refreshToken: 'forged' }) },
  'POST /api/v1/auth/logout': { ok: 204, body: () => ({ refreshToken: 'forged' }) },
  'POST /api/v1/auth/password/forgot': {
    public: true,
    ok: 'through',
    body: ({ w }) => ({ email: w.actors.otherStudent.email }),
  },
  'POST /api/v1/auth/password/reset': {
    public: true,
    ok: 'through',
    body: () => ({ token: 'forged-token', password: 'a new long password' }),
  },
  'POST /api/v1/auth/email/verify': {
    public: true,
    ok: 'through',
    body: () => ({ token: 'forged-token' }),
  },
  'GET /api/v1/users/me': { ok: 200 },
  'PATCH /api/v1/users/me': { ok: 200, body: () => ({ timezone: 'UTC' }) },
  'GET /api/v1/admin/users': { ...ADMIN, ok: 200 },
  'PATCH /api/v1/admin/users/{id}': {
    ...ADMIN,
    ok: 200,
    path: ({ r }) => ({ id: r.bystanderId }),
    body: () => ({ status: 'active' }),
  },
  'GET /api/v1/admin/audit-events': { ...ADMIN, ok: 200 },

  'GET /api/v1/subjects': { public: true, ok: 200 },
  'POST /api/v1/subjects': {
    ...ADMIN,
    ok: 201,
    body: () => ({ slug: `matrix-${randomUUID()}`, name: 'Matrix', category: 'Testing' }),
  },
  'PATCH /api/v1/subjects/{id}': {
    ...ADMIN,
    ok: 200,
    path: ({ r }) => ({ id: r.spareSubjectId }),
    body: () => ({ name: 'Renamed spare' }),
  },
  'DELETE /api/v1/subjects/{id}': {
    ...ADMIN,
    ok: 204,
    path: ({ r }) => ({ id: r.spareSubjectId }),
  },
  'PUT /api/v1/tutors/me': {
    ...TUTOR,
    ok: 200,
    body: ({ r }) => ({
      headline: 'Patient and precise',
      bio: 'I teach with worked examples.',
      subjectIds: [r.subjectId],
      hourlyRate: { amount: 4000, currency: 'USD' },
      languages: ['en'],
      timezone: 'Europe/Berlin',
    }),
  },
  'GET /api/v1/tutors/me': { ...TUTOR, ok: 200 },
  'GET /api/v1/tutors': { public: true, ok: 200 },
  'GET /api/v1/tutors/{id}': {
    public: true,
    ok: 200,
    path: ({ w }) => ({ id: w.actors.tutor.id }),
  },
  'GET /api/v1/tutors/{id}/reviews': {
    public: true,
    ok: 200,
    path: ({ w }) => ({ id: w.actors.tutor.id }),
  },
  'GET /api/v1/admin/tutors': { ...ADMIN, ok: 200 },
  'PATCH /api/v1/admin/tutors/{id}': {
    ...ADMIN,
    ok: 200,
    path: ({ w }) => ({ id: w.actors.tutor.id }),
    body: () => ({ status: 'approved' }),
  },
  'GET /api/v1/lessons': { ok: 200 },
  'GET /api/v1/lessons/{id}': {
    owners: PARTICIPANTS,
    ok: 200,
    path: ({ r }) => ({ id: r.lessonId }),
  },
  'POST /api/v1/lessons/{id}/complete': {
    ...TUTOR,
    owners: ['tutor'],
    ok: 'through',
    path: ({ r }) => ({ id: r.lessonId }),
  },
  'PATCH /api/v1/lessons/{id}/notes': {
    ...TUTOR,
    owners: ['tutor'],
    ok: 200,
    path: ({ r }) => ({ id: r.lessonId }),
    body: () => ({ notes: 'Worked through chapter 3' }),
  },
  'POST /api/v1/lessons/{id}/review': {
    ...STUDENT,
    owners: ['student'],
    ok: 'through',
    path: ({ r }) => ({ id: r.lessonId }),
    body: () => ({ rating: 4 }),
  },

  'PUT /api/v1/tutors/me/availability': {
    ...TUTOR,
    ok: 200,
    body: () => ({
      timezone: 'UTC',
      weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' })),
      bufferMinutes: 0,
      minNoticeMinutes: 0,
      maxAdvanceDays: 60,
    }),
  },
  'GET /api/v1/tutors/me/availability': { ...TUTOR, ok: 200 },
  'POST /api/v1/tutors/me/time-off': {
    ...TUTOR,
    ok: 201,
    body: ({ w }) => ({
      startsAt: new Date(w.clock.now().getTime() + 300 * 24 * HOUR).toISOString(),
      endsAt: new Date(w.clock.now().getTime() + 301 * 24 * HOUR).toISOString(),
    }),
  },
  'GET /api/v1/tutors/me/time-off': { ...TUTOR, ok: 200 },
  'GET /api/v1/tutors/{id}/slots': {
    public: true,
    ok: 200,
    path: ({ w }) => ({ id: w.actors.tutor.id }),
    query: ({ w }) => ({
      from: new Date(w.clock.now().getTime() + 24 * HOUR).toISOString(),
      to: new Date(w.clock.now().getTime() + 3 * 24 * HOUR).toISOString(),
      duration: '60',
    }),
  },
  'POST /api/v1/bookings': {
    ...STUDENT,
    ok: 'through',
    body: ({ w, r }) => ({
      tutorId: w.actors.tutor.id,
      subjectId: r.subjectId,
      startsAt: new Date(
        Math.ceil((w.clock.now().getTime() + 40 * 24 * HOUR) / HOUR) * HOUR,
      ).toISOString(),
      durationMinutes: 60,
    }),
  },
  'POST /api/v1/bookings/series': {
    ...STUDENT,
    ok: 'through',
    body: ({ w, r }) => ({
      tutorId: w.actors.tutor.id,
      subjectId: r.subjectId,
      firstStartsAt: new Date(
        Math.ceil((w.clock.now().getTime() + 70 * 24 * HOUR) / HOUR) * HOUR,
      ).toISOString(),
      durationMinutes: 60,
      weeks: 2,
    }),
  },
  'GET /api/v1/bookings/series/{id}': {
    owners: PARTICIPANTS,
    ok: 200,
    path: ({ r }) => ({ id: r.seriesId }),
  },
  'GET /api/v1/bookings': { ok: 200 },
  'GET /api/v1/bookings/{id}': { owners: PARTICIPANTS, ok: 200, path: booking },
  'GET /api/v1/users/me/calendar': { ok: 200 },
  'GET /api/v1/calendar/{file}': {
    public: true,
    ok: 200,
    path: ({ r }) => ({ file: r.calendarFile }),
  },
  'POST /api/v1/users/me/calendar/regenerate': { ok: 200 },
  'POST /api/v1/bookings/{id}/no-show': {
    roles: ['student', 'tutor'],
    owners: PARTIES,
    ok: 'through',
    path: booking,
    body: () => ({}),
  },
  'POST /api/v1/bookings/{id}/report-tutor-absent': {
    ...STUDENT,
    owners: ['student'],
    ok: 'through',
    path: booking,
    body: () => ({ reason: 'The tutor never joined' }),
  },
  'POST /api/v1/bookings/{id}/disputes': {
    ...STUDENT,
    owners: ['student'],
    ok: 'through',
    path: booking,
    body: () => ({ reason: 'Ended early' }),
  },
  'GET /api/v1/bookings/{id}/disputes': { owners: PARTICIPANTS, ok: 200, path: booking },
  'GET /api/v1/disputes/{id}': {
    owners: PARTICIPANTS,
    ok: 200,
    path: ({ r }) => ({ id: r.disputeId }),
  },
  'POST /api/v1/disputes/{id}/contest': {
    ...TUTOR,
    owners: ['tutor'],
    ok: 'through',
    path: ({ r }) => ({ id: r.disputeId }),
    body: () => ({ reason: 'I was there' }),
  },
  'GET /api/v1/admin/disputes': { ...ADMIN, ok: 200 },
  'POST /api/v1/admin/disputes/{id}/resolve': {
    ...ADMIN,
    ok: 'through',
    path: ({ r }) => ({ id: r.disputeId }),
    body: () => ({ resolution: 'no_refund' }),
  },
  'PATCH /api/v1/admin/disputes/{id}': {
    ...ADMIN,
    ok: 'through',
    path: ({ r }) => ({ id: r.disputeId }),
    body: () => ({ outcome: 'no_refund' }),
  },
  'GET /api/v1/tutors/me/booking-settings': { ...TUTOR, ok: 200 },
  'PUT /api/v1/tutors/me/booking-settings': {
    ...TUTOR,
    ok: 200,
    body: () => ({
      maxLessonsPerDay: null,
      maxLessonsPerWeek: null,
      requiresConfirmation: false,
      trialEnabled: false,
      trialPriceAmount: null,
    }),
  },
  'GET /api/v1/tutors/{id}/booking-settings': {
    public: true,
    ok: 200,
    path: ({ w }) => ({ id: w.actors.tutor.id }),
  },

  'POST /api/v1/payments': {
    ...STUDENT,
    owners: ['student'],
    ok: 'through',
    idempotent: true,
    body: ({ r }) => ({ bookingId: r.pendingBookingId }),
  },
  'GET /api/v1/payments': { ok: 200 },
  'POST /api/v1/payments/{id}/confirm': {
    ...STUDENT,
    owners: ['student'],
    ok: 'through',
    idempotent: true,
    path: ({ r }) => ({ id: r.paymentId }),
    body: () => ({ paymentMethod: 'pm_card_visa' }),
  },
  'GET /api/v1/payments/{id}': {
    owners: ['student', 'admin'],
    ok: 200,
    path: ({ r }) => ({ id: r.paymentId }),
  },
  'GET /api/v1/payments/{id}/receipt': {
    owners: ['student', 'admin'],
    ok: 200,
    path: ({ r }) => ({ id: r.paymentId }),
  },
  'POST /api/v1/admin/payments/{id}/refunds': {
    ...ADMIN,
    ok: 'through',
    idempotent: true,
    path: ({ r }) => ({ id: r.paymentId }),
    body: () => ({ amount: 100, reason: 'Goodwill' }),
  },
  'GET /api/v1/admin/ledger/accounts': { ...ADMIN, ok: 200 },
  'POST /api/v1/billing/webhooks/{provider}': {
    public: true,
    ok: 400,
    path: () => ({ provider: 'sandbox' }),
    body: () => ({ type: 'payment.succeeded' }),
  },
  'POST /api/v1/billing/sandbox/payments/{id}/authenticate': {
    ...STUDENT,
    owners: ['student'],
    ok: 'through',
    path: ({ r }) => ({ id: r.paymentId }),
    body: () => ({ approve: true }),
  },
  'PUT /api/v1/tutors/me/payout-account': {
    ...TUTOR,
    ok: 200,
    body: ({ w, role }) => ({
      accountHolder: w.actors[role === 'anonymous' ? 'tutor' : role].displayName,
      iban: 'DE89370400440532013000',
    }),
  },
  'GET /api/v1/tutors/me/payout-account': { ...TUTOR, ok: 200 },
  'GET /api/v1/tutors/me/statements': {
    ...TUTOR,
    ok: 200,
    query: ({ w }) => ({ month: w.clock.now().toISOString().slice(0, 7) }),
  },
  'GET /api/v1/admin/commission-rules': { ...ADMIN, ok: 200 },
  'POST /api/v1/admin/commission-rules': {
    ...ADMIN,
    ok: 201,
    body: () => ({ kind: 'flat', feeBps: 1500 }),
  },
  'POST /api/v1/admin/payouts/run': { ...ADMIN, ok: 202 },
  'GET /api/v1/admin/payouts/runs/{id}': {
    ...ADMIN,
    ok: 200,
    path: ({ r }) => ({ id: r.payoutRunId }),
  },
  'GET /api/v1/admin/payouts': { ...ADMIN, ok: 200 },
  // The world's payout was sent: an admin gets past authorization to the route's own 409.
  'POST /api/v1/admin/payouts/{id}/give-up': {
    ...ADMIN,
    ok: 409,
    path: ({ r }) => ({ id: r.payoutId }),
    body: () => ({ reason: 'matrix' }),
  },
  'GET /api/v1/tutors/me/earnings': { ...TUTOR, ok: 200 },
  'GET /api/v1/tutors/me/payouts': { ...TUTOR, ok: 200 },

  'GET /api/v1/notifications': { ok: 200 },
  'GET /api/v1/notifications/preferences': { ok: 200 },
  'PUT /api/v1/notifications/preferences': { ok: 200, body: () => ({ quietHours: null }) },
  'POST /api/v1/notifications/{id}/read': {
    owners: ['student'],
    ok: 204,
    path: ({ r }) => ({ id: r.notificationId }),
  },
  'POST /api/v1/notifications/read-all': { ok: 204 },
  'POST /api/v1/conversations': {
    roles: ['student', 'tutor'],
    ok: 'through',
    // A tutor may only open one with a student they have a booking with.
    except: { otherTutor: 403 },
    body: ({ w, role }) => ({
      participantId:
        ACCOUNT[role as 'student'] === 'tutor' ? w.actors.student.id : w.actors.tutor.id,
    }),
  },
  'GET /api/v1/conversations': { roles: ['student', 'tutor'], ok: 200 },
  'GET /api/v1/conversations/{id}/messages': {
    roles: ['student', 'tutor'],
    owners: PARTIES,
    ok: 200,
    path: ({ r }) => ({ id: r.conversationId }),
  },
  'POST /api/v1/conversations/{id}/messages': {
    roles: ['student', 'tutor'],
    owners: PARTIES,
    ok: 201,
    path: ({ r }) => ({ id: r.conversationId }),
    body: () => ({ body: 'Still on for Tuesday?' }),
  },
  'POST /api/v1/conversations/{id}/read': {
    roles: ['student', 'tutor'],
    owners: PARTIES,
    ok: 204,
    path: ({ r }) => ({ id: r.conversationId }),
    body: ({ r }) => ({ upToMessageId: r.messageId }),
  },
  'GET /api/v1/notifications/stream': {
    ok: 200,
    onlyAs: {
      roles: ['anonymous'],
      because: 'an accepted stream never ends; fuzz.e2e-spec.ts tests its refusals',
    },
  },

  'GET /api/v1/admin/analytics/overview': { ...ADMIN, ok: 200, query: period },
  'GET /api/v1/admin/analytics/timeseries': {
    ...ADMIN,
    ok: 200,
    query: () => ({ metric: 'bookings_created', ...period() }),
  },
  'GET /api/v1/admin/analytics/tutors': { ...ADMIN, ok: 200, query: period },
  'GET /api/v1/admin/analytics/cohorts': {
    ...ADMIN,
    ok: 200,
    query: () => ({ from: `${month(-60).slice(0, 7)}-01`, to: `${month(0).slice(0, 7)}-01` }),
  },
  'GET /api/v1/admin/analytics/repeat-bookings': { ...ADMIN, ok: 200, query: period },
  'GET /api/v1/tutors/me/analytics': { ...TUTOR, ok: 200, query: period },
  'POST /api/v1/admin/reports': {
    ...ADMIN,
    ok: 202,
    body: () => ({ type: 'bookings', from: month(-30), to: month(0) }),
  },
  'GET /api/v1/admin/reports': { ...ADMIN, ok: 200 },
  'GET /api/v1/admin/reports/{id}': { ...ADMIN, ok: 200, path: ({ r }) => ({ id: r.reportId }) },
  'GET /api/v1/admin/reports/{id}/download': {
    ...ADMIN,
    ok: 'through',
    path: ({ r }) => ({ id: r.reportId }),
  },

  // Last: these end the pending booking's life.
  'DELETE /api/v1/tutors/me/time-off/{id}': {
    ...TUTOR,
    owners: ['tutor'],
    ok: 204,
    path: ({ r }) => ({ id: r.timeOffId }),
  },
  'POST /api/v1/bookings/{id}/reschedule': {
    owners: PARTIES,
    ok: 'through',
    path: pending,
    body: ({ w }) => ({
      startsAt: new Date(
        Math.ceil((w.clock.now().getTime() + 45 * 24 * HOUR) / HOUR) * HOUR,
      ).toISOString(),
    }),
  },
  'POST /api/v1/bookings/{id}/accept': {
    // An admin may answer a request for the tutor.
    roles: ['tutor', 'admin'],
    owners: ['tutor', 'admin'],
    ok: 'through',
    path: pending,
  },
  'POST /api/v1/bookings/{id}/decline': {
    // An admin may answer a request for the tutor.
    roles: ['tutor', 'admin'],
    owners: ['tutor', 'admin'],
    ok: 'through',
    path: pending,
    body: () => ({}),
  },
  'POST /api/v1/bookings/series/{id}/cancel': {
    owners: PARTICIPANTS,
    ok: 'through',
    path: ({ r }) => ({ id: r.seriesId }),
    body: () => ({ reason: 'Plans changed' }),
  },
  'POST /api/v1/bookings/{id}/cancel': {
    owners: PARTICIPANTS,
    ok: 'through',
    path: pending,
    body: () => ({ reason: 'Plans changed' }),
  },
};

/** The ids of what `student` and `tutor` own: no one else may ever see one. */
const privateIds = (r: Resources) => [
  r.bookingId,
  r.pendingBookingId,
  r.seriesId,
  r.paymentId,
  r.lessonId,
  r.disputeId,
  r.conversationId,
  r.messageId,
  r.notificationId,
  r.timeOffId,
  r.calendarFile,
  r.payoutId,
];

function expectedFor(row: Row, role: Role): number[] | 'through' {
  const exception = row.except?.[role];
  if (exception !== undefined) return [exception];
  if (role === 'anonymous') return row.public ? outcome(row.ok) : [401];
  if (row.public) return outcome(row.ok);
  const account = ACCOUNT[role];
  // A wrong role is refused whatever the resource; a resource route may also hide it.
  if (row.roles && !row.roles.includes(account)) return row.owners ? [403, 404] : [403];
  if (row.owners && !row.owners.includes(role)) return [404];
  return outcome(row.ok);
}
const outcome = (ok: Outcome) => (ok === 'through' ? 'through' : [ok]);

/**
 * Every route × {anonymous, student, other student, tutor, other tutor, admin}: the status the
 * roles table of API.md implies. Anonymous callers get 401 on protected routes, a wrong role 403,
 * and a resource that exists but is someone else's is a 404, never a 403; no response to a
 * stranger carries an id of theirs.
 */
describe('Authorization matrix', () => {
  let world: World;
  let operations: string[];
  let context: Omit<Context, 'role'>;
  let contract: OpenApiContract;

  beforeAll(async () => {
    world = await buildWorld();
    const document = (await world.t.http().get('/docs-json')).body as OpenApiDocument;
    contract = new OpenApiContract(document);
    operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((method) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
        .map((method) => `${method.toUpperCase()} ${path}`),
    );
    const spareSubjectId = (await given(world.t).subject(world.actors.admin)).id;
    context = { w: world, r: { ...world.resources, spareSubjectId } };
    // The receipt is a billing job's; the matrix reads it once it exists.
    await eventually(
      async () =>
        (
          await world.t
            .http()
            .get(`/api/v1/payments/${world.resources.paymentId}/receipt`)
            .set(world.actors.student.auth)
        ).status === 200,
    );
  }, 60_000);
  afterAll(() => world.t.close());

  it('has a row for every route of the document, and no row for a route it lacks', () => {
    expect(operations.filter((operation) => !MATRIX[operation])).toEqual([]);
    expect(Object.keys(MATRIX).filter((operation) => !operations.includes(operation))).toEqual([]);
  });

  it('answers every route as each caller the status the roles table implies', async () => {
    const mismatches: string[] = [];
    const hidden = privateIds(world.resources);
    // Strangers first, so a hole shows before an owner's write changes the resource.
    const order: Role[] = ['anonymous', 'otherStudent', 'otherTutor', 'student', 'tutor', 'admin'];
    expect([...order].sort()).toEqual([...ROLES].sort());
    for (const [operation, row] of Object.entries(MATRIX)) {
      const [method, template] = operation.split(' ') as [string, string];
      for (const role of order) {
        if (row.onlyAs && !row.onlyAs.roles.includes(role)) continue;
        const c: Context = { ...context, role };
        const params = row.path?.(c) ?? {};
        const url = template.replace(/\{([^}]+)\}/g, (_, name: string) =>
          encodeURIComponent(params[name]!),
        );
        let test = world.t.http()[method.toLowerCase() as 'get'](url).set(world.auth(role));
        if (row.query) test = test.query(row.query(c));
        if (row.idempotent) test = test.set('idempotency-key', randomUUID());
        if (row.body) test = test.send(row.body(c) as object);
        const res = await test.buffer(true);
        const expected = expectedFor(row, role);
        const fits =
          expected === 'through'
            ? res.status < 500 && ![401, 403, 404].includes(res.status)
            : expected.includes(res.status);
        if (!fits)
          mismatches.push(
            `${operation} as ${role}: ${res.status}, expected ${
              expected === 'through' ? 'past authorization' : expected.join(' or ')
            } ${JSON.stringify(res.body).slice(0, 200)}`,
          );
        // Each answer, allowed or refused, is also as the document describes it.
        for (const violation of contract.violations(method, url, res))
          mismatches.push(`${operation} as ${role}: ${violation}`);
        if ((role === 'otherStudent' || role === 'otherTutor') && res.status < 300 && !row.public) {
          const text = res.text ?? JSON.stringify(res.body);
          const leaked = hidden.filter((id) => text.includes(id));
          if (leaked.length > 0)
            mismatches.push(`${operation} as ${role}: shows another user's ${leaked.join(', ')}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  }, 120_000);

  it("an id of someone else's inside a body or a filter is not found, and reveals nothing", async () => {
    const { actors, resources: r } = world;
    const http = () => world.t.http();
    for (const stranger of [actors.otherStudent, actors.otherTutor]) {
      const lessons = await http()
        .get('/api/v1/lessons')
        .query({ bookingId: r.bookingId })
        .set(stranger.auth);
      expect({ status: lessons.status, data: lessons.body.data }).toEqual({
        status: 200,
        data: [],
      });
    }
    const paid = await http()
      .post('/api/v1/payments')
      .set(actors.otherStudent.auth)
      .set('idempotency-key', randomUUID())
      .send({ bookingId: r.pendingBookingId });
    expect({ status: paid.status, code: paid.body.code }).toEqual({
      status: 404,
      code: 'booking.not_found',
    });
    // Marking one's own conversation read up to a message of someone else's.
    const own = await http()
      .post('/api/v1/conversations')
      .set(actors.otherStudent.auth)
      .send({ participantId: actors.tutor.id });
    expect([200, 201]).toContain(own.status);
    const read = await http()
      .post(`/api/v1/conversations/${own.body.id}/read`)
      .set(actors.otherStudent.auth)
      .send({ upToMessageId: r.messageId });
    expect(read.status).toBe(404);
    // A tutor without a booking with a student is refused alike whether that student exists or not.
    const [real, unknown] = await Promise.all(
      [actors.student.id, randomUUID()].map((participantId) =>
        http().post('/api/v1/conversations').set(actors.otherTutor.auth).send({ participantId }),
      ),
    );
    expect([real!.status, real!.body.code]).toEqual([unknown!.status, unknown!.body.code]);
  });
});
