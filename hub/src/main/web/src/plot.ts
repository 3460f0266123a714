// One attribute's history as a line (uPlot draws on a canvas), with a text summary for those who cannot see it.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { h } from './dom';

export interface Plot {
  element: HTMLElement;
  /** Times in epoch seconds, ascending, drawn across the range asked for (not just where there are points). */
  show(times: number[], values: number[], from: number, to: number): void;
  append(time: number, value: number): void;
  destroy(): void;
}

export function plot(attribute: string, unit: string | undefined): Plot {
  const canvasHolder = h('div', { class: 'plot-canvas', 'aria-hidden': 'true' });
  const summary = h('p', { class: 'hint' });
  const element = h('figure', { class: 'plot', 'data-attribute': attribute },
    h('figcaption', null, attribute, unit ? ` (${unit})` : ''), canvasHolder, summary);
  let times: number[] = [];
  let values: number[] = [];
  let range: [number, number] = [0, 1];
  let chart: uPlot | undefined;

  const width = () => Math.max(240, canvasHolder.clientWidth || element.clientWidth || 600);
  const resize = new ResizeObserver(() => chart?.setSize({ width: width(), height: 180 }));
  resize.observe(canvasHolder);

  function draw(): void {
    element.dataset.points = String(times.length);
    summary.textContent = times.length
      ? `${times.length} point(s); min ${Math.min(...values)}, max ${Math.max(...values)}, latest ${values[values.length - 1]}`
      : 'No values in this range.';
    const data: uPlot.AlignedData = [times, values];
    if (chart) return chart.setData(data);
    if (!times.length) return;
    chart = new uPlot({
      width: width(),
      height: 180,
      legend: { show: false },
      // live points may land after the range's end: stretch to them
      scales: { x: { time: true, range: () => [range[0], Math.max(range[1], times[times.length - 1] ?? 0)] } },
      series: [{}, { label: attribute, stroke: 'currentColor', width: 2, points: { show: times.length < 60 } }],
      axes: [{ stroke: 'currentColor' }, { stroke: 'currentColor', size: 50 }],
    }, data, canvasHolder);
  }

  return {
    element,
    show(newTimes, newValues, from, to) {
      times = newTimes;
      values = newValues;
      range = [from, to];
      draw();
    },
    append(time, value) {
      times = [...times, time];
      values = [...values, value];
      draw();
    },
    destroy() {
      resize.disconnect();
      chart?.destroy();
    },
  };
}
