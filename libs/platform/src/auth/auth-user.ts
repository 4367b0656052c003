export const ROLES = ['student', 'tutor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, as the access token says (checked against revocation by the identity context). */
export interface AuthUser {
  id: string;
  roles: Role[];
  /**
   * The access token's own terms: a response that outlives the request (a live stream) checks
   * them again later, so it ends when the token expires or the account revokes it.
   */
  session: AccessSession;
}

export interface AccessSession {
  expiresAt: Date;
  /** The account's token version the token was signed for (identity moves it on to revoke). */
  tokenVersion: number;
}
