import { DateTime } from 'luxon';
import { v5 as uuidv5 } from 'uuid';
import type { DataSource, EntityManager } from 'typeorm';
import type { BookingStatus } from '../domain/booking-status.js';
import { weeklyMinutes } from '../domain/weekly-availability.js';

const NAMESPACE = '6b1f4a52-93c4-4f0e-8a1d-2f7c5e9b0d47';
const seedId = (name: string) => uuidv5(name, NAMESPACE);

type Window = { weekday: number; start: string; end: string };

/** A bookable demo tutor, as tutoring seeded it. */
export interface SchedulingSeedTutor {
  id: string;
  timezone: string;
  subjectIds: string[];
  hourlyRate: { amount: number; currency: string };
}

export interface SchedulingSeedStudent {
  id: string;
}

/** A seeded booking as stored, for the lessons that follow from it. */
export interface SeededBooking {
  id: string;
  tutorId: string;
  studentId: string;
  subjectId: string;
  startsAt: Date;
  endsAt: Date;
  status: BookingStatus;
  wasConfirmed: boolean;
  updatedAt: Date;
  createdAt: Date;
  /** When it was paid and confirmed (its history's step to confirmed), or null. */
  confirmedAt: Date | null;
  /** Until when the unpaid request held its slot. */
  holdExpiresAt: Date;
  /** When it was cancelled (its history's step to cancelled), or null. */
  cancelledAt: Date | null;
  /** When its hold ran out unpaid (its history's step to expired), or null. */
  expiredAt: Date | null;
  price: { amount: number; currency: string };
  cancelledBy: 'student' | 'tutor' | 'admin' | null;
  cancelReason: string | null;
  /** What the cancellation policy gives back, for a cancelled booking. */
  refundAmount: number | null;
}

/** A tutor's weekly availability as saved. */
export interface SeededAvailability {
  tutorId: string;
  timezone: string;
  weeklyMinutes: number;
  savedAt: Date;
}

export interface SeededSchedule {
  lines: string[];
  bookings: SeededBooking[];
  availability: SeededAvailability[];
}

const weekdays = (days: number[], start: string, end: string): Window[] =>
  days.map((weekday) => ({ weekday, start, end }));

/** Weekly hours in each tutor's own zone: different shapes, so slots differ by tutor. */
const AVAILABILITY: { weekly: Window[]; bufferMinutes: number }[] = [
  {
    weekly: [...weekdays([1, 2, 3, 4, 5], '09:00', '17:00'), ...weekdays([6], '10:00', '13:00')],
    bufferMinutes: 15,
  },
  {
    weekly: [
      ...weekdays([1, 2, 3, 4], '08:00', '12:00'),
      ...weekdays([1, 2, 3, 4], '14:00', '19:00'),
    ],
    bufferMinutes: 10,
  },
  { weekly: weekdays([2, 3, 4, 5, 6], '10:00', '18:00'), bufferMinutes: 0 },
  {
    weekly: [...weekdays([1, 3, 5], '09:00', '20:00'), ...weekdays([7], '12:00', '16:00')],
    bufferMinutes: 15,
  },
];

type Plan = {
  day: number;
  status: BookingStatus;
  wasConfirmed: boolean;
  cancelledBy?: 'student' | 'tutor';
  refund?: 'full' | 'half' | 'none';
  reason?: string;
};

/**
 * Each tutor's bookings, by day relative to today in the tutor's zone: every state a booking can
 * be in, and (through tutoring) every state of a lesson. A confirmed booking in the past is a
 * lesson nobody attended (no_show).
 */
const PLAN: Plan[] = [
  { day: -28, status: 'completed', wasConfirmed: true },
  { day: -21, status: 'completed', wasConfirmed: true },
  { day: -14, status: 'completed', wasConfirmed: true },
  { day: -7, status: 'completed', wasConfirmed: true },
  {
    day: -10,
    status: 'cancelled',
    wasConfirmed: true,
    cancelledBy: 'student',
    refund: 'half',
    reason: 'Sick, sorry!',
  },
  { day: -5, status: 'expired', wasConfirmed: false },
  { day: -3, status: 'confirmed', wasConfirmed: true },
  { day: 2, status: 'confirmed', wasConfirmed: true },
  { day: 4, status: 'confirmed', wasConfirmed: true },
  { day: 6, status: 'pending_payment', wasConfirmed: false },
  {
    day: 9,
    status: 'cancelled',
    wasConfirmed: true,
    cancelledBy: 'tutor',
    refund: 'full',
    reason: 'Conference that week',
  },
  {
    day: 12,
    status: 'cancelled',
    wasConfirmed: false,
    cancelledBy: 'student',
    refund: 'none',
    reason: 'Booked the wrong week',
  },
];

const HOUR = 3600_000;

/** How far ahead a demo lesson was booked at the latest. */
const BOOKED_DAYS_AHEAD = 3;

/** The tutors saved their hours a week before the plan's earliest lesson was booked. */
const AVAILABILITY_SAVED_DAYS_AGO =
  -Math.min(...PLAN.map((plan) => plan.day)) + BOOKED_DAYS_AHEAD + 7;

