import { findCarelessInput, findLineBreaks, MAX_NESTING, MultiLine } from './careless-input.js';

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

describe('findLineBreaks', () => {
  class WindowDto {
    start = '09:00';
  }
  class ProfileDto {
    @MultiLine() bio = '';
    headline = '';
    windows: WindowDto[] = [];
    @MultiLine() paragraphs: string[] = [];
  }
  class ExtendedProfileDto extends ProfileDto {}
  const profile = (fields: Partial<ProfileDto>) => Object.assign(new ProfileDto(), fields);

  it('lets fields marked @MultiLine keep tabs and line breaks, their arrays and subclasses too', () => {
    expect(findLineBreaks(profile({ bio: 'one\r\n\ttwo', paragraphs: ['a\nb', 'c\td'] }))).toEqual(
      [],
    );
    expect(findLineBreaks(Object.assign(new ExtendedProfileDto(), { bio: 'a\nb' }))).toEqual([]);
  });

  it('names every other field that carries one, nested fields by their path', () => {
    const window = Object.assign(new WindowDto(), { start: '09:00\t' });
    expect(
      findLineBreaks(profile({ headline: 'a\u2028b', windows: [new WindowDto(), window] })),
    ).toEqual(
      expect.arrayContaining([
        { field: 'headline', message: 'headline must be a single line (no tabs or line breaks)' },
        {
          field: 'windows.1.start',
          message: 'windows.1.start must be a single line (no tabs or line breaks)',
        },
      ]),
    );
    expect(findLineBreaks({ email: 'a@b.c\n' }).map((problem) => problem.field)).toEqual(['email']);
  });
});
