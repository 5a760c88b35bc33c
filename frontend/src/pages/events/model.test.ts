import { describe, expect, it } from 'vitest';
import {
  photoStage,
  asksForPlan,
  canReopen,
  certifiableYear,
  fieldPath,
  hazardBoardParams,
  hazardBoardVariables,
  hazardStep,
  incidentListParams,
  nextHazardStates,
  parseHazardBoard,
  parseIncidentList,
  planRequired,
  severityColor,
  severityKey,
  SEVERITIES,
  toIncidentFilter,
} from './model';
import { translator } from '../../locales';

describe('the hazard loop', () => {
  it('offers the next states of 排查 → 治理 → 验收 → 销号', () => {
    expect(nextHazardStates('GENERAL', 'FOUND')).toEqual(['RECTIFYING', 'VERIFIED']);
    expect(nextHazardStates('MAJOR', 'FOUND')).toEqual(['RECTIFYING']);
    expect(nextHazardStates('MAJOR', 'RECTIFYING')).toEqual(['VERIFIED']);
    expect(nextHazardStates('GENERAL', 'RECTIFYING')).toEqual(['VERIFIED']);
    expect(nextHazardStates('MAJOR', 'VERIFIED')).toEqual(['CLOSED']);
    expect(nextHazardStates('GENERAL', 'CLOSED')).toEqual([]);
  });

  it('asks for the plan when leaving 排查 and requires it for a major hazard', () => {
    expect(asksForPlan('FOUND')).toBe(true);
    expect(asksForPlan('RECTIFYING')).toBe(false);
    expect(planRequired('MAJOR', 'FOUND')).toBe(true);
    expect(planRequired('GENERAL', 'FOUND')).toBe(false);
    expect(planRequired('MAJOR', 'RECTIFYING')).toBe(false);
  });

  it('reopens anything past 排查 and numbers the steps', () => {
    expect(canReopen('FOUND')).toBe(false);
    expect(['RECTIFYING', 'VERIFIED', 'CLOSED'].every((s) => canReopen(s as never))).toBe(true);
    expect(['FOUND', 'RECTIFYING', 'VERIFIED', 'CLOSED'].map((s) => hazardStep(s as never))).toEqual([0, 1, 2, 3]);
  });
});

describe('severity labels', () => {
  it('names the four classes of decree No. 493 in both languages', () => {
    const zh = translator('zh-CN');
    const en = translator('en-US');
    expect(SEVERITIES.map((s) => zh(severityKey(s)))).toEqual(['一般事故', '较大事故', '重大事故', '特别重大事故']);
    expect(SEVERITIES.map((s) => en(severityKey(s)))).toEqual([
      'General accident',
      'Larger accident',
      'Major accident',
      'Extraordinarily serious accident',
    ]);
    expect(new Set(SEVERITIES.map(severityColor)).size).toBe(4);
  });
});

describe('certification', () => {
  it('offers only finished, enrolled, uncertified years', () => {
    expect(certifiableYear({ year: 2025, active: true, certified: false }, 2026)).toBe(true);
    expect(certifiableYear({ year: 2026, active: true, certified: false }, 2026)).toBe(false);
    expect(certifiableYear({ year: 2025, active: true, certified: true }, 2026)).toBe(false);
    expect(certifiableYear({ year: 2025, active: false, certified: false }, 2026)).toBe(false);
    expect(certifiableYear({ year: 2019, active: true, certified: false }, 2026)).toBe(false);
  });
});

describe('the hazard board in the URL', () => {
  it('reads defaults from an empty query string and writes none back', () => {
    const s = parseHazardBoard(new URLSearchParams(''));
    expect(s).toEqual({ state: 'FOUND', overdue: false });
    expect(hazardBoardParams(s).toString()).toBe('');
  });

  it('round-trips every filter', () => {
    const query = 'countyCode=140602&sectorNumber=5&level=MAJOR&state=RECTIFYING&overdue=true';
    const s = parseHazardBoard(new URLSearchParams(query));
    expect(s).toEqual({ countyCode: '140602', sectorNumber: 5, level: 'MAJOR', state: 'RECTIFYING', overdue: true });
    expect(hazardBoardParams(s).toString()).toBe(query);
  });

  it('ignores malformed values', () => {
    expect(parseHazardBoard(new URLSearchParams('countyCode=14&sectorNumber=-1&level=HUGE&state=DONE&overdue=1'))).toEqual({
      state: 'FOUND',
      overdue: false,
    });
  });

  it('turns the state into query variables (unchecked overdue means all)', () => {
    expect(hazardBoardVariables({ state: 'VERIFIED', overdue: false })).toEqual({
      countyCode: null,
      sectorNumber: null,
      level: null,
      state: 'VERIFIED',
      overdue: null,
    });
    expect(hazardBoardVariables({ state: 'FOUND', overdue: true, countyCode: '140602' }).overdue).toBe(true);
  });
});

describe('the incidents list in the URL', () => {
  it('defaults to this year and leaves it out of the URL', () => {
    const s = parseIncidentList(new URLSearchParams(''), 2026);
    expect(s).toEqual({ year: 2026 });
    expect(incidentListParams(s, 2026).toString()).toBe('');
  });

  it('round-trips year, county, sector and severity', () => {
    const query = 'year=2023&countyCode=140603&sectorNumber=18&severity=LARGER';
    const s = parseIncidentList(new URLSearchParams(query), 2026);
    expect(s).toEqual({ year: 2023, countyCode: '140603', sectorNumber: 18, severity: 'LARGER' });
    expect(incidentListParams(s, 2026).toString()).toBe(query);
    expect(toIncidentFilter(s)).toEqual({ year: 2023, countyCode: '140603', sectorNumber: 18, severity: 'LARGER' });
  });

  it('refuses a future year or an unknown severity', () => {
    expect(parseIncidentList(new URLSearchParams('year=2031&severity=BAD'), 2026)).toEqual({ year: 2026 });
  });
});

describe('form helpers', () => {
  it('maps the server field names to form paths', () => {
    expect(fieldPath('hazards.0.deadline')).toEqual(['hazards', 0, 'deadline']);
    expect(fieldPath('kind')).toEqual(['kind']);
  });
});

describe('photo stages', () => {
  it('files the photos of each step under 整改后 or 验收', () => {
    // 报告整改: the photos show the hazard fixed
    expect(photoStage('FOUND', 'RECTIFYING')).toBe('AFTER');
    expect(photoStage('RECTIFYING', 'VERIFIED')).toBe('VERIFICATION');
    expect(photoStage('VERIFIED', 'CLOSED')).toBe('VERIFICATION');
    // a general hazard fixed on the spot goes to 验收 at once: its photos show it fixed
    expect(photoStage('FOUND', 'VERIFIED')).toBe('AFTER');
    // a unit closing its own hazard: the after photo the close needs
    expect(photoStage('RECTIFYING', 'CLOSED', true)).toBe('AFTER');
  });
});
