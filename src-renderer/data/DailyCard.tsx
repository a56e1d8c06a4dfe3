import { useEffect, useMemo, useState } from 'react';
import type { DailyColumns, RecordProvenance } from '../../src-shared/data/columns';
import { METRIC_INFO, type DailyMetricId } from '../../src-shared/data/metrics';
import { api } from '../bridge';
import { selectAccounts, useApp } from '../store/app-store';
import { ChartSummary } from './ChartSummary';
import { sourceLabel, sourceStyle } from './labels';
import { Provenance } from './Provenance';
import type { TimeWindow } from './ranges';
import { TimeChart, type ChartSeries } from './TimeChart';
import { useColorScheme } from './use-color-scheme';

const DAY = 86_400;

/** Daily values with a NaN on each missing day between two values: a missing day is a gap, not a zero. */
function withDayGaps(c: DailyColumns): { x: Float64Array; y: Float64Array } {
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < c.t.length; i++) {
    if (i > 0 && c.t[i]! - c.t[i - 1]! > DAY) {
      x.push(c.t[i - 1]! + DAY);
      y.push(NaN);
    }
    x.push(c.t[i]!);
    y.push(c.v[i]!);
  }
  return { x: Float64Array.from(x), y: Float64Array.from(y) };
}

/**
 * One daily metric for every account that has it. Comparable metrics share one chart (one time axis);
 * proprietary scores get one chart per source, stacked on the same time axis, never one scale.
 */
export function DailyCard(props: {
  metric: DailyMetricId;
  accountIds: string[];
  window: TimeWindow;
  onWindow: (w: TimeWindow) => void;
  style?: 'line' | 'bars' | 'points';
}) {
  const { metric, accountIds, window: win, onWindow, style = 'line' } = props;
  const info = METRIC_INFO[metric];
  const accounts = useApp(selectAccounts);
  const scheme = useColorScheme();
  const [columns, setColumns] = useState<DailyColumns[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [record, setRecord] = useState<RecordProvenance | { error: string } | null>(null);
  const key = accountIds.join(',');

  useEffect(() => {
    let live = true;
    void Promise.all(accountIds.map((accountId) => api.getDaily({ accountId, metric }))).then((rs) => {
      if (!live) return;
      const failed = rs.find((r) => !r.ok);
      if (failed && !failed.ok) return setError(failed.error.message);
      setColumns(rs.flatMap((r) => (r.ok && r.value.t.length > 0 ? [r.value] : [])));
    });
    return () => {
      live = false;
    };
    // accountIds is keyed by `key`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [metric, key]);

  const series = useMemo<ChartSeries[]>(
    () =>
      (columns ?? []).map((c) => ({
        label: sourceLabel(c.providerId, c.accountId, accounts),
        ...sourceStyle(c.providerId, scheme),
        ...withDayGaps(c),
      })),
    [columns, accounts, scheme],
  );

  // One array per chart, kept while the data stay: a new array each render made TimeChart build its plot
  // anew on every range switch.
  const groups = useMemo(() => {
    if (!columns) return [];
    const byChart = info.comparable ? [columns] : columns.map((c) => [c]);
    return byChart.map((group) => ({ group, series: group.map((c) => series[columns.indexOf(c)]!) }));
  }, [columns, series, info.comparable]);

  const pick = (cols: DailyColumns[]) => (seriesIndex: number, x: number) => {
    const c = cols[seriesIndex];
    const i = c ? Array.prototype.indexOf.call(c.t, x) : -1;
    if (!c || i < 0) return;
    void api.getRecord({ accountId: c.accountId, ref: c.refs[i]! }).then((r) => {
      setRecord(r.ok ? r.value : { error: r.error.message });
    });
  };

  if (error) return <p className="error">{error}</p>;
  if (!columns) return <div className="chart-skeleton" aria-busy="true" />;
  if (columns.length === 0) return null;
  return (
    <section className="chart-card" aria-label={info.label} data-metric={metric}>
      <h2 className="chart-title">
        {info.label} <span className="muted">({info.unit})</span>
      </h2>
      {info.caveat && <p className="muted chart-caveat">{info.caveat}</p>}
      {groups.map(({ group, series: s }) => {
        return (
          <div key={group.map((c) => c.accountId).join()} className="chart-group">
            <TimeChart
              title={`${info.label}, ${s.map((x) => x.label).join(' and ')}`}
              unit={info.unit}
              series={s}
              window={win}
              onWindow={onWindow}
              style={style}
              utcDates
              height={groups.length > 1 ? 140 : 220}
              onPick={pick(group)}
              testId={`chart-${metric}`}
            />
            <ChartSummary series={s} window={win} unit={info.unit} utcDates onPick={pick(group)} />
          </div>
        );
      })}
      {record && <Provenance record={record} onClose={() => setRecord(null)} />}
    </section>
  );
}
