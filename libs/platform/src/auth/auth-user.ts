export const ROLES = ['student', 'tutor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, as the access token says (checked against revocation by the identity context). */
export interface AuthUser {
  id: string;
  roles: Role[];
}
