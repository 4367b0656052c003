import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { AuthUser } from './auth-user.js';

/** Admins see everything; anyone else only what they take part in. */
export const isAdmin = (user: AuthUser) => user.roles.includes('admin');

/** Whether `user` may see a record whose participants are `participantIds`. */
export const mayView = (user: AuthUser, ...participantIds: string[]) =>
  isAdmin(user) || participantIds.includes(user.id);

/** Narrows a list query to the rows `user` takes part in (through any of `columns`), unless an admin asks. */
export function scopeToParticipant<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  alias: string,
  user: AuthUser,
  columns: string[],
): SelectQueryBuilder<T> {
  if (isAdmin(user)) return query;
  return query.andWhere(
    `(${columns.map((column) => `${alias}.${column} = :participant`).join(' OR ')})`,
    {
      participant: user.id,
    },
  );
}
