import { COMMON_PASSWORDS_TEXT } from './common-passwords.data.js';

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;

let common: Set<string> | undefined;
const commonPasswords = () =>
  (common ??= new Set(COMMON_PASSWORDS_TEXT.split('\n').filter(Boolean)));

/** Why a password is not acceptable, or null: 10–128 characters and not one of the 30,000 most common. */
export function passwordProblem(password: string): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return `password must be at least ${PASSWORD_MIN} characters`;
  if (length > PASSWORD_MAX) return `password must be at most ${PASSWORD_MAX} characters`;
  if (commonPasswords().has(password.toLowerCase()))
    return 'password is too common; choose another';
  return null;
}

export const commonPasswordCount = () => commonPasswords().size;

/** E-mails are compared and stored trimmed and lower-cased. */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();
