// Numbers and dates as people read them: 87.5%, 10,992, 2026年11月29日 (zh-CN) or Nov 29, 2026 (en-US).
// Pure functions (no React), shared by the dashboard, the reports and the workbench.
import type { Locale } from '../locales';

/** Shown for a figure that has no value (e.g. a rate over no units). */
export const NO_VALUE = '—';

const cache = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, options);
    cache.set(key, f);
  }
  return f;
}

/** A fraction as a percentage with at most `digits` decimals: 0.875 → "87.5%", 1 → "100%". */
export function formatPercent(fraction: number | null | undefined, locale: Locale, digits = 1): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return NO_VALUE;
  return numberFormat(locale, { style: 'percent', minimumFractionDigits: 0, maximumFractionDigits: digits }).format(fraction);
}

/** A count or amount with grouping: 10992 → "10,992"; `digits` decimals at most. */
export function formatNumber(value: number | null | undefined, locale: Locale, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NO_VALUE;
  return numberFormat(locale, { maximumFractionDigits: digits }).format(value);
}

/** A rate gap in signed percentage points: 0.0123 → "+1.2", -0.05 → "-5". */
export function formatPoints(gap: number | null | undefined, locale: Locale): string {
  if (gap === null || gap === undefined || !Number.isFinite(gap)) return NO_VALUE;
  const points = Math.round(gap * 1000) / 10;
  return numberFormat(locale, { maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(points);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})/;

/**
 * A date (YYYY-MM-DD, or the date part of an RFC 3339 time) as "2026年11月29日" or "Nov 29, 2026".
 * The calendar date is taken as written, never shifted by the browser's time zone.
 */
export function formatDate(value: string | null | undefined, locale: Locale): string {
  if (!value) return NO_VALUE;
  const m = ISO_DATE.exec(value);
  if (!m) return value;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (locale === 'zh-CN') return `${year}年${month}月${day}日`;
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(Date.UTC(year, month - 1, day)));
}

/** A point in time (RFC 3339) in the browser's zone: "2026年11月29日 08:15" or "Nov 29, 2026, 8:15 AM". */
export function formatDateTime(value: string | null | undefined, locale: Locale): string {
  if (!value) return NO_VALUE;
  const t = Date.parse(value);
  if (Number.isNaN(t)) return value;
  if (locale === 'zh-CN') {
    const d = new Date(t);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日 ${pad(d.getHours())}:${pad(d.getMinutes())}`;
  }
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(t));
}

/** A month of the year (1-12): "3月" or "Mar". */
export function formatMonth(month: number, locale: Locale): string {
  if (locale === 'zh-CN') return `${month}月`;
  return new Intl.DateTimeFormat('en-US', { month: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(2020, month - 1, 1)));
}

/** A target typed as a percentage (87.5) as the API's fraction (0.875), without float noise. */
export function percentToFraction(percent: number): number {
  return Math.round(percent * 100) / 10000;
}

/** The API's fraction (0.78) as a percentage to type (78). */
export function fractionToPercent(fraction: number): number {
  return Math.round(fraction * 10000) / 100;
}

/** Today's date (YYYY-MM-DD) in the browser's zone. */
export function todayISO(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The years one may pick: 2020 (the campaign's first) to this year, newest first. */
export function campaignYears(now: Date = new Date()): number[] {
  const years: number[] = [];
  for (let y = now.getFullYear(); y >= 2020; y--) years.push(y);
  return years;
}
