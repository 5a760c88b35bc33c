// The working cycle's rules as the UI needs them (pure functions, tested in model.test.ts): the hazard
// closed loop's next steps, the labels' keys, and the board's and the incidents list's state in the URL.
// The server decides every change again (server/campaign/hazard.go); this only offers the right choices.
import type {
  AttachmentStage,
  HazardBoardQueryVariables,
  HazardLevel,
  HazardState,
  IncidentFilter,
  IncidentSeverity,
  InspectionKind,
  StandardResult,
} from '../../graphql/generated/graphql';

/** The loop in order: 排查 → 治理 → 验收 → 销号. */
export const HAZARD_STATES: HazardState[] = ['FOUND', 'RECTIFYING', 'VERIFIED', 'CLOSED'];
export const HAZARD_LEVELS: HazardLevel[] = ['GENERAL', 'MAJOR'];
export const INSPECTION_KINDS: InspectionKind[] = [
  'SELF_CHECK',
  'GRID_PATROL',
  'TOWN',
  'COUNTY',
  'DEPARTMENT',
  'SUPERVISION',
  'UNANNOUNCED',
  'EXPERT',
  'PUBLIC_REPORT',
];
export const STANDARD_RESULTS: StandardResult[] = ['MET', 'NOT_MET', 'NOT_APPLICABLE'];
export const SEVERITIES: IncidentSeverity[] = ['GENERAL', 'LARGER', 'MAJOR', 'EXTRAORDINARY'];

/**
 * The states a hazard may move to next: FOUND → RECTIFYING, or straight to VERIFIED for a general
 * hazard fixed on the spot (边排查边整治); RECTIFYING → VERIFIED; VERIFIED → CLOSED; none after CLOSED
 * (only 重新打开 sends it back).
 */
export function nextHazardStates(level: HazardLevel, state: HazardState): HazardState[] {
  switch (state) {
    case 'FOUND':
      return level === 'GENERAL' ? ['RECTIFYING', 'VERIFIED'] : ['RECTIFYING'];
    case 'RECTIFYING':
      return ['VERIFIED'];
    case 'VERIFIED':
      return ['CLOSED'];
    default:
      return [];
  }
}

/** Whether the advance form asks for the plan, the responsible person and the deadline (leaving FOUND). */
export function asksForPlan(state: HazardState): boolean {
  return state === 'FOUND';
}

/** Whether those three are required: a major hazard leaving FOUND (限期整改). */
export function planRequired(level: HazardLevel, state: HazardState): boolean {
  return level === 'MAJOR' && state === 'FOUND';
}

/** Whether a hazard may be sent back to 排查 (any later state). */
export function canReopen(state: HazardState): boolean {
  return state !== 'FOUND';
}

/** The step of the loop a state is (0-3), for a Steps bar. */
export function hazardStep(state: HazardState): number {
  return HAZARD_STATES.indexOf(state);
}

/** Locale keys of the enums, so every label is written once per language. */
export const hazardStateKey = (s: HazardState) => `hazardState.${s}` as const;
export const hazardLevelKey = (l: HazardLevel) => `hazardLevel.${l}` as const;
export const severityKey = (s: IncidentSeverity) => `severity.${s}` as const;
export const inspectionKindKey = (k: InspectionKind) => `inspectionKind.${k}` as const;
export const standardResultKey = (r: StandardResult) => `standardResult.${r}` as const;

/** Tag colours of the severity classes, from mild to grave (the text is always shown beside). */
export function severityColor(s: IncidentSeverity): string {
  return { GENERAL: 'gold', LARGER: 'orange', MAJOR: 'volcano', EXTRAORDINARY: 'magenta' }[s];
}

/** The finished years a unit's history may be certified for: active, not certified, before `thisYear`. */
export function certifiableYear(y: { year: number; active: boolean; certified: boolean }, thisYear: number): boolean {
  return y.active && !y.certified && y.year < thisYear && y.year >= 2020;
}

// ---- URL state ----------------------------------------------------------------------------------

