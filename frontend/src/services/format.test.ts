import { describe, expect, it } from 'vitest';
import {
  campaignYears,
  formatDate,
  formatMonth,
  formatNumber,
  formatPercent,
  formatPoints,
  fractionToPercent,
  NO_VALUE,
  percentToFraction,
  todayISO,
} from './format';

describe('formatPercent', () => {
  it.each([
    [0.875, '87.5%'],
    [1, '100%'],
    [0, '0%'],
    [0.8355520751761942, '83.6%'],
    [0.78, '78%'],
  ])('%s → %s', (value, expected) => {
    expect(formatPercent(value, 'zh-CN')).toBe(expected);
    expect(formatPercent(value, 'en-US')).toBe(expected);
  });

  it('shows a dash for a rate over no units', () => {
    expect(formatPercent(null, 'zh-CN')).toBe(NO_VALUE);
    expect(formatPercent(undefined, 'zh-CN')).toBe(NO_VALUE);
    expect(formatPercent(Number.NaN, 'zh-CN')).toBe(NO_VALUE);
  });

  it('takes the number of decimals', () => {
    expect(formatPercent(0.87654, 'zh-CN', 2)).toBe('87.65%');
  });
});

describe('formatNumber', () => {
  it('groups thousands', () => {
    expect(formatNumber(10992, 'zh-CN')).toBe('10,992');
    expect(formatNumber(10992, 'en-US')).toBe('10,992');
    expect(formatNumber(0, 'zh-CN')).toBe('0');
  });
  it('rounds to the digits asked for', () => {
    expect(formatNumber(12.345, 'zh-CN', 1)).toBe('12.3');
    expect(formatNumber(null, 'zh-CN')).toBe(NO_VALUE);
  });
});

describe('formatPoints', () => {
  it('gives signed percentage points', () => {
    expect(formatPoints(0.0123, 'zh-CN')).toBe('+1.2');
    expect(formatPoints(-0.05, 'zh-CN')).toBe('-5');
    expect(formatPoints(0, 'zh-CN')).toBe('0');
    expect(formatPoints(null, 'zh-CN')).toBe(NO_VALUE);
  });
});

describe('formatDate', () => {
  it('writes dates the Chinese way', () => {
    expect(formatDate('2026-11-29', 'zh-CN')).toBe('2026年11月29日');
    expect(formatDate('2020-05-10', 'zh-CN')).toBe('2020年5月10日');
  });
  it('takes the date part of a time as written', () => {
    expect(formatDate('2026-01-01T00:30:00+08:00', 'zh-CN')).toBe('2026年1月1日');
  });
  it('writes English dates without a time-zone shift', () => {
    expect(formatDate('2026-11-29', 'en-US')).toBe('Nov 29, 2026');
  });
  it('passes unreadable values through and dashes missing ones', () => {
    expect(formatDate('soon', 'zh-CN')).toBe('soon');
    expect(formatDate(null, 'zh-CN')).toBe(NO_VALUE);
  });
});

describe('formatMonth', () => {
  it('names months', () => {
    expect(formatMonth(3, 'zh-CN')).toBe('3月');
    expect(formatMonth(12, 'en-US')).toBe('Dec');
  });
});

describe('targets: percentages on screen, fractions in the API', () => {
  it.each([
    [75, 0.75],
    [87.5, 0.875],
    [87.55, 0.8755],
    [100, 1],
  ])('%s %% ↔ %s', (percent, fraction) => {
    expect(percentToFraction(percent)).toBe(fraction);
    expect(fractionToPercent(fraction)).toBe(percent);
  });
  it('removes float noise', () => {
    expect(fractionToPercent(0.58)).toBe(58);
    expect(percentToFraction(0.1 + 0.2)).toBe(0.003);
  });
});

describe('dates of the campaign', () => {
  it('gives today in the local zone', () => {
    expect(todayISO(new Date(2026, 10, 29, 23, 59))).toBe('2026-11-29');
  });
  it('lists 2020 to this year, newest first', () => {
    expect(campaignYears(new Date(2023, 0, 1))).toEqual([2023, 2022, 2021, 2020]);
  });
});
