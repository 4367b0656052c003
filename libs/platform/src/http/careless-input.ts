/**
 * Checks every request value before it is transformed or validated, so that no route can forget
 * them: nesting deep enough to overflow class-transformer's recursion, control characters that
 * PostgreSQL refuses (NUL) or that no text field means to carry, and unpaired surrogates.
 */

/** Deeper than any DTO goes (the deepest is two levels), far below what overflows the stack. */
export const MAX_NESTING = 32;

/**
 * Control characters (Unicode Cc: C0, DEL, C1). Bodies may carry tab, line feed and carriage
 * return, which multi-line fields (bio, notes, comments) use; query strings and path segments
 * are single-line, so they may carry none.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const BODY_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const LINE_CONTROL = /[\u0000-\u001F\u007F-\u009F]/;

/**
 * Half of a UTF-16 surrogate pair (JSON allows `"\ud800"`): PostgreSQL refuses it in `jsonb`, as
 * in every event payload, and it is no character in any text. With the `u` flag, a complete
 * pair is one code point, so only unpaired halves match.
 */
const UNPAIRED_SURROGATE = /\p{Cs}/u;

export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * The first careless part of `value` (a body, a query object or one path parameter), named by
 * its field path as validation errors name fields (`weekly.0.start`), or `undefined` if none.
 * `root` names the value itself when it is a plain string (a path parameter).
 */
export function findCarelessInput(
  value: unknown,
  root: string,
  allowLineBreaks: boolean,
): FieldProblem | undefined {
  const control = allowLineBreaks ? BODY_CONTROL : LINE_CONTROL;
  // Iterative, so the check itself cannot overflow on the bodies it exists to refuse.
  const pending: { value: unknown; field: string; depth: number }[] = [
    { value, field: '', depth: 0 },
  ];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value: current, field, depth } = next;
    if (typeof current === 'string') {
      const name = field || root;
      if (control.test(current))
        return { field: name, message: `${name} must not contain control characters` };
      if (UNPAIRED_SURROGATE.test(current))
        return { field: name, message: `${name} must not contain unpaired surrogates` };
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= MAX_NESTING) {
      const name = field.split('.')[0] || root;
      return { field: name, message: `${name} is nested deeper than ${MAX_NESTING} levels` };
    }
    const child = (key: string) => (field ? `${field}.${key}` : key);
    if (Array.isArray(current)) {
      current.forEach((item: unknown, index) =>
        pending.push({ value: item, field: child(String(index)), depth: depth + 1 }),
      );
    } else {
      for (const [key, item] of Object.entries(current))
        pending.push({ value: item, field: child(key), depth: depth + 1 });
    }
  }
  return undefined;
}
