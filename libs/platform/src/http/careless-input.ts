/**
 * Checks every request value before it is transformed or validated, so that no route can forget
 * them: nesting deep enough to overflow class-transformer's recursion, control characters that
 * PostgreSQL refuses (NUL) or that no text field means to carry, and unpaired surrogates.
 */

/** Deeper than any DTO goes (the deepest is two levels), far below what overflows the stack. */
export const MAX_NESTING = 32;

/**
 * Control characters (Unicode Cc: C0, DEL, C1). Bodies may carry tab, line feed and carriage
 * return here, which multi-line fields (bio, notes, comments) use; once the body is a DTO,
 * {@link findLineBreaks} refuses them in every other field. Query strings and path segments
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

/** What makes text more than one line: tab, line feed, carriage return, line and paragraph separators. */
const LINE_BREAK = /[\t\n\r\u2028\u2029]/;

/** The multi-line properties of each DTO class, by prototype (a subclass inherits its parent's). */
const MULTI_LINE_FIELDS = new WeakMap<object, Set<string | symbol>>();

/**
 * Marks a text field that may span lines (a bio, notes, a comment, a message body): it keeps
 * tabs and line breaks. Every other string a DTO carries is single-line, so a name, an e-mail,
 * a slug or a reason with a tab or a line break is refused, without a rule on each field.
 */
export const MultiLine = (): PropertyDecorator => (prototype, property) => {
  const fields = MULTI_LINE_FIELDS.get(prototype) ?? new Set<string | symbol>();
  fields.add(property);
  MULTI_LINE_FIELDS.set(prototype, fields);
};

function isMultiLine(owner: object, property: string): boolean {
  for (
    let prototype = Object.getPrototypeOf(owner);
    prototype;
    prototype = Object.getPrototypeOf(prototype)
  )
    if (MULTI_LINE_FIELDS.get(prototype as object)?.has(property)) return true;
  return false;
}

/**
 * Every single-line field of a transformed DTO (nested DTOs and arrays included) that carries a
 * tab or a line break, named as validation errors name fields. It reads the instances
 * class-transformer built, so each nested object answers for its own class's {@link MultiLine}
 * marks. Run after {@link findCarelessInput}, which has bounded the nesting.
 */
export function findLineBreaks(dto: object): FieldProblem[] {
  const problems: FieldProblem[] = [];
  // `multiLine` passes a field's mark on to the items of an array it holds.
  const pending: { owner: object; field: string; multiLine: boolean }[] = [
    { owner: dto, field: '', multiLine: false },
  ];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { owner, field } = next;
    for (const [key, value] of Object.entries(owner)) {
      const name = field ? `${field}.${key}` : key;
      const multiLine = Array.isArray(owner) ? next.multiLine : isMultiLine(owner, key);
      if (typeof value === 'string') {
        if (!multiLine && LINE_BREAK.test(value))
          problems.push({
            field: name,
            message: `${name} must be a single line (no tabs or line breaks)`,
          });
      } else if (typeof value === 'object' && value !== null) {
        pending.push({ owner: value as object, field: name, multiLine });
      }
    }
  }
  return problems;
}
