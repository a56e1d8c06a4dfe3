import { Link } from 'react-router';
import { useApp } from '../store/app-store';
import { BackfillProgress, NoSources } from './DataStates';
import { useOverview } from './use-overview';
import { VIEWS } from './views';
import { PROVIDERS } from '../../src-shared/providers';
import './data.css';

/** The Data area's start: one tile per page, naming the sources that have data for it. */
export function DataHome() {
  const accounts = useApp((s) => s.snapshot?.accounts);
  const { overview, error } = useOverview();
  if (accounts && accounts.length === 0) return <NoSources />;
  const latest = overview?.accounts
    .flatMap((a) => a.daily.map((d) => d.last ?? ''))
    .sort()
    .at(-1);
  return (
    <div className="data-page">
      <h1 className="screen-title">Data</h1>
      <BackfillProgress />
      {error && <p className="error">{error}</p>}
      <ul className="data-tiles">
        {VIEWS.map((v) => {
          const sources = (overview?.accounts ?? []).filter((a) =>
            v.id === 'workouts'
              ? a.workouts > 0
              : v.charts.some((c) =>
                  c.kind === 'series'
                    ? a.series.some((s) => s.metric === c.metric && s.samples > 0)
                    : a.daily.some((d) => d.metric === c.metric),
                ),
          );
          return (
            <li key={v.id} className="data-tile">
              <Link to={`/data/${v.id}`} className="data-tile-link">
                <span className="data-tile-title">{v.title}</span>
                <span className="muted data-tile-sources">
                  {sources.length > 0
                    ? [...new Set(sources.map((a) => PROVIDERS[a.providerId].name))].join(', ')
                    : 'No data'}
                </span>
              </Link>
            </li>
          );
        })}
        {latest && (
          <li className="data-tile">
            <Link to={`/data/day/${latest}`} className="data-tile-link">
              <span className="data-tile-title">Day detail</span>
              <span className="muted data-tile-sources">{latest}</span>
            </Link>
          </li>
        )}
      </ul>
    </div>
  );
}
