/** The media types a statement comes in; the first is the default. */
export const STATEMENT_MEDIA_TYPES = {
  json: 'application/json',
  csv: 'text/csv',
  pdf: 'application/pdf',
} as const;
export type StatementFormat = keyof typeof STATEMENT_MEDIA_TYPES;

interface MediaRange {
  type: string;
  subtype: string;
  quality: number;
}

function mediaRanges(accept: string): MediaRange[] {
  return accept.split(',').flatMap((part) => {
    const [range = '', ...parameters] = part.split(';').map((piece) => piece.trim().toLowerCase());
    const [type, subtype] = range.split('/');
    if (!type || !subtype) return [];
    const q = parameters.find((parameter) => parameter.startsWith('q='));
    const quality = q === undefined ? 1 : Number(q.slice(2));
    return Number.isFinite(quality) ? [{ type, subtype, quality }] : [];
  });
}

/** 2 for `text/csv`, 1 for `text/*`, 0 for `*\/*`, -1 when the range does not match. */
function specificity(range: MediaRange, mediaType: string): number {
  const [type, subtype] = mediaType.split('/');
  if (range.type === '*') return range.subtype === '*' ? 0 : -1;
  if (range.type !== type) return -1;
  if (range.subtype === '*') return 1;
  return range.subtype === subtype ? 2 : -1;
}

/**
 * The format `Accept` asks for (RFC 9110 §12.5.1): each format takes the quality of the most
 * specific range that matches it; the highest quality wins, then the format named most
 * specifically (`text/csv, *\/*` is CSV), then JSON. No header, or nothing we make, is JSON.
 */
export function negotiateStatementFormat(accept: string | undefined): StatementFormat {
  const ranges = mediaRanges(accept ?? '');
  let best: { format: StatementFormat; quality: number; specificity: number } | undefined;
  for (const [format, mediaType] of Object.entries(STATEMENT_MEDIA_TYPES) as [
    StatementFormat,
    string,
  ][]) {
    const matches = ranges
      .map((range) => ({ range, specificity: specificity(range, mediaType) }))
      .filter((match) => match.specificity >= 0)
      .sort((a, b) => b.specificity - a.specificity);
    const [match] = matches;
    if (!match || match.range.quality <= 0) continue;
    if (
      !best ||
      match.range.quality > best.quality ||
      (match.range.quality === best.quality && match.specificity > best.specificity)
    )
      best = { format, quality: match.range.quality, specificity: match.specificity };
  }
  return best?.format ?? 'json';
}
