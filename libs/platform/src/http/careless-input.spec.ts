import { findCarelessInput, MAX_NESTING } from './careless-input.js';

const nested = (depth: number): unknown => {
  let value: unknown = 'leaf';
  for (let level = 0; level < depth; level++) value = { a: value };
  return value;
};

describe('findCarelessInput', () => {
  it('names the field that carries a control character, as validation errors name fields', () => {
    expect(
      findCarelessInput({ weekly: [{ start: '09:00' }, { start: '\u000010:00' }] }, 'body', true),
    ).toEqual({
      field: 'weekly.1.start',
      message: 'weekly.1.start must not contain control characters',
    });
    expect(findCarelessInput('abc\u0000', 'id', false)).toEqual({
      field: 'id',
      message: 'id must not contain control characters',
    });
  });

  it('lets bodies keep tabs and line breaks, but not query strings or path segments', () => {
    expect(findCarelessInput({ bio: 'one\r\ntwo\tthree' }, 'body', true)).toBeUndefined();
    expect(findCarelessInput({ q: 'one\ntwo' }, 'query', false)?.field).toBe('q');
    for (const control of ['\u0007', '\u001b', '\u007f', '\u0085'])
      expect(findCarelessInput({ name: `a${control}b` }, 'body', true)?.field).toBe('name');
  });

  it('refuses half a surrogate pair and accepts a whole one', () => {
    expect(findCarelessInput({ name: 'a\ud800b' }, 'body', true)?.message).toBe(
      'name must not contain unpaired surrogates',
    );
    expect(findCarelessInput({ name: 'a\udc00' }, 'body', true)?.field).toBe('name');
    expect(findCarelessInput({ name: 'smile \u{1F600}' }, 'body', true)).toBeUndefined();
  });

  it(`allows ${MAX_NESTING} levels of nesting and names the top-level field of anything deeper`, () => {
    expect(findCarelessInput(nested(MAX_NESTING), 'body', true)).toBeUndefined();
    expect(findCarelessInput({ email: nested(MAX_NESTING) }, 'body', true)).toEqual({
      field: 'email',
      message: `email is nested deeper than ${MAX_NESTING} levels`,
    });
  });

  it('walks a body nested far deeper than the stack allows without overflowing itself', () => {
    expect(findCarelessInput({ email: nested(200_000) }, 'body', true)?.field).toBe('email');
  });
});
