// A React wrapper around one ECharts instance. Only `echarts/core` is imported here; each chart kind
// (CountyMap, BarLineChart) registers the few chart types and components it uses, and is itself
// loaded lazily (see index.tsx), so ECharts never weighs on the first page.
import { useEffect, useRef } from 'react';
import { init, type ECharts, type EChartsCoreOption } from 'echarts/core';

export interface EChartProps {
  option: EChartsCoreOption;
  height: number;
  /** Describes the chart to screen readers (the canvas itself says nothing). */
  ariaLabel: string;
  testId?: string;
  onClick?: (params: { data?: unknown; name?: string; componentType?: string }) => void;
  /** Called after each render with the instance, e.g. to read pixel positions. */
  onRendered?: (chart: ECharts, container: HTMLDivElement) => void;
}

export default function EChart({ option, height, ariaLabel, testId, onClick, onRendered }: EChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const chartRef = useRef<ECharts | null>(null);
  const handlers = useRef({ onClick, onRendered });
  handlers.current = { onClick, onRendered };

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const chart = init(el, undefined, { renderer: 'canvas' });
    chartRef.current = chart;
    chart.on('click', (params) => handlers.current.onClick?.(params as Parameters<NonNullable<EChartProps['onClick']>>[0]));
    chart.on('finished', () => {
      // says when the drawing (animations included) is done, e.g. for the browser tests' screenshots
      el.dataset.rendered = 'true';
      handlers.current.onRendered?.(chart, el);
    });
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      chart.dispose();
      chartRef.current = null;
    };
  }, []);

  useEffect(() => {
    if (ref.current) delete ref.current.dataset.rendered;
    chartRef.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={ref} role="img" aria-label={ariaLabel} data-testid={testId} style={{ width: '100%', height }} />;
}
