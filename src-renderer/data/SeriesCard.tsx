import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { SeriesColumns } from '../../src-shared/data/columns';
import { METRIC_INFO, type SeriesMetricId } from '../../src-shared/data/metrics';
import { api } from '../bridge';
import { selectAccounts, useApp } from '../store/app-store';
import { ChartSummary } from './ChartSummary';
import { sourceLabel, sourceStyle } from './labels';
import type { TimeWindow } from './ranges';
import { TimeChart, type ChartSeries } from './TimeChart';
import { useColorScheme } from './use-color-scheme';

/**
 * A sample series (heart rate) for every account that has it, on one time axis. The core reduces the
 * window to the chart's pixel columns (M4); `raw` draws every stored sample instead (for comparison).
 * While a new window loads, the loaded data is rescaled at once and replaced when the answer comes.
 */
export function SeriesCard(props: {
  metric: SeriesMetricId;
  accountIds: string[];
  window: TimeWindow;
  onWindow: (w: TimeWindow) => void;
  raw?: boolean;
}) {
  const { metric, accountIds, window: win, onWindow, raw } = props;
  const info = METRIC_INFO[metric];
  const accounts = useApp(selectAccounts);
  const scheme = useColorScheme();
  const [columns, setColumns] = useState<SeriesColumns[] | null>(null);
  // Which request the drawn columns answer (a test or the bench waits for the asked one).
  const [answered, setAnswered] = useState('');
  const [error, setError] = useState<string | null>(null);
  // The plot area in device pixels (uPlot's bbox width and left): the M4 buckets are its pixel columns.
  const [buckets, setBuckets] = useState(0);
  const [plotLeft, setPlotLeft] = useState(0);
  const request = useRef(0);
  const key = accountIds.join(',');

  // Asked in the commit, not after the browser paints: the core answers while the rescaled chart is shown.
  useLayoutEffect(() => {
    if (buckets === 0) return;
    const id = ++request.current;
    void Promise.all(
      accountIds.map((accountId) =>
        api.getSeries({
          accountId,
          metric,
          from: win.from,
          to: win.to,
          buckets: Math.min(16384, buckets),
          plotLeft,
          raw,
        }),
      ),
    ).then((rs) => {
      if (id !== request.current) return;
      const failed = rs.find((r) => !r.ok);
      if (failed && !failed.ok) return setError(failed.error.message);
      setError(null);
      setColumns(rs.flatMap((r) => (r.ok ? [r.value] : [])));
      setAnswered(`${win.from}:${win.to}:${raw ? 1 : 0}:${buckets}:${plotLeft}`);
    });
    // accountIds is keyed by `key`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [metric, key, win.from, win.to, buckets, plotLeft, raw]);

  const series = useMemo<ChartSeries[]>(
    () =>
      (columns ?? [])
        .filter((c) => c.rawCount > 0)
        .map((c) => ({
          label: sourceLabel(c.providerId, c.accountId, accounts),
          ...sourceStyle(c.providerId, scheme),
          x: c.t,
          y: c.v,
          stats: c.stats && { ...c.stats, count: c.rawCount },
        })),
    [columns, accounts, scheme],
  );
  const rawCount = (columns ?? []).reduce((n, c) => n + c.rawCount, 0);
  const drawnCount = series.reduce((n, s) => n + s.x.length, 0);

  return (
    <section
      className="chart-card"
      aria-label={info.label}
      data-metric={metric}
      data-asked={`${win.from}:${win.to}:${raw ? 1 : 0}:${buckets}:${plotLeft}`}
      data-answered={answered}
    >
      <h2 className="chart-title">
        {info.label} <span className="muted">({info.unit})</span>
      </h2>
      {error && <p className="error">{error}</p>}
      <TimeChart
        title={`${info.label}, ${series.map((s) => s.label).join(' and ') || 'no data'}`}
        unit={info.unit}
        series={series}
        window={win}
        onWindow={onWindow}
        height={300}
        onColumns={(plot) => {
          setBuckets(plot.width);
          setPlotLeft(plot.left);
        }}
        dataKey={answered}
        testId={`chart-${metric}`}
      />
      {columns && (
        <p className="muted chart-note" data-testid="series-note" data-raw-count={rawCount} data-drawn={drawnCount}>
          {rawCount.toLocaleString('en')} stored samples in this range
          {columns.some((c) => c.decimated)
            ? `, drawn from ${drawnCount.toLocaleString('en')} points (each pixel column's first, last, lowest and highest sample)`
            : ', every one drawn'}
          . Source of a sample: the account named in its label, series “{metric}”.
        </p>
      )}
      <ChartSummary series={series} window={win} unit={info.unit} />
    </section>
  );
}
