// The charts as pages use them: each loads its ECharts chunk on first render, with a placeholder of
// the chart's height meanwhile, so ECharts is never part of the first page's JavaScript.
import { lazy, Suspense } from 'react';
import { Skeleton } from 'antd';
import type { BarLineChartProps } from './BarLineChart';
import type { CountyMapProps } from './CountyMap';

const LazyCountyMap = lazy(() => import('./CountyMap'));
const LazyBarLineChart = lazy(() => import('./BarLineChart'));

function Placeholder({ height }: { height: number }) {
  return (
    <div style={{ height, display: 'flex', alignItems: 'center' }}>
      <Skeleton active paragraph={{ rows: Math.max(1, Math.floor(height / 60)) }} />
    </div>
  );
}

export function CountyMapChart(props: CountyMapProps) {
  return (
    <Suspense fallback={<Placeholder height={props.height ?? 420} />}>
      <LazyCountyMap {...props} />
    </Suspense>
  );
}

export function BarLineChart(props: BarLineChartProps) {
  return (
    <Suspense fallback={<Placeholder height={props.height} />}>
      <LazyBarLineChart {...props} />
    </Suspense>
  );
}

export type { CountyMapDatum } from './CountyMap';
export type { EChartsCoreOption } from 'echarts/core';
