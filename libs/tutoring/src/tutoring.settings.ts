import { Matches } from 'class-validator';

/** The tutoring context's settings. */
export class TutoringSettings {
  /** ISO 4217 codes tutors may price lessons in, comma-separated. */
  @Matches(/^[A-Z]{3}(,[A-Z]{3})*$/, { message: 'must be comma-separated ISO 4217 codes' })
  SUPPORTED_CURRENCIES = 'USD,EUR,GBP';
}