/** The local start of the plan's lesson: the first window of the nearest available day. */
function startOf(now: DateTime, weekly: Window[], plan: Plan, k: number): DateTime {
  let day = now.startOf('day').plus({ days: plan.day });
  const step = plan.day < 0 ? -1 : 1;
  while (!weekly.some((window) => window.weekday === day.weekday)) day = day.plus({ days: step });
  const window = weekly.find((candidate) => candidate.weekday === day.weekday)!;
  const [startHour] = window.start.split(':').map(Number) as [number];
  const [endHour] = window.end.split(':').map(Number) as [number];
  return day.set({ hour: startHour + (k % Math.max(1, endHour - startHour - 1)) });
}

/**
 * Seeds availability, a day of time off and bookings (with their history) for the bookable demo
 * tutors, relative to now so slots and upcoming lessons are in the coming weeks. Idempotent:
 * deterministic ids, ON CONFLICT DO NOTHING; a later run keeps the first run's times.
 */
export async function seedScheduling(
  dataSource: DataSource,
  tutors: SchedulingSeedTutor[],
  students: SchedulingSeedStudent[],
): Promise<SeededSchedule> {
  return dataSource.transaction(async (manager) => {
    let created = 0;
    const ids: string[] = [];
    for (const [i, tutor] of tutors.entries()) {
      const availability = AVAILABILITY[i % AVAILABILITY.length]!;
      await manager.query(
        `INSERT INTO scheduling.availability (tutor_id, timezone, weekly, buffer_minutes, min_notice_minutes, max_advance_days, updated_at)
         VALUES ($1, $2, $3, $4, 120, 60, $5) ON CONFLICT DO NOTHING`,
        [
          tutor.id,
          tutor.timezone,
          JSON.stringify(availability.weekly),
          availability.bufferMinutes,
          new Date(Date.now() - AVAILABILITY_SAVED_DAYS_AGO * 24 * HOUR),
        ],
      );
      const now = DateTime.now().setZone(tutor.timezone);
      if (i === 0) {
        const off = now.startOf('day').plus({ days: 7 });
        await manager.query(
          `INSERT INTO scheduling.time_off (id, tutor_id, starts_at, ends_at, reason) VALUES ($1, $2, $3, $4, 'Family day')
           ON CONFLICT DO NOTHING`,
          [
            seedId(`time-off:${tutor.id}`),
            tutor.id,
            off.toJSDate(),
            off.plus({ days: 1 }).toJSDate(),
          ],
        );
      }
      for (const [k, plan] of PLAN.entries()) {
        const student = students[(i + k) % students.length];
        if (!student) continue;
        const id = seedId(`booking:${tutor.id}:${k}`);
        ids.push(id);
        const inserted = await insertBooking(manager, {
          id,
          tutor,
          studentId: student.id,
          subjectId: tutor.subjectIds[k % tutor.subjectIds.length]!,
          startsAt: startOf(now, availability.weekly, plan, k).toJSDate(),
          bufferMinutes: availability.bufferMinutes,
          plan,
        });
        if (inserted) created += 1;
      }
    }
    const rows = (await manager.query(
      `SELECT b.id, b.tutor_id, b.student_id, b.subject_id, b.starts_at, b.ends_at, b.status, b.updated_at,
              b.created_at, b.price_amount, b.currency, b.cancelled_by, b.cancel_reason, b.refund_amount,
              b.hold_expires_at,
              (SELECT min(h.at) FROM scheduling.booking_history h WHERE h.booking_id = b.id AND h.to_status = 'confirmed') AS confirmed_at,
              (SELECT min(h.at) FROM scheduling.booking_history h WHERE h.booking_id = b.id AND h.to_status = 'cancelled') AS cancelled_at,
              (SELECT min(h.at) FROM scheduling.booking_history h WHERE h.booking_id = b.id AND h.to_status = 'expired') AS expired_at
         FROM scheduling.bookings b WHERE b.id = ANY($1::uuid[])`,
      [ids],
    )) as {
      id: string;
      tutor_id: string;
      student_id: string;
      subject_id: string;
      starts_at: Date;
      ends_at: Date;
      status: BookingStatus;
      updated_at: Date;
      created_at: Date;
      price_amount: number;
      currency: string;
      cancelled_by: SeededBooking['cancelledBy'];
      cancel_reason: string | null;
      refund_amount: number | null;
      hold_expires_at: Date;
      confirmed_at: Date | null;
      cancelled_at: Date | null;
      expired_at: Date | null;
    }[];
    const bookings = rows.map((row) => ({
      id: row.id,
      tutorId: row.tutor_id,
      studentId: row.student_id,
      subjectId: row.subject_id,
      startsAt: row.starts_at,
      endsAt: row.ends_at,
      status: row.status,
      wasConfirmed: row.confirmed_at !== null,
      updatedAt: row.updated_at,
      createdAt: row.created_at,
      confirmedAt: row.confirmed_at,
      holdExpiresAt: row.hold_expires_at,
      cancelledAt: row.cancelled_at,
      expiredAt: row.expired_at,
      price: { amount: row.price_amount, currency: row.currency },
      cancelledBy: row.cancelled_by,
      cancelReason: row.cancel_reason,
      refundAmount: row.refund_amount,
    }));
    const saved = (await manager.query(
      `SELECT tutor_id, timezone, weekly, updated_at FROM scheduling.availability WHERE tutor_id = ANY($1::uuid[])`,
      [tutors.map((tutor) => tutor.id)],
    )) as { tutor_id: string; timezone: string; weekly: Window[]; updated_at: Date }[];
    const byStatus = new Map<string, number>();
    for (const booking of bookings)
      byStatus.set(booking.status, (byStatus.get(booking.status) ?? 0) + 1);
    return {
      lines: [
        `Scheduling: availability for ${tutors.length} tutors; ${created} bookings created (${[...byStatus].map(([status, n]) => `${n} ${status}`).join(', ')})`,
      ],
      bookings,
      availability: saved.map((row) => ({
        tutorId: row.tutor_id,
        timezone: row.timezone,
        weeklyMinutes: weeklyMinutes(row.weekly),
        savedAt: row.updated_at,
      })),
    };
  });
}

