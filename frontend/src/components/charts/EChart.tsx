// A React wrapper around one ECharts instance. Only `echarts/core` is imported here; each chart kind
// (CountyMap, BarLineChart) registers the few chart types and components it uses, and is itself
// loaded lazily (see index.tsx), so ECharts never weighs on the first page.
import { useEffect, useId, useRef } from 'react';
import { init, type ECharts, type EChartsCoreOption } from 'echarts/core';

/** A chart's figures as text: what a screen reader reads instead of the canvas. */
export interface ChartTable {
  columns: string[];
  rows: (string | number)[][];
}

export interface EChartProps {
  option: EChartsCoreOption;
  height: number;
  /** Names the chart for screen readers (the canvas itself says nothing). */
  ariaLabel: string;
  /**
   * The chart's figures, formatted as on screen, in a visually hidden table the chart points to
   * (aria-describedby). Without it the label should say where the figures are.
   */
  table?: ChartTable;
  testId?: string;
  onClick?: (params: { data?: unknown; name?: string; componentType?: string }) => void;
  /** Called after each render with the instance, e.g. to read pixel positions. */
  onRendered?: (chart: ECharts, container: HTMLDivElement) => void;
}

/**
 * ECharts' own description (aria.label) would overwrite our aria-label with raw numbers (0.9056… for
 * 90.6 %), division codes for names, only the first 10 items and always in Chinese; the table says it
 * properly. The rest of `aria` (decal patterns) stays as the option sets it.
 */
function withoutGeneratedLabel(option: EChartsCoreOption): EChartsCoreOption {
  const aria = (option.aria ?? {}) as Record<string, unknown>;
  return { ...option, aria: { ...aria, label: { enabled: false } } };
}

export default function EChart({ option, height, ariaLabel, table, testId, onClick, onRendered }: EChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const chartRef = useRef<ECharts | null>(null);
  const handlers = useRef({ onClick, onRendered });
  handlers.current = { onClick, onRendered };
  const tableId = useId();

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
    chartRef.current?.setOption(withoutGeneratedLabel(option), { notMerge: true });
  }, [option]);

  return (
    <>
      <div
        ref={ref}
        role="img"
        aria-label={ariaLabel}
        aria-describedby={table ? tableId : undefined}
        data-testid={testId}
        style={{ width: '100%', height }}
      />
      {table && (
        <table id={tableId} className="visually-hidden" data-testid={testId && `${testId}-table`}>
          <caption>{ariaLabel}</caption>
          <thead>
            <tr>
              {table.columns.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row, i) => (
              <tr key={i}>
                {row.map((cell, j) =>
                  j === 0 ? (
                    <th key={j} scope="row">
                      {cell}
                    </th>
                  ) : (
                    <td key={j}>{cell}</td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
