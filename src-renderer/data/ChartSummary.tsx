import type { ChartSeries } from './TimeChart';
import type { TimeWindow } from './ranges';

// A chart's text alternative: min / mean / max per series over the visible
// range, and every value as a table.

const fmt = (v: number) => (Math.round(v * 10) / 10).toLocaleString('en');
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
  const when = (x: number) =>
    utcDates ? new Date(x * 1000).toISOString().slice(0, 10) : new Date(x * 1000).toLocaleString('en-GB');
  return (
    <>
      <ul className="chart-summary" aria-label="Summary">
        {series.map((s) => {
          const pts = inWindow(s, w);
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
      <details className="chart-table">
        <summary>View as table</summary>
        {series.map((s, si) => {
          const pts = inWindow(s, w);
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
