// Bar and line charts (with target lines): a lazily loaded chunk with only these ECharts parts.
import { use } from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import EChart, { type EChartProps } from './EChart';

use([BarChart, LineChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, AriaComponent, CanvasRenderer]);

export type BarLineChartProps = Omit<EChartProps, 'onRendered'>;

export default function BarLineChart(props: BarLineChartProps) {
  return <EChart {...props} />;
}