/** When the booking reached its current state. */
function closingTime(
  plan: Plan,
  t: {
    now: number;
    start: number;
    end: number;
    createdAt: number;
    paidAt: number;
    holdExpiresAt: number;
  },
): number {
  switch (plan.status) {
    case 'completed':
      return t.end;
    case 'expired':
      return t.holdExpiresAt;
    case 'cancelled':
      if (!plan.wasConfirmed) return t.createdAt + 10 * 60_000;
      // Half refund: the student cancelled less than 24 hours before the start.
      return plan.refund === 'half' ? t.start - 2 * HOUR : Math.max(t.paidAt, t.now - HOUR);
    case 'confirmed':
      return t.paidAt;
    default:
      return t.createdAt;
  }
}

async function insertBooking(
  manager: EntityManager,
  booking: {
    id: string;
    tutor: SchedulingSeedTutor;
    studentId: string;
    subjectId: string;
    startsAt: Date;
    bufferMinutes: number;
    plan: Plan;
  },
): Promise<boolean> {
  const { plan } = booking;
  const now = Date.now();
  const start = booking.startsAt.getTime();
  const end = start + HOUR;
  const createdAt = Math.min(now - HOUR, start - BOOKED_DAYS_AHEAD * 24 * HOUR);
  const paidAt = createdAt + 5 * 60_000;
  // An unpaid demo booking holds its slot for a day (never past its start), so it can be seen.
  const holdExpiresAt =
    plan.status === 'pending_payment' ? Math.min(now + 24 * HOUR, start) : createdAt + 15 * 60_000;
  const price = booking.tutor.hourlyRate.amount;
  const refund =
    plan.refund === 'full'
      ? price
      : plan.refund === 'half'
        ? Math.floor(price / 2)
        : plan.refund === 'none'
          ? 0
          : null;
  const closedAt = closingTime(plan, { now, start, end, createdAt, paidAt, holdExpiresAt });
  const [row] = (await manager.query(
    `INSERT INTO scheduling.bookings (id, tutor_id, student_id, subject_id, starts_at, ends_at, blocked_until, status,
                                      price_amount, currency, hold_expires_at, cancelled_by, cancel_reason, refund_amount,
                                      created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
     ON CONFLICT DO NOTHING RETURNING id`,
    [
      booking.id,
      booking.tutor.id,
      booking.studentId,
      booking.subjectId,
      new Date(start),
      new Date(end),
      new Date(end + booking.bufferMinutes * 60_000),
      plan.status,
      price,
      booking.tutor.hourlyRate.currency,
      new Date(holdExpiresAt),
      plan.cancelledBy ?? null,
      plan.reason ?? null,
      refund,
      new Date(createdAt),
      new Date(Math.max(createdAt, closedAt)),
    ],
  )) as { id: string }[];
  if (!row) return false;
  // The history the booking's transitions would have written.
  const steps: [BookingStatus | null, BookingStatus, number, string | null][] = [
    [null, 'pending_payment', createdAt, null],
  ];
  if (plan.wasConfirmed) steps.push(['pending_payment', 'confirmed', paidAt, 'payment (demo)']);
  const last = steps.at(-1)![1];
  if (plan.status !== last)
    steps.push([last, plan.status, Math.max(createdAt, closedAt), plan.reason ?? null]);
  for (const [n, [from, to, at, reason]] of steps.entries()) {
    await manager.query(
      `INSERT INTO scheduling.booking_history (id, booking_id, from_status, to_status, actor_id, reason, at)
       VALUES ($1, $2, $3, $4, NULL, $5, $6) ON CONFLICT DO NOTHING`,
      [seedId(`history:${booking.id}:${n}`), booking.id, from, to, reason, new Date(at)],
    );
  }
  return true;
}
