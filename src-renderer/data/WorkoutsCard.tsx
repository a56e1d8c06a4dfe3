import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { WorkoutList } from '../../src-shared/data/columns';
import { api } from '../bridge';
import { selectAccounts, useApp } from '../store/app-store';
import { sourceLabel, sourceStyle } from './labels';
import { formatDate, type TimeWindow } from './ranges';
import { TimeChart, type ChartSeries } from './TimeChart';
import { useColorScheme } from './use-color-scheme';

/** Workouts in the window: on the timeline (duration per workout) and as a list linking to their day. */
export function WorkoutsCard(props: { window: TimeWindow; onWindow: (w: TimeWindow) => void }) {
  const { window: win, onWindow } = props;
  const accounts = useApp(selectAccounts);
  const scheme = useColorScheme();
  const [lists, setLists] = useState<WorkoutList[] | null>(null);
  const from = formatDate(win.from - 86_400);
  const to = formatDate(win.to + 86_400);
  useEffect(() => {
    let live = true;
    void api.getWorkouts({ from, to }).then((r) => live && setLists(r.ok ? r.value : []));
    return () => {
      live = false;
    };
  }, [from, to]);
  const series = useMemo<ChartSeries[]>(
    () =>
      (lists ?? []).map((l) => ({
        label: sourceLabel(l.providerId, l.accountId, accounts),
        ...sourceStyle(l.providerId, scheme),
        x: Float64Array.from(l.sessions, (s) => s.start),
        y: Float64Array.from(l.sessions, (s) => (s.end === null ? NaN : (s.end - s.start) / 60)),
      })),
    [lists, accounts, scheme],
  );
  if (!lists) return <div className="chart-skeleton" aria-busy="true" />;
  const rows = lists
    .flatMap((l) => l.sessions.map((s, i) => ({ l, s, d: l.data[i]! })))
    .filter(({ s }) => s.start >= win.from && s.start <= win.to)
    .sort((a, b) => b.s.start - a.s.start);
  return (
    <section className="chart-card" aria-label="Workouts" data-metric="workouts">
      <h2 className="chart-title">
        Workouts <span className="muted">(duration, min)</span>
      </h2>
      <TimeChart
        title="Workouts by duration"
        unit="min"
        series={series}
        window={win}
        onWindow={onWindow}
        style="points"
        testId="chart-workouts"
      />
      <table className="workout-list" aria-label="Workout list">
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">Activity</th>
            <th scope="col">Duration (min)</th>
            <th scope="col">Source</th>
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, 300).map(({ l, s }) => (
            <tr key={`${l.accountId}:${s.recordId}`}>
              <td>
                <Link to={`/data/day/${s.localDate}`}>{s.localDate}</Link>
              </td>
              <td>{s.subType ?? s.kind}</td>
              <td>{s.end === null ? '–' : Math.round((s.end - s.start) / 60)}</td>
              <td>{sourceLabel(l.providerId, l.accountId, accounts)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && <p className="muted">No workouts in this range.</p>}
    </section>
  );
}
