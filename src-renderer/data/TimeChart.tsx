import { useEffect, useLayoutEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { pan, zoom, type TimeWindow } from './ranges';
import { useColorScheme } from './use-color-scheme';

// One time chart on uPlot (Canvas 2D; no DOM node per point). Several series
// share its time axis; each carries its own label, colour and dash, so colour
// is never the only cue. Zoom: drag a span, the wheel, or +/− on the focused
// chart; pan: ←/→. The chart reports its plot area in device pixels (width × device pixel
// ratio), from which the core's M4 query takes its bucket count.

export interface ChartSeries {
  label: string;
  colour: string;
  dash: number[];
  /** Unix seconds, increasing. */
  x: ArrayLike<number>;
  /** NaN is a gap. */
  y: ArrayLike<number>;
  /** The true figures over the window when `y` is a reduction of the stored values. */
  stats?: { min: number; max: number; mean: number; count: number } | null;
}

export interface Band {
  from: number;
  to: number;
  label: string;
  kind: 'sleep' | 'workout';
}

export interface PlotPixels {
  width: number;
  left: number;
}

interface Props {
  title: string;
  unit: string;
  series: ChartSeries[];
  window: TimeWindow;
  onWindow?: (w: TimeWindow) => void;
  style?: 'line' | 'bars' | 'points';
  /** Dates on the axis are calendar days (daily values sit at 00:00 UTC of their local date). */
  utcDates?: boolean;
  height?: number;
  bands?: Band[];
  onPick?: (seriesIndex: number, x: number) => void;
  /** The plot area in device pixels (uPlot's bbox): M4 buckets are its pixel columns. */
  onColumns?: (plot: PlotPixels) => void;
  /**
   * What the series answer (SeriesCard: the window, mode and columns asked for). After each drawing the chart
   * sets data-drawn-data to it, data-drawn-window to the x range it drew, and, when either changed,
   * data-drawn-at to performance.now(): a test or the benchmark knows when the answer to a click was drawn.
   */
  dataKey?: string;
  testId?: string;
}

function aligned(series: ChartSeries[]): uPlot.AlignedData {
  if (series.length === 0) return [[]];
  const tables = series.map((s) => [Array.from(s.x), Array.from(s.y)] as unknown as uPlot.AlignedData);
  const joined = series.length === 1 ? tables[0]! : uPlot.join(tables);
  // uPlot draws a gap at null (NaN would break the path): the core's NaN gaps become nulls here.
  return joined.map((col, i) => {
    if (i === 0) return col;
    const ys = col as ArrayLike<number | null | undefined>;
    const out = new Array<number | null | undefined>(ys.length);
    for (let k = 0; k < ys.length; k++) {
      const v = ys[k];
      out[k] = v !== v ? null : v;
    }
    return out;
  }) as uPlot.AlignedData;
}

const BAND_FILL = {
  light: { sleep: 'rgba(103,65,217,0.10)', workout: 'rgba(217,72,15,0.12)' },
  dark: { sleep: 'rgba(177,151,252,0.14)', workout: 'rgba(255,169,77,0.16)' },
};

export function TimeChart(props: Props) {
  const { title, unit, series, window: win, style = 'line', utcDates, height = 240, bands, testId } = props;
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const latest = useRef(props);
  // Handlers read the newest props (window, callbacks) without rebuilding the plot.
  useLayoutEffect(() => {
    latest.current = props;
  });
  const drawn = useRef(0);
  const scheme = useColorScheme();
  // What the plot is built for: its series' labels and look. New data for the same series only replaces the
  // plot's data (setData), the window alone only rescales it: building a uPlot (DOM, legend, axes) per answer
  // cost more than drawing it.
  const shape = [
    style,
    unit,
    utcDates,
    height,
    scheme,
    ...series.map((s) => `${s.label}\u0000${s.colour}\u0000${s.dash.join(',')}`),
  ].join('\u0001');
  const builtFor = useRef<ChartSeries[] | null>(null);

  // (Re)build the plot when its series or look change.
  useLayoutEffect(() => {
    const el = host.current;
    if (!el) return;
    const dark = scheme === 'dark';
    const axisColour = dark ? '#a3acb8' : '#5b6470';
    const grid = { stroke: dark ? '#2b3139' : '#e6e9ee', width: 1 };
    const width = Math.max(200, el.clientWidth);
    const bars = uPlot.paths.bars!({ size: [0.7, 24] });
    const opts: uPlot.Options = {
      width,
      height,
      pxAlign: 1,
      // Fixed side padding: left to uPlot, it grows and shrinks with the first and last x tick labels, so each
      // new range moved the plot area by up to ~25 px, and SeriesCard asked the core again for the new columns.
      padding: [null, 28, null, 8],
      ...(utcDates ? { tzDate: (ts: number) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC') } : {}),
      scales: { x: { time: true, min: win.from, max: win.to, auto: false } },
      cursor: { drag: { x: true, y: false, setScale: false }, points: { size: 7 } },
      legend: { live: true },
      axes: [
        { stroke: axisColour, grid, ticks: grid, font: '12px system-ui' },
        {
          stroke: axisColour,
          grid,
          ticks: grid,
          font: '12px system-ui',
          label: unit,
          labelFont: '12px system-ui',
          labelSize: 18,
          size: 56,
        },
      ],
      series: [
        {},
        ...series.map((s) => ({
          label: s.label,
          stroke: s.colour,
          dash: s.dash,
          width: 1.25,
          fill: style === 'bars' ? s.colour + '99' : undefined,
          spanGaps: false,
          value: (_u: uPlot, v: number | null) => (v == null ? '–' : `${Math.round(v * 100) / 100} ${unit}`),
          ...(style === 'bars' ? { paths: bars, points: { show: false } } : {}),
          ...(style === 'points' ? { paths: () => null, points: { show: true, size: 6, fill: s.colour } } : {}),
          ...(style === 'line' ? { points: { show: false } } : {}),
        })),
      ],
      hooks: {
        drawClear: [
          (u) => {
            const bs = latest.current.bands;
            if (!bs?.length) return;
            const ctx = u.ctx;
            // A band that starts before the plotted window (a night that began the evening before) is cut at
            // the plot's edges: drawn as given it covered the y axis and its labels.
            const left = u.bbox.left;
            const right = u.bbox.left + u.bbox.width;
            for (const b of bs) {
              const x0 = Math.max(left, u.valToPos(b.from, 'x', true));
              const x1 = Math.min(right, u.valToPos(b.to, 'x', true));
              if (x1 <= left || x0 >= right) continue;
              ctx.fillStyle = BAND_FILL[dark ? 'dark' : 'light'][b.kind];
              ctx.fillRect(x0, u.bbox.top, Math.max(1, x1 - x0), u.bbox.height);
            }
          },
        ],
        // The plot area in canvas pixels (CSS px × device pixel ratio, in half pixels): the M4 query places its
        // buckets with uPlot's own arithmetic from these, so that each bucket is exactly one drawn pixel column.
        setSize: [(u) => latest.current.onColumns?.({ width: u.bbox.width, left: u.bbox.left })],
        draw: [
          (u) => {
            drawn.current++;
            el.dataset.drawn = String(drawn.current);
            // uPlot's draw hook runs once the canvas holds the axes and every line (Chromium shows it next frame).
            const data = latest.current.dataKey ?? '';
            const drew = `${u.scales.x?.min}:${u.scales.x?.max}`;
            if (el.dataset.drawnData !== data || el.dataset.drawnWindow !== drew) {
              el.dataset.drawnData = data;
              el.dataset.drawnWindow = drew;
              el.dataset.drawnAt = String(performance.now());
            }
          },
        ],
        setSelect: [
          (u) => {
            if (u.select.width < 3) return;
            const from = Math.round(u.posToVal(u.select.left, 'x'));
            const to = Math.round(u.posToVal(u.select.left + u.select.width, 'x'));
            u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            latest.current.onWindow?.({ from, to });
          },
        ],
      },
    };
    const u = new uPlot(opts, aligned(series), el);
    // Lines snap to the pixel column their x falls in (floor), whether uPlot draws every point or decimates dense
    // data itself (which cuts columns at whole pixels): the core's M4 buckets are those same columns, so the line
    // from the reduction and the line from every sample cover the same pixels (issue 17). pxRound has no option.
    for (const s of u.series.slice(1)) (s as { pxRound?: (v: number) => number }).pxRound = Math.floor;
    // Paths are built when uPlot commits (a microtask after construction), so the floor above is in force. Not
    // u.redraw(): before that first commit it re-applies the x scale as it stands then, null, over the window
    // given in the options, and the chart drew axes without its x labels and no line at all.
    u.setScale('x', { min: win.from, max: win.to });
    plot.current = u;
    builtFor.current = series;
    el.dataset.points = String(series.reduce((n, s) => n + s.x.length, 0));
    const onWheel = (e: WheelEvent) => {
      if (!latest.current.onWindow) return;
      e.preventDefault();
      const anchor = Math.min(1, Math.max(0, e.offsetX / u.over.clientWidth));
      latest.current.onWindow(zoom(latest.current.window, e.deltaY > 0 ? 1.25 : 0.8, anchor));
    };
    const onClick = () => {
      const idx = u.cursor.idx;
      if (idx == null || !latest.current.onPick) return;
      const x = u.data[0][idx]!;
      const s = u.series.findIndex((_, i) => i > 0 && u.data[i]![idx] != null);
      if (s > 0) latest.current.onPick(s - 1, x);
    };
    u.over.addEventListener('wheel', onWheel, { passive: false });
    u.over.addEventListener('click', onClick);
    return () => {
      u.over.removeEventListener('wheel', onWheel);
      u.over.removeEventListener('click', onClick);
      u.destroy();
      plot.current = null;
    };
    // `shape` stands for the series' look and the options; their data and the window are applied below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shape, bands]);

  // New data for the same series: the plot keeps its DOM and draws the new data (once, with the window below).
  useLayoutEffect(() => {
    const u = plot.current;
    if (!u || builtFor.current === series) return;
    builtFor.current = series;
    u.setData(aligned(series));
    if (host.current) host.current.dataset.points = String(series.reduce((n, s) => n + s.x.length, 0));
  }, [series]);

  // Before the browser paints: a range switch shows the loaded data over the new window in the same frame.
  useLayoutEffect(() => {
    plot.current?.setScale('x', { min: win.from, max: win.to });
  }, [win.from, win.to]);

  // Follow the container's width; report the pixel columns (CSS px × device pixel ratio).
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const report = () => {
      const w = Math.max(200, el.clientWidth);
      const u = plot.current;
      if (u && u.width !== w) u.setSize({ width: w, height });
      if (u) latest.current.onColumns?.({ width: u.bbox.width, left: u.bbox.left });
    };
    report();
    const ro = new ResizeObserver(report);
    ro.observe(el);
    return () => ro.disconnect();
  }, [height]);

  const onKey = (e: React.KeyboardEvent) => {
    const set = latest.current.onWindow;
    if (!set) return;
    const w = latest.current.window;
    if (e.key === 'ArrowLeft') set(pan(w, -0.1));
    else if (e.key === 'ArrowRight') set(pan(w, 0.1));
    else if (e.key === '+' || e.key === '=') set(zoom(w, 0.8));
    else if (e.key === '-') set(zoom(w, 1.25));
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  return (
    <div
      ref={host}
      className="time-chart"
      role="img"
      aria-label={`${title}, in ${unit}. Drag, the wheel, or ←/→ and +/− zoom and pan.`}
      tabIndex={0}
      onKeyDown={onKey}
      data-testid={testId}
    />
  );
}
