// The map of Shuozhou's counties coloured by a rate. A lazily loaded chunk: it carries the map chart,
// the visual map, the tooltip, the canvas renderer and the GeoJSON.
import { useCallback, useMemo } from 'react';
import { registerMap, use, type ECharts, type EChartsCoreOption } from 'echarts/core';
import { MapChart } from 'echarts/charts';
import { AriaComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import geoText from '../../assets/shuozhou-counties.geojson?raw';
import { useIntl } from '../../locales';
import { formatNumber, formatPercent } from '../../services/format';
import EChart from './EChart';
import { apiCountyCode, prepareCountyGeo, type CountyFeatureCollection } from './geo';

use([MapChart, VisualMapComponent, TooltipComponent, AriaComponent, CanvasRenderer]);

const GEO = JSON.parse(geoText) as CountyFeatureCollection;

export interface CountyMapDatum {
  code: string;
  name: string;
  /** The value the county is coloured by (a fraction); null when it has no units. */
  rate: number | null;
  units: number;
}

export interface CountyMapProps {
  data: CountyMapDatum[];
  /** What the colour shows, for the tooltip and the legend (e.g. 零事故率). */
  measure: string;
  height?: number;
  onSelect?: (code: string) => void;
}

const registered = new Set<string>();

/** Registers the map of the given counties once, under a name of its own. */
function mapFor(codes: string[], names: Record<string, string>): string {
  const key = `shuozhou:${[...codes].sort().join(',')}`;
  if (!registered.has(key)) {
    const geo = prepareCountyGeo(GEO, { codes, names });
    registerMap(key, geo as unknown as Parameters<typeof registerMap>[1]);
    registered.add(key);
  }
  return key;
}

interface Datum {
  name: string;
  value: number | null;
  code: string;
  countyName: string;
  units: number;
}

export default function CountyMap({ data, measure, height = 420, onSelect }: CountyMapProps) {
  const { locale, t } = useIntl();
  const option = useMemo<EChartsCoreOption>(() => {
    const names = Object.fromEntries(data.map((d) => [d.code, d.name]));
    const map = mapFor(
      data.map((d) => d.code),
      names,
    );
    const rates = data.map((d) => d.rate).filter((r): r is number => r !== null);
    let min = rates.length ? Math.floor(Math.min(...rates) * 100) / 100 : 0;
    let max = rates.length ? Math.ceil(Math.max(...rates) * 100) / 100 : 1;
    if (max - min < 0.02) {
      min = Math.max(0, min - 0.01);
      max = Math.min(1, max + 0.01);
    }
    const seriesData: Datum[] = data.map((d) => ({ name: d.code, value: d.rate, code: d.code, countyName: d.name, units: d.units }));
    return {
      aria: { enabled: true },
      tooltip: {
        trigger: 'item',
        formatter: (p: { data?: Datum }) =>
          p.data
            ? `<b>${p.data.countyName}</b><br/>${measure}: ${formatPercent(p.data.value, locale)}<br/>${t('dashboard.unitsActive')}: ${formatNumber(p.data.units, locale)}`
            : '',
      },
      // one county (a county admin's) needs no colour scale
      visualMap: {
        show: data.length > 1,
        type: 'continuous',
        min,
        max,
        left: 8,
        bottom: 8,
        text: [`${t('dashboard.mapHigh')} ${formatPercent(max, locale)}`, `${t('dashboard.mapLow')} ${formatPercent(min, locale)}`],
        calculable: false,
        formatter: (v: number) => formatPercent(v, locale),
        inRange: { color: ['#e6f4ff', '#91caff', '#4096ff', '#0958d9'] },
      },
      series: [
        {
          type: 'map',
          map,
          nameProperty: 'code',
          roam: false,
          selectedMode: false,
          layoutCenter: ['50%', '50%'],
          layoutSize: '95%',
          label: {
            show: true,
            formatter: (p: { data?: Datum }) => (p.data ? `${p.data.countyName}\n${formatPercent(p.data.value, locale)}` : ''),
            backgroundColor: 'rgba(255,255,255,0.85)',
            padding: [2, 4],
            borderRadius: 3,
            color: '#1f1f1f',
            fontSize: 12,
            lineHeight: 16,
          },
          emphasis: { label: { show: true }, itemStyle: { areaColor: '#ffd666' } },
          itemStyle: { borderColor: '#fff', borderWidth: 1.5 },
          data: seriesData,
        },
      ],
    };
  }, [data, measure, locale, t]);

  // The pixel position of each county's label anchor, for the browser tests to click the map.
  const onRendered = useCallback((chart: ECharts, el: HTMLDivElement) => {
    const centers: Record<string, [number, number]> = {};
    for (const f of GEO.features) {
      const code = apiCountyCode(f.id);
      if (!f.properties.cp || !data.some((d) => d.code === code)) continue;
      try {
        const point = chart.convertToPixel({ seriesIndex: 0 }, f.properties.cp) as number[] | undefined;
        if (point) centers[code] = [Math.round(point[0]), Math.round(point[1])];
      } catch {
        // not laid out yet
      }
    }
    el.dataset.centers = JSON.stringify(centers);
  }, [data]);

  // the figures the colours stand for, as the tooltips and labels say them
  const table = useMemo(
    () => ({
      columns: [t('county.name'), measure, t('dashboard.unitsActive')],
      rows: data.map((d) => [d.name, formatPercent(d.rate, locale), formatNumber(d.units, locale)]),
    }),
    [data, measure, locale, t],
  );

  return (
    <EChart
      option={option}
      height={height}
      ariaLabel={t('dashboard.mapAria', { measure })}
      table={table}
      testId="county-map"
      onClick={(p) => {
        const d = p.data as Datum | undefined;
        if (d?.code) onSelect?.(d.code);
      }}
      onRendered={onRendered}
    />
  );
}
