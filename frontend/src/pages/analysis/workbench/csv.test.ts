import { describe, expect, it } from 'vitest';
import { BOM, buildCsv, csvCell, safeFileName } from './csv';

describe('csvCell', () => {
  it('leaves plain text and numbers alone', () => {
    expect(csvCell('朔城区')).toBe('朔城区');
    expect(csvCell(87.5)).toBe('87.5');
    expect(csvCell(0)).toBe('0');
  });
  it('quotes commas, quotes and line breaks', () => {
    expect(csvCell('农业、农村, 畜牧')).toBe('"农业、农村, 畜牧"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('a\nb')).toBe('"a\nb"');
  });
  it('writes nothing for missing values', () => {
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
  });
  it('keeps text from being run as a formula, but not negative numbers', () => {
    expect(csvCell('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell(-5)).toBe('-5');
  });
});

describe('buildCsv', () => {
  it('starts with a BOM and ends lines with CRLF', () => {
    const csv = buildCsv(['县(市、区)', '零事故率(%)'], [['朔城区', 90.58], ['平鲁区', null]]);
    expect(csv.startsWith(BOM)).toBe(true);
    expect(csv).toBe(`${BOM}县(市、区),零事故率(%)\r\n朔城区,90.58\r\n平鲁区,\r\n`);
  });
  it('encodes to UTF-8 with the EF BB BF mark', () => {
    const bytes = new TextEncoder().encode(buildCsv(['a'], []));
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });
});

describe('safeFileName', () => {
  it('drops characters file systems refuse', () => {
    expect(safeFileName('透视: 县/类别?')).toBe('透视_ 县_类别_');
    expect(safeFileName('  ')).toBe('export');
  });
});
