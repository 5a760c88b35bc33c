// CSV built in the browser for spreadsheets: UTF-8 with a byte-order mark (so Excel reads the Chinese
// text as UTF-8), CRLF line ends, RFC 4180 quoting.

export type CsvValue = string | number | boolean | null | undefined;

/** One field: numbers as they are; text quoted when needed, and kept from being read as a formula. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = String(value);
  // a cell starting with = + - @ (or a tab/CR) would be run as a formula by a spreadsheet
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const BOM = '\uFEFF';

/** The whole file: BOM, the header line and one line per row. */
export function buildCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  const lines = [header, ...rows].map((r) => r.map(csvCell).join(','));
  return `${BOM}${lines.join('\r\n')}\r\n`;
}

/** A file name without characters that file systems refuse. */
export function safeFileName(name: string): string {
  return name.replace(/[\\/:*?"<>|\r\n]+/g, '_').trim() || 'export';
}
