import { useMemo, useState } from 'react';
import type { ChartSeries } from './TimeChart';
import type { TimeWindow } from './ranges';

// A chart's text alternative: min / mean / max per series over the visible
// range, and every value as a table.

// One formatter each, made once: Number/Date#toLocaleString builds a new one per call (~20–50 µs), and a
// range switch formats up to 400 table rows per chart.
const NUMBER = new Intl.NumberFormat('en');
const DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});
const fmt = (v: number) => NUMBER.format(Math.round(v * 10) / 10);
const MAX_TABLE_ROWS = 400;

export function inWindow(s: ChartSeries, w: TimeWindow): { x: number; y: number }[] {
  const out: { x: number; y: number }[] = [];
  for (let i = 0; i < s.x.length; i++) {
    const x = s.x[i]!;
    const y = s.y[i]!;
    if (x >= w.from && x <= w.to && !Number.isNaN(y)) out.push({ x, y });
  }
  return out;
}

export function ChartSummary(props: {
  series: ChartSeries[];
  window: TimeWindow;
  unit: string;
  utcDates?: boolean;
  onPick?: (seriesIndex: number, x: number) => void;
}) {
  const { series, window: w, unit, utcDates } = props;
  // Each series' values in the window, once for the summary and the table.
  const { from, to } = w;
  const inRange = useMemo(() => series.map((s) => inWindow(s, { from, to })), [series, from, to]);
  // The rows exist while the table is open: 400 rows a chart, made anew on every range switch, cost more
  // than drawing the chart.
  const [tableOpen, setTableOpen] = useState(false);
  const when = (x: number) =>
    utcDates ? new Date(x * 1000).toISOString().slice(0, 10) : DATE_TIME.format(new Date(x * 1000));
  return (
    <>
      <ul className="chart-summary" aria-label="Summary">
        {series.map((s, si) => {
          const pts = inRange[si]!;
          if (s.stats)
            return (
              <li key={s.label} data-testid="summary-line" data-min={s.stats.min} data-max={s.stats.max}>
                {s.label}: min {fmt(s.stats.min)}, mean {fmt(s.stats.mean)}, max {fmt(s.stats.max)} {unit} (
                {s.stats.count} {s.stats.count === 1 ? 'sample' : 'samples'})
              </li>
            );
          if (pts.length === 0)
            return (
              <li key={s.label} data-testid="summary-line">
                {s.label}: no data in this range
              </li>
            );
          let min = Infinity;
          let max = -Infinity;
          let sum = 0;
          for (const p of pts) {
            min = Math.min(min, p.y);
            max = Math.max(max, p.y);
            sum += p.y;
          }
          return (
            <li key={s.label} data-testid="summary-line" data-min={min} data-max={max}>
              {s.label}: min {fmt(min)}, mean {fmt(sum / pts.length)}, max {fmt(max)} {unit} ({pts.length}{' '}
              {pts.length === 1 ? 'value' : 'values'})
            </li>
          );
        })}
      </ul>
      <details className="chart-table" onToggle={(e) => setTableOpen(e.currentTarget.open)}>
        <summary>View as table</summary>
        {tableOpen &&
          series.map((s, si) => {
            const pts = inRange[si]!;
            return (
              <table key={s.label} aria-label={`${s.label} values`}>
                <caption>
                  {s.label}
                  {pts.length > MAX_TABLE_ROWS ? ` (last ${MAX_TABLE_ROWS} of ${pts.length}; zoom in for more)` : ''}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{utcDates ? 'Day' : 'Time'}</th>
                    <th scope="col">Value ({unit})</th>
                    {props.onPick && <th scope="col">Source record</th>}
                  </tr>
                </thead>
                <tbody>
                  {pts.slice(-MAX_TABLE_ROWS).map((p) => (
                    <tr key={p.x} data-t={p.x} data-v={p.y}>
                      <td>{when(p.x)}</td>
                      <td>{fmt(p.y)}</td>
                      {props.onPick && (
                        <td>
                          <button type="button" className="link-button" onClick={() => props.onPick!(si, p.x)}>
                            Show record
                          </button>
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            );
          })}
      </details>
    </>
  );
}
