import argon2 from 'argon2';
import { v5 as uuidv5 } from 'uuid';
import type { DataSource } from 'typeorm';

const NAMESPACE = '8d2c6f1e-3a47-4b8e-9d0a-5c1f2e7b9a33';

export const DEMO_PASSWORD = 'demo-password-2026';

type DemoRole = 'admin' | 'tutor' | 'student';

interface DemoAccount {
  email: string;
  displayName: string;
  roles: readonly DemoRole[];
  timezone: string;
  /** What the account shows in the demo, printed next to it. */
  note: string;
}

const DEMO: readonly DemoAccount[] = [
  {
    email: 'admin@etutors.demo',
    displayName: 'Demo Admin',
    roles: ['admin'],
    timezone: 'UTC',
    note: 'reviews tutors, manages users and subjects',
  },
  {
    email: 'ada.tutor@etutors.demo',
    displayName: 'Ada Lovelace',
    roles: ['tutor'],
    timezone: 'Europe/Berlin',
    note: 'maths, Berlin',
  },
  {
    email: 'marie.tutor@etutors.demo',
    displayName: 'Marie Curie',
    roles: ['tutor'],
    timezone: 'Asia/Tokyo',
    note: 'sciences, Tokyo; has an edit awaiting review',
  },
  {
    email: 'frida.tutor@etutors.demo',
    displayName: 'Frida Kahlo',
    roles: ['tutor'],
    timezone: 'America/New_York',
    note: 'languages, New York',
  },
  {
    email: 'clara.tutor@etutors.demo',
    displayName: 'Clara Schumann',
    roles: ['tutor'],
    timezone: 'America/Los_Angeles',
    note: 'music, Los Angeles',
  },
  {
    email: 'grace.tutor@etutors.demo',
    displayName: 'Grace Hopper',
    roles: ['tutor'],
    timezone: 'Australia/Sydney',
    note: 'profile pending approval',
  },
  {
    email: 'sam.student@etutors.demo',
    displayName: 'Sam Student',
    roles: ['student'],
    timezone: 'Europe/London',
    note: 'has lessons in every state',
  },
  {
    email: 'lee.student@etutors.demo',
    displayName: 'Lee Learner',
    roles: ['student'],
    timezone: 'America/Chicago',
    note: '',
  },
  {
    email: 'kim.student@etutors.demo',
    displayName: 'Kim Keen',
    roles: ['student'],
    timezone: 'Asia/Seoul',
    note: '',
  },
];

export interface DemoPerson {
  id: string;
  email: string;
  displayName: string;
  timezone: string;
  roles: readonly DemoRole[];
  /** When the account was created (by the first seed), as its registration would say. */
  registeredAt: Date;
}

export interface DemoUsers {
  lines: string[];
  admin: DemoPerson;
  /** Tutors whose profiles are approved in the demo, then the one still pending, last. */
  tutors: DemoPerson[];
  students: DemoPerson[];
}

const idOf = (email: string) => uuidv5(email, NAMESPACE);

/** Demo accounts with documented credentials; idempotent (deterministic ids, ON CONFLICT DO NOTHING). */
export async function seedIdentity(dataSource: DataSource): Promise<DemoUsers> {
  const hash = await argon2.hash(DEMO_PASSWORD, {
    type: argon2.argon2id,
    memoryCost: 19_456,
    timeCost: 2,
    parallelism: 1,
  });
  let created = 0;
  for (const user of DEMO) {
    const rows = (await dataSource.query(
      `INSERT INTO identity.users (id, email, display_name, password_hash, roles, status, timezone, email_verified_at)
       VALUES ($1, $2, $3, $4, $5, 'active', $6, now()) ON CONFLICT (email) DO NOTHING RETURNING id`,
      [idOf(user.email), user.email, user.displayName, hash, user.roles, user.timezone],
    )) as unknown[];
    created += rows.length;
  }
  const registered = new Map(
    (
      (await dataSource.query(
        `SELECT id, created_at FROM identity.users WHERE id = ANY($1::uuid[])`,
        [DEMO.map((user) => idOf(user.email))],
      )) as { id: string; created_at: Date }[]
    ).map((row) => [row.id, row.created_at]),
  );
  const person = (user: DemoAccount): DemoPerson => ({
    id: idOf(user.email),
    email: user.email,
    displayName: user.displayName,
    timezone: user.timezone,
    roles: user.roles,
    registeredAt: registered.get(idOf(user.email))!,
  });
  const withRole = (role: DemoRole) => DEMO.filter((user) => user.roles.includes(role)).map(person);
  const width = Math.max(...DEMO.map((user) => user.email.length));
  return {
    lines: [
      `Identity: ${created} demo accounts created (${DEMO.length - created} already there). Password for all: ${DEMO_PASSWORD}`,
      ...DEMO.map((user) =>
        `  ${user.roles.join(',').padEnd(8)} ${user.email.padEnd(width)}  ${user.note}`.trimEnd(),
      ),
    ],
    admin: person(DEMO[0]!),
    tutors: withRole('tutor'),
    students: withRole('student'),
  };
}
