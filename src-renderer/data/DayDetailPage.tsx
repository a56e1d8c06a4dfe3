import { useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { DayDetail } from '../../src-shared/data/columns';
import { PROVIDERS } from '../../src-shared/providers';
import { api } from '../bridge';
import { selectAccounts, useApp } from '../store/app-store';
import { ChartSummary } from './ChartSummary';
import { sourceLabel, sourceStyle } from './labels';
import { TimeChart, type Band, type ChartSeries } from './TimeChart';
import { useColorScheme } from './use-color-scheme';
import './data.css';

const shiftDate = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

function summaryText(data: Record<string, unknown>): string {
  return Object.entries(data)
    .filter(([k, v]) => (typeof v === 'number' || typeof v === 'string') && k !== 'datedBy')
    .map(([k, v]) => `${k} ${typeof v === 'number' ? Math.round(v * 100) / 100 : v}`)
    .join(', ');
}

/** One local day: every stored heart-rate sample, sleep and workouts as bands, the day's summaries per source. */
export function DayDetailPage() {
  const { date = '' } = useParams();
  const accounts = useApp(selectAccounts);
  const scheme = useColorScheme();
  const [day, setDay] = useState<DayDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(date);

  useEffect(() => {
    if (!valid) return;
    let live = true;
    void api.getDay({ date, fallbackOffsetMin: -new Date().getTimezoneOffset() }).then((r) => {
      if (!live) return;
      if (r.ok) {
        setDay(r.value);
        setError(null);
      } else setError(r.error.message);
    });
    return () => {
      live = false;
    };
  }, [date, valid]);

  const series = useMemo<ChartSeries[]>(
    () =>
      (day?.accounts ?? [])
        .filter((a) => a.heartRate.t.length > 0)
        .map((a) => ({
          label: sourceLabel(a.providerId, a.accountId, accounts),
          ...sourceStyle(a.providerId, scheme),
          x: a.heartRate.t,
          y: a.heartRate.v,
        })),
    [day, accounts, scheme],
  );
  const bands = useMemo<Band[]>(
    () =>
      (day?.accounts ?? []).flatMap((a) =>
        a.sessions
          .filter((s) => s.end !== null && (s.category === 'sleep' || s.category === 'workouts'))
          .map((s) => ({
            from: s.start,
            to: s.end!,
            label: `${PROVIDERS[a.providerId].name} · ${sessionWords(s.subType ?? s.kind)}`,
            kind: s.category === 'sleep' ? ('sleep' as const) : ('workout' as const),
          })),
      ),
    [day],
  );
  const win = useMemo(() => {
    const as = day?.accounts ?? [];
    if (as.length === 0) {
      const start = Date.parse(`${date}T00:00:00Z`) / 1000 + new Date().getTimezoneOffset() * 60;
      return { from: start, to: start + 86_400 };
    }
    return { from: Math.min(...as.map((a) => a.start)), to: Math.max(...as.map((a) => a.end)) };
  }, [day, date]);

  if (!valid) return <p>That is not a date.</p>;
  return (
    <div className="data-page" data-view="day">
      <nav className="day-nav" aria-label="Days">
        {/* The visible date is part of each link's name (WCAG 2.5.3, label in name); the arrows are decoration. */}
        <Link to={`/data/day/${shiftDate(date, -1)}`}>
          <span aria-hidden="true">‹ </span>
          <span className="visually-hidden">Previous day, </span>
          {shiftDate(date, -1)}
        </Link>
        <Link to="/data">Data</Link>
        <Link to={`/data/day/${shiftDate(date, 1)}`}>
          <span className="visually-hidden">Next day, </span>
          {shiftDate(date, 1)}
          <span aria-hidden="true"> ›</span>
        </Link>
      </nav>
      <h1 className="screen-title">Day: {date}</h1>
      {error && <p className="error">{error}</p>}
      {day && day.accounts.length === 0 && <p className="data-empty-metric">Nothing is stored for this day.</p>}
      {day && day.accounts.length > 0 && (
        <>
          <section className="chart-card" aria-label="Heart rate of the day" data-metric="day-heart-rate">
            <h2 className="chart-title">
              Heart rate <span className="muted">(bpm)</span>
            </h2>
            <p className="muted chart-caveat">
              Shaded: sleep (violet) and workouts (orange). Every stored sample is drawn.
              {day.accounts.map((a) => (
                <span key={a.accountId} data-testid="day-window" data-start={a.start} data-end={a.end}>
                  {' '}
                  {PROVIDERS[a.providerId].name}: the day runs {new Date(a.start * 1000).toISOString().slice(0, 16)}Z –{' '}
                  {new Date(a.end * 1000).toISOString().slice(0, 16)}Z ({(a.end - a.start) / 3600} h).
                </span>
              ))}
            </p>
            <TimeChart
              title={`Heart rate on ${date}`}
              unit="bpm"
              series={series}
              window={win}
              bands={bands}
              height={300}
              testId="chart-day-heart-rate"
            />
            <ChartSummary series={series} window={win} unit="bpm" />
            {bands.length > 0 && (
              <ul className="day-bands" aria-label="Sleep and workouts">
                {bands.map((b) => (
                  <li key={`${b.label}:${b.from}`}>
                    {b.label}: {bandTime(b.from)} – {bandTime(b.to)}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section className="chart-card" aria-label="Summaries of the day">
            <h2 className="chart-title">Summaries</h2>
            {day.accounts.map((a) => (
              <div key={a.accountId} className="day-summaries">
                <h3>{sourceLabel(a.providerId, a.accountId, accounts)}</h3>
                {a.summaries.length === 0 ? (
                  <p className="muted">No daily summary for this day.</p>
                ) : (
                  <ul>
                    {a.summaries.map((s) => (
                      <li key={`${s.kind}:${s.recordId}`} data-kind={s.kind}>
                        <strong>{s.kind}</strong>
                        {s.score !== null ? ` · score ${s.score}` : ''}
                        {summaryText(s.data) ? ` · ${summaryText(s.data)}` : ''}
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            ))}
          </section>
        </>
      )}
    </div>
  );
}

/** A provider's session type in words: Oura's `long_sleep` is the night's main sleep, not a type name. */
const SESSION_WORDS: Record<string, string> = {
  long_sleep: 'main sleep',
  late_nap: 'late nap',
  sleep: 'sleep',
  rest: 'rest',
};
function sessionWords(type: string): string {
  return SESSION_WORDS[type] ?? type.replace(/_/g, ' ').toLowerCase();
}

/** "Sat 22:00": a band often starts the evening before the day shown, so the weekday goes with the time. */
function bandTime(epochS: number): string {
  return new Date(epochS * 1000).toLocaleString('en-GB', { weekday: 'short', hour: '2-digit', minute: '2-digit' });
}
