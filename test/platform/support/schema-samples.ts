/** Request values drawn from OpenAPI schemas, deterministically from a seed. */

type Json = Record<string, unknown>;
export type Schema = Json;

/** A small seeded generator (mulberry32): the same seed gives the same requests every run. */
export function seeded(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  };
}
export type Random = ReturnType<typeof seeded>;

export class Schemas {
  constructor(private readonly components: Record<string, Schema>) {}

  resolve(schema: Schema | undefined): Schema {
    let current = schema ?? {};
    for (let depth = 0; typeof current.$ref === 'string' && depth < 10; depth++)
      current = this.components[(current.$ref as string).split('/').pop()!] ?? {};
    if (Array.isArray(current.allOf))
      return Object.assign({}, ...(current.allOf as Schema[]).map((part) => this.resolve(part)));
    return current;
  }

  /** A value the schema accepts (as far as a schema can say: business rules may still refuse it). */
  valid(raw: Schema | undefined, random: Random, depth = 0): unknown {
    const schema = this.resolve(raw);
    if (schema.example !== undefined && random.next() < 0.5) return schema.example;
    if (Array.isArray(schema.enum)) return random.pick(schema.enum);
    if (Array.isArray(schema.oneOf ?? schema.anyOf))
      return this.valid(random.pick((schema.oneOf ?? schema.anyOf) as Schema[]), random, depth);
    switch (schema.type) {
      case 'integer':
      case 'number': {
        const min = typeof schema.minimum === 'number' ? schema.minimum : 0;
        const max = typeof schema.maximum === 'number' ? schema.maximum : min + 1000;
        return random.int(Math.ceil(min), Math.floor(max));
      }
      case 'boolean':
        return random.next() < 0.5;
      case 'array': {
        const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
        const length = depth > 3 ? min : Math.max(min, random.int(0, 2));
        return Array.from({ length }, () => this.valid(schema.items as Schema, random, depth + 1));
      }
      case 'string':
        return this.validString(schema, random);
      default: {
        if (!schema.properties) return schema.type === 'object' ? {} : 'value';
        const required = new Set((schema.required as string[] | undefined) ?? []);
        return Object.fromEntries(
          Object.entries(schema.properties as Record<string, Schema>)
            .filter(([name]) => required.has(name) || random.next() < 0.5)
            .map(([name, property]) => [name, this.valid(property, random, depth + 1)]),
        );
      }
    }
  }

  private validString(schema: Schema, random: Random): string {
    switch (schema.format) {
      case 'uuid':
        return '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
      case 'date-time':
        return new Date(Date.UTC(2027, random.int(0, 11), random.int(1, 28), 10)).toISOString();
      case 'date':
        return `2026-${String(random.int(1, 12)).padStart(2, '0')}-01`;
      case 'email':
        return `fuzz-${random.int(0, 1e9)}@etutors.test`;
    }
    const min = typeof schema.minLength === 'number' ? schema.minLength : 1;
    const max = typeof schema.maxLength === 'number' ? schema.maxLength : 40;
    return 'fuzz value '.repeat(8).slice(0, Math.max(min, Math.min(max, random.int(min, 40))));
  }

  /** A value of a type the schema does not allow. */
  wrongType(raw: Schema | undefined, random: Random): unknown {
    const schema = this.resolve(raw);
    const type = schema.type ?? (schema.properties ? 'object' : undefined);
    const candidates: unknown[] =
      type === 'string'
        ? [42, true, { nested: 'x' }, ['x'], null]
        : type === 'integer' || type === 'number'
          ? ['12', 'twelve', 1.5, true, null, { amount: 1 }]
          : type === 'boolean'
            ? ['yes', 1, null]
            : type === 'array'
              ? ['x', 7, { 0: 'x' }, null]
              : ['object', 9, ['array'], null];
    return random.pick(candidates);
  }

  /** A value of the right type outside the schema's bounds (out of range, too long, not in the enum). */
  outOfRange(raw: Schema | undefined, random: Random): unknown {
    const schema = this.resolve(raw);
    if (Array.isArray(schema.enum)) return 'not-one-of-them';
    switch (schema.type) {
      case 'integer':
      case 'number':
        return random.pick([
          typeof schema.maximum === 'number' ? schema.maximum + 1 : Number.MAX_SAFE_INTEGER * 4,
          typeof schema.minimum === 'number' ? schema.minimum - 1 : -Number.MAX_SAFE_INTEGER * 4,
          1e308,
          -0.5,
        ]);
      case 'string':
        return random.pick([
          'x'.repeat(typeof schema.maxLength === 'number' ? schema.maxLength + 1 : 100_000),
          '',
          'not-a-' + String(schema.format ?? 'value') + '\u0000\u202e',
          '9999-99-99T99:99:99Z',
        ]);
      case 'array':
        return Array.from({ length: 500 }, () => 'x');
      default:
        return { deeply: { nested: { object: { with: { many: { levels: [[[[['x']]]]] } } } } } };
    }
  }
}
