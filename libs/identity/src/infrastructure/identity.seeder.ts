import argon2 from 'argon2';
import { v5 as uuidv5 } from 'uuid';
import type { DataSource } from 'typeorm';

const NAMESPACE = '8d2c6f1e-3a47-4b8e-9d0a-5c1f2e7b9a33';

export const DEMO_PASSWORD = 'demo-password-2026';

const DEMO = [
  { email: 'admin@etutors.demo', displayName: 'Demo Admin', roles: ['admin'] },
  { email: 'ada.tutor@etutors.demo', displayName: 'Ada Lovelace', roles: ['tutor'] },
  { email: 'marie.tutor@etutors.demo', displayName: 'Marie Curie', roles: ['tutor'] },
  { email: 'frida.tutor@etutors.demo', displayName: 'Frida Kahlo', roles: ['tutor'] },
  { email: 'clara.tutor@etutors.demo', displayName: 'Clara Schumann', roles: ['tutor'] },
  { email: 'sam.student@etutors.demo', displayName: 'Sam Student', roles: ['student'] },
  { email: 'lee.student@etutors.demo', displayName: 'Lee Learner', roles: ['student'] },
  { email: 'kim.student@etutors.demo', displayName: 'Kim Keen', roles: ['student'] },
] as const;

export interface DemoUsers {
  lines: string[];
  tutors: { id: string; displayName: string }[];
  students: { id: string; displayName: string }[];
}

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
       VALUES ($1, $2, $3, $4, $5, 'active', 'UTC', now()) ON CONFLICT (email) DO NOTHING RETURNING id`,
      [uuidv5(user.email, NAMESPACE), user.email, user.displayName, hash, user.roles],
    )) as unknown[];
    created += rows.length;
  }
  const byRole = (role: string) =>
    DEMO.filter((user) => (user.roles as readonly string[]).includes(role)).map((user) => ({
      id: uuidv5(user.email, NAMESPACE),
      displayName: user.displayName,
    }));
  return {
    lines: [
      `Identity: ${created} demo accounts created (${DEMO.length - created} already there). Password for all: ${DEMO_PASSWORD}`,
      ...DEMO.map((user) => `  ${user.roles.join(',').padEnd(8)} ${user.email}`),
    ],
    tutors: byRole('tutor'),
    students: byRole('student'),
  };
}
