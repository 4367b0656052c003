import { MINUTE_MS } from '@etutors/platform';
export type OneTimePurpose = 'password_reset' | 'email_verification';

/** How long a mailed token stays usable: 30 minutes to reset a password, 24 hours to verify. */
export const ONE_TIME_TOKEN_TTL_MS: Record<OneTimePurpose, number> = {
  password_reset: 30 * MINUTE_MS,
  email_verification: 24 * 60 * MINUTE_MS,
};

/** The e-mail that carries a token; the token is the message's last line. */
export function oneTimeTokenMail(
  purpose: OneTimePurpose,
  token: string,
): { subject: string; text: string } {
  return purpose === 'password_reset'
    ? {
        subject: 'Reset your E-Tutors password',
        text:
          'Someone (hopefully you) asked to reset the password of your E-Tutors account.\n' +
          'Use this token within 30 minutes to set a new one; it works once. If it was not you,\n' +
          'ignore this message: your password stays as it is.\n\n' +
          `${token}\n`,
      }
    : {
        subject: 'Verify your e-mail for E-Tutors',
        text: `Use this token within 24 hours to verify your e-mail; it works once.\n\n${token}\n`,
      };
}
