import { csvCell, csvDocument, csvField } from './csv.js';

describe('csvField', () => {
  it('quotes fields as RFC 4180 says', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvField('')).toBe('');
  });
});

describe('csvCell', () => {
  it('escapes text that a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('+1+1')).toBe("'+1+1");
    expect(csvCell('-1+2')).toBe("'-1+2");
    expect(csvCell('-cmd')).toBe("'-cmd");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
  });

  it('keeps numbers numeric, negative ones too', () => {
    expect(csvCell(-2550)).toBe('-2550');
    expect(csvCell(0.125)).toBe('0.125');
    expect(csvCell('-25.50')).toBe('-25.50');
    expect(csvCell('42')).toBe('42');
    expect(csvCell(12n)).toBe('12');
  });

  it('leaves other text alone, and writes nothing for a missing value', () => {
    expect(csvCell('2026-03-29T00:00:00.000Z')).toBe('2026-03-29T00:00:00.000Z');
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });
});

describe('csvDocument', () => {
  it('writes the header and the rows, CRLF after every line, padding short rows', () => {
    expect(
      csvDocument(
        ['name', 'value', 'note'],
        [
          ['a, b', -3, 'fine'],
          ['=cmd', 4],
        ],
      ),
    ).toBe('name,value,note\r\n"a, b",-3,fine\r\n\'=cmd,4,\r\n');
  });

  it('is only its header without rows', () => {
    expect(csvDocument(['bucket', 'value'], [])).toBe('bucket,value\r\n');
  });
});
