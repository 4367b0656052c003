/** A value a CSV cell can hold; null and undefined are an empty cell. */
export type CsvValue = string | number | bigint | null | undefined;

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A plain decimal (`-25.50`, `0.1250`, `42`): data, never a formula. */
const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/;

/** What a spreadsheet reads as the start of a formula (OWASP's list: `=`, `+`, `-`, `@`, tab, CR). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A cell safe to open in a spreadsheet: text that starts like a formula gets a leading `'`, so
 * it is shown as text and never run. Numbers stay numbers: a JavaScript number, or text that is
 * a plain decimal such as `-25.50`, is written as it is; anything else that starts with `-`
 * (`-1+2`, `-cmd`) is text and is escaped. Then quoted as RFC 4180 says.
 */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  if (typeof value !== 'string' || PLAIN_NUMBER.test(text)) return csvField(text);
  return csvField(FORMULA_START.test(text) ? `'${text}` : text);
}

/** One CSV line, without its line break. */
export const csvLine = (cells: readonly CsvValue[]): string => cells.map(csvCell).join(',');

/**
 * A CSV document: the header, then one line per row, each line ending in CRLF (RFC 4180). A row
 * shorter than the header is padded with empty cells.
 */
export function csvDocument(
  header: readonly string[],
  rows: readonly (readonly CsvValue[])[],
): string {
  const width = header.length;
  const lines = [
    csvLine(header),
    ...rows.map((row) => csvLine([...row, ...Array<CsvValue>(Math.max(0, width - row.length))])),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

/** The media type of a CSV answer. */
export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';
