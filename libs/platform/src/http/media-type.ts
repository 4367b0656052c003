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
 * The format `Accept` asks for among `formats` (name → media type; the first is the default),
 * as RFC 9110 §12.5.1 reads it: each format takes the quality of the most specific range that
 * matches it; the highest quality wins, then the format named most specifically
 * (`text/csv, *\/*` is CSV), then the default. No header, or nothing we make, is the default.
 */
export function negotiateMediaType<Format extends string>(
  accept: string | undefined,
  formats: Readonly<Record<Format, string>>,
): Format {
  const entries = Object.entries(formats) as [Format, string][];
  const ranges = mediaRanges(accept ?? '');
  let best: { format: Format; quality: number; specificity: number } | undefined;
  for (const [format, mediaType] of entries) {
    const [match] = ranges
      .map((range) => ({ range, specificity: specificity(range, mediaType) }))
      .filter((candidate) => candidate.specificity >= 0)
      .sort((a, b) => b.specificity - a.specificity);
    if (!match || match.range.quality <= 0) continue;
    if (
      !best ||
      match.range.quality > best.quality ||
      (match.range.quality === best.quality && match.specificity > best.specificity)
    )
      best = { format, quality: match.range.quality, specificity: match.specificity };
  }
  return best?.format ?? entries[0]![0];
}
