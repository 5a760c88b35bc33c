import { describe, expect, it } from 'vitest';
import { townFigures } from './figures';

const total = (code: string, name: string, extra: Partial<Parameters<typeof townFigures>[0][number]> = {}) => ({
  town: { code, name },
  units: 10,
  zeroAccidentRate: 0.9,
  incidents: 1,
  openHazards: 3,
  overdueHazards: 1,
  openMajorHazards: 0,
  ...extra,
});

describe('townFigures', () => {
  it("joins each town's group rates onto its totals, keeping the totals' order", () => {
    const rows = townFigures(
      [total('140602002', '南城街道'), total('140602001', '北城街道', { incidents: 0 })],
      [
        { town: { code: '140602001' }, targetGroup: 'VILLAGE', zeroAccidentRate: 1 },
        { town: { code: '140602001' }, targetGroup: 'ENTERPRISE', zeroAccidentRate: 0.8 },
        { town: { code: '140602002' }, targetGroup: 'ENTERPRISE', zeroAccidentRate: 0.75 },
      ],
    );
    expect(rows.map((r) => r.code)).toEqual(['140602002', '140602001']);
    expect(rows[1]).toMatchObject({ name: '北城街道', incidents: 0, rates: { VILLAGE: 1, ENTERPRISE: 0.8 } });
    // a town without villages has no village rate, not 0 %
    expect(rows[0].rates).toEqual({ VILLAGE: null, ENTERPRISE: 0.75 });
  });

  it('drops rows without a town (a total row) and keeps towns without group rows', () => {
    const rows = townFigures([{ ...total('x', 'y'), town: null }, total('140602003', '神头街道')], []);
    expect(rows).toHaveLength(1);
    expect(rows[0].rates).toEqual({ VILLAGE: null, ENTERPRISE: null });
  });
});
