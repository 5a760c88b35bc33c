import { describe, expect, it } from 'vitest';
import {
  activeFilterCount,
  changeFilter,
  exportQuery,
  listStateParams,
  parseListState,
  parseSort,
  sortParam,
  toUnitFilter,
  type UnitListState,
} from './listState';

const parse = (query: string) => parseListState(new URLSearchParams(query));

describe('parseListState', () => {
  it('gives the plain list (在册, 20 a page, server order) for an empty query', () => {
    expect(parse('')).toEqual({ filter: { archived: 'false' }, pageSize: 20 });
  });

  it('reads every filter, the order and the page size', () => {
    expect(
      parse(
        'countyCode=140602&townCode=140602001&sectorNumber=18&categoryCode=village_community&targetGroup=VILLAGE' +
          '&cityLevel=false&blacklisted=true&archived=all&search=%E7%A4%BE%E5%8C%BA&sort=-enrolledOn&pageSize=50',
      ),
    ).toEqual({
      filter: {
        countyCode: '140602',
        townCode: '140602001',
        sectorNumber: 18,
        categoryCode: 'village_community',
        targetGroup: 'VILLAGE',
        cityLevel: false,
        blacklisted: true,
        archived: 'all',
        search: '社区',
      },
      order: { field: 'ENROLLED_ON', direction: 'DESC' },
      pageSize: 50,
    });
  });

  it('ignores malformed values instead of sending them to the server', () => {
    expect(
      parse('countyCode=abc&townCode=12&sectorNumber=x&targetGroup=CITY&cityLevel=yes&archived=maybe&sort=size&pageSize=1000&search=%20%20'),
    ).toEqual({ filter: { archived: 'false' }, pageSize: 20 });
    expect(parse('sectorNumber=0').filter.sectorNumber).toBeUndefined();
    expect(parse('sectorNumber=2.5').filter.sectorNumber).toBeUndefined();
  });
});

describe('listStateParams', () => {
  it('round-trips through the URL', () => {
    const state: UnitListState = {
      filter: { countyCode: '140602', townCode: '140602001', archived: 'true', search: '社区', blacklisted: false },
      order: { field: 'NAME', direction: 'DESC' },
      pageSize: 100,
    };
    const query = listStateParams(state).toString();
    expect(parse(query)).toEqual(state);
  });

  it('leaves the defaults out, so the plain list is just /units', () => {
    expect(listStateParams({ filter: { archived: 'false' }, pageSize: 20 }).toString()).toBe('');
  });

  it('writes the order as the field with "-" for descending', () => {
    expect(sortParam({ field: 'UPDATED_AT', direction: 'DESC' })).toBe('-updatedAt');
    expect(sortParam({ field: 'COUNTY', direction: 'ASC' })).toBe('county');
    expect(parseSort('county')).toEqual({ field: 'COUNTY', direction: 'ASC' });
    expect(parseSort('')).toBeUndefined();
  });
});

describe('toUnitFilter', () => {
  it('maps 在册/已归档/全部 to archived false/true/null', () => {
    expect(toUnitFilter({ archived: 'false' }).archived).toBe(false);
    expect(toUnitFilter({ archived: 'true' }).archived).toBe(true);
    expect(toUnitFilter({ archived: 'all' }).archived).toBeNull();
  });

  it('sends unset filters as null and trims the search', () => {
    expect(toUnitFilter({ archived: 'false', sectorNumber: 4, search: '  煤业 ' })).toEqual({
      countyCode: null,
      townCode: null,
      sectorNumber: 4,
      categoryCode: null,
      targetGroup: null,
      cityLevel: null,
      blacklisted: null,
      archived: false,
      search: '煤业',
    });
  });
});

describe('exportQuery', () => {
  it('names the parameters as the export endpoints do, archived always explicit', () => {
    expect(exportQuery({ archived: 'false' })).toBe('archived=false');
    expect(
      exportQuery({ countyCode: '140602', targetGroup: 'ENTERPRISE', cityLevel: true, blacklisted: false, archived: 'all', search: 'a b' }),
    ).toBe('countyCode=140602&targetGroup=ENTERPRISE&cityLevel=true&blacklisted=false&archived=all&search=a+b');
  });
});

describe('changeFilter', () => {
  it('clears the town when the county changes', () => {
    const f = changeFilter({ countyCode: '140602', townCode: '140602001', archived: 'false' }, { countyCode: '140603' });
    expect(f).toEqual({ countyCode: '140603', archived: 'false' });
  });

  it('keeps the town when another filter changes', () => {
    const f = changeFilter({ countyCode: '140602', townCode: '140602001', archived: 'false' }, { sectorNumber: 18 });
    expect(f).toEqual({ countyCode: '140602', townCode: '140602001', sectorNumber: 18, archived: 'false' });
  });

  it('drops cleared filters', () => {
    expect(changeFilter({ sectorNumber: 4, archived: 'false' }, { sectorNumber: undefined })).toEqual({ archived: 'false' });
  });
});

describe('activeFilterCount', () => {
  it('counts nothing for the plain list and each filter set, the archived choice only when changed', () => {
    expect(activeFilterCount({ archived: 'false' })).toBe(0);
    expect(activeFilterCount({ archived: 'all', countyCode: '140602', search: '小学', blacklisted: false })).toBe(4);
  });
});
