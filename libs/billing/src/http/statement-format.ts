import { negotiateMediaType } from '@etutors/platform';

/** The media types a statement comes in; the first is the default. */
export const STATEMENT_MEDIA_TYPES = {
  json: 'application/json',
  csv: 'text/csv',
  pdf: 'application/pdf',
} as const;
export type StatementFormat = keyof typeof STATEMENT_MEDIA_TYPES;

/** The format `Accept` asks for; JSON without a header or for anything we do not make. */
export const negotiateStatementFormat = (accept: string | undefined): StatementFormat =>
  negotiateMediaType(accept, STATEMENT_MEDIA_TYPES);