function positiveInt(value: string | null): number | undefined {
  if (!value) return undefined;
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

function countyCode(value: string | null): string | undefined {
  return value && /^\d{6}$/.test(value) ? value : undefined;
}

function oneOf<T extends string>(values: readonly T[], value: string | null): T | undefined {
  return values.find((v) => v === value);
}

/** 隐患排查治理 board: the filters and the state tab, all in the query string. */
export interface HazardBoardState {
  countyCode?: string;
  sectorNumber?: number;
  level?: HazardLevel;
  /** The tab; 排查 when absent. */
  state: HazardState;
  /** 仅看逾期 */
  overdue: boolean;
}

export function parseHazardBoard(params: URLSearchParams): HazardBoardState {
  const s: HazardBoardState = { state: oneOf(HAZARD_STATES, params.get('state')) ?? 'FOUND', overdue: params.get('overdue') === 'true' };
  const county = countyCode(params.get('countyCode'));
  if (county) s.countyCode = county;
  const sector = positiveInt(params.get('sectorNumber'));
  if (sector) s.sectorNumber = sector;
  const level = oneOf(HAZARD_LEVELS, params.get('level'));
  if (level) s.level = level;
  return s;
}

/** The board's query string, defaults left out (the plain board is /hazards). */
export function hazardBoardParams(s: HazardBoardState): URLSearchParams {
  const p = new URLSearchParams();
  if (s.countyCode) p.set('countyCode', s.countyCode);
  if (s.sectorNumber) p.set('sectorNumber', String(s.sectorNumber));
  if (s.level) p.set('level', s.level);
  if (s.state !== 'FOUND') p.set('state', s.state);
  if (s.overdue) p.set('overdue', 'true');
  return p;
}

/** The board query's filter variables (the tabs' counts use the same filter with each state). */
export function hazardBoardVariables(s: HazardBoardState): Omit<HazardBoardQueryVariables, 'first' | 'after'> {
  return {
    countyCode: s.countyCode ?? null,
    sectorNumber: s.sectorNumber ?? null,
    level: s.level ?? null,
    state: s.state,
    // unchecked means every hazard, not only those on time
    overdue: s.overdue ? true : null,
  };
}

/** 事故管理 list: year (this year when absent), county, sector and severity. */
export interface IncidentListState {
  year: number;
  countyCode?: string;
  sectorNumber?: number;
  severity?: IncidentSeverity;
}

export function parseIncidentList(params: URLSearchParams, thisYear: number): IncidentListState {
  const year = positiveInt(params.get('year'));
  const s: IncidentListState = { year: year && year >= 2000 && year <= thisYear ? year : thisYear };
  const county = countyCode(params.get('countyCode'));
  if (county) s.countyCode = county;
  const sector = positiveInt(params.get('sectorNumber'));
  if (sector) s.sectorNumber = sector;
  const severity = oneOf(SEVERITIES, params.get('severity'));
  if (severity) s.severity = severity;
  return s;
}

export function incidentListParams(s: IncidentListState, thisYear: number): URLSearchParams {
  const p = new URLSearchParams();
  if (s.year !== thisYear) p.set('year', String(s.year));
  if (s.countyCode) p.set('countyCode', s.countyCode);
  if (s.sectorNumber) p.set('sectorNumber', String(s.sectorNumber));
  if (s.severity) p.set('severity', s.severity);
  return p;
}

export function toIncidentFilter(s: IncidentListState): IncidentFilter {
  return { year: s.year, countyCode: s.countyCode ?? null, sectorNumber: s.sectorNumber ?? null, severity: s.severity ?? null };
}

/**
 * Where an input error named by the server belongs in a form: "hazards.0.deadline" → ['hazards', 0,
 * 'deadline'] (antd Form.List paths), "results.3.standardCode" → ['results', 3, 'standardCode'].
 */
export function fieldPath(field: string): (string | number)[] {
  return field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/**
 * Which stage the photos of a step belong to: 报告整改 (to 治理) shows the hazard fixed, 整改后; 验收 and
 * 销号 by the verifier, 验收; a unit closing its own hazard files its after photo (整改后), which the
 * close needs (`needsAfterPhoto`).
 */
export function photoStage(from: HazardState, to: HazardState, needsAfterPhoto = false): AttachmentStage {
  if (to === 'RECTIFYING') return 'AFTER';
  if (needsAfterPhoto) return 'AFTER';
  if (to === 'FOUND') return 'BEFORE';
  return from === 'FOUND' && to === 'VERIFIED' ? 'AFTER' : 'VERIFICATION';
}
