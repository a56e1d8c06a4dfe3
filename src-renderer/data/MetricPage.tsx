import { useCallback, useMemo } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import type { DataOverview } from '../../src-shared/data/columns';
import { useApp } from '../store/app-store';
import { DailyCard } from './DailyCard';
import { BackfillProgress, NoSources } from './DataStates';
import { RangeToolbar } from './RangeToolbar';
import { isRange, windowFor, type RangeId, type TimeWindow } from './ranges';
import { SeriesCard } from './SeriesCard';
import { useOverview } from './use-overview';
import { viewById, VIEWS, type ChartSpec, type ViewSpec } from './views';
import { WorkoutsCard } from './WorkoutsCard';
import './data.css';

const DAY = 86_400;
const dateSeconds = (d: string) => Date.parse(`${d}T00:00:00Z`) / 1000;

function accountsWith(overview: DataOverview, chart: ChartSpec): string[] {
  return overview.accounts
    .filter((a) =>
      chart.kind === 'series'
        ? a.series.some((s) => s.metric === chart.metric && s.samples > 0)
        : a.daily.some((d) => d.metric === chart.metric),
    )
    .map((a) => a.accountId);
}

/** The time span a page's data covers, over every account. */
function extentOf(overview: DataOverview, view: ViewSpec): TimeWindow | null {
  let from = Infinity;
  let to = -Infinity;
  for (const a of overview.accounts) {
    for (const c of view.charts) {
      if (c.kind === 'series') {
        const s = a.series.find((x) => x.metric === c.metric);
        if (s?.first != null && s.last != null) {
          from = Math.min(from, s.first);
          to = Math.max(to, s.last + 1);
        }
      } else {
        const d = a.daily.find((x) => x.metric === c.metric);
        if (d?.first && d.last) {
          from = Math.min(from, dateSeconds(d.first));
          to = Math.max(to, dateSeconds(d.last) + DAY);
        }
      }
    }
    if (view.id === 'workouts' && a.workouts > 0) {
      const days = a.daily.flatMap((d) => [d.first, d.last]).filter((x): x is string => !!x);
      for (const d of days) {
        from = Math.min(from, dateSeconds(d));
        to = Math.max(to, dateSeconds(d) + DAY);
      }
    }
  }
  return Number.isFinite(from) ? { from, to } : null;
}

/** One metric page: its charts for every source, under one range toolbar. */
export function MetricPage() {
  const { view: viewId } = useParams();
  const view = viewById(viewId);
  const [params, setParams] = useSearchParams();
  const accounts = useApp((s) => s.snapshot?.accounts);
  const { overview, error } = useOverview();
  const range: RangeId = isRange(params.get('range')) ? (params.get('range') as RangeId) : 'month';
  const raw = params.get('raw') === '1';
  const extent = useMemo(() => (overview && view ? extentOf(overview, view) : null), [overview, view]);
  const pinnedFrom = Number(params.get('from'));
  const pinnedTo = Number(params.get('to'));
  const win = useMemo<TimeWindow | null>(() => {
    if (pinnedFrom > 0 && pinnedTo > pinnedFrom) return { from: pinnedFrom, to: pinnedTo };
    return extent ? windowFor(range, extent) : null;
  }, [pinnedFrom, pinnedTo, extent, range]);

  const setWindow = useCallback(
    (w: TimeWindow) =>
      setParams(
        (p) => {
          const next = new URLSearchParams(p);
          next.set('from', String(Math.round(w.from)));
          next.set('to', String(Math.round(w.to)));
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  const setRange = (r: RangeId) =>
    setParams((p) => {
      const next = new URLSearchParams(p);
      next.set('range', r);
      next.delete('from');
      next.delete('to');
      return next;
    });
  const setRaw = (on: boolean) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (on) next.set('raw', '1');
        else next.delete('raw');
        return next;
      },
      { replace: true },
    );

  if (!view) {
    return (
      <p>
        No such page. <Link to="/data">Back to Data</Link>
      </p>
    );
  }
  if (accounts && accounts.length === 0) return <NoSources />;
  const hasSeries = view.charts.some((c) => c.kind === 'series');
  const charted = overview
    ? view.charts
        .map((c) => ({ chart: c, accountIds: accountsWith(overview, c) }))
        .filter((c) => c.accountIds.length > 0)
    : [];

  return (
    <div className="data-page" data-view={view.id}>
      <nav className="data-views" aria-label="Data pages">
        {VIEWS.map((v) => (
          <Link key={v.id} to={`/data/${v.id}`} aria-current={v.id === view.id ? 'page' : undefined}>
            {v.title}
          </Link>
        ))}
      </nav>
      <h1 className="screen-title">{view.title}</h1>
      <BackfillProgress />
      {error && <p className="error">{error}</p>}
      {win && (
        <RangeToolbar range={range} window={win} onRange={setRange} onWindow={setWindow}>
          {hasSeries && (
            <label className="raw-toggle">
              <input type="checkbox" checked={raw} onChange={(e) => setRaw(e.target.checked)} /> Draw every sample
            </label>
          )}
        </RangeToolbar>
      )}
      {overview && !win && view.id !== 'workouts' && (
        <p className="data-empty-metric">No source has {view.title.toLowerCase()} data yet.</p>
      )}
      {win &&
        charted.map(({ chart, accountIds }) =>
          chart.kind === 'series' ? (
            <SeriesCard
              key={chart.metric}
              metric={chart.metric}
              accountIds={accountIds}
              window={win}
              onWindow={setWindow}
              raw={raw}
            />
          ) : (
            <DailyCard
              key={chart.metric}
              metric={chart.metric}
              accountIds={accountIds}
              window={win}
              onWindow={setWindow}
              style={chart.style}
            />
          ),
        )}
      {win && view.id === 'workouts' && <WorkoutsCard window={win} onWindow={setWindow} />}
    </div>
  );
}
