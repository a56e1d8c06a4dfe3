import { useEffect, useState } from 'react';
import type { AccountView } from '../../src-shared/accounts';
import type { SyncProgress } from '../../src-shared/ipc/payloads';
import { CATEGORY_LABELS } from '../../src-shared/providers';
import { api } from '../bridge';
import { useApp } from '../store/app-store';
import { loadBackfillDays, useBackfillDays } from './backfill-days';
import { BusyButton } from './BusyButton';
import { exactTime, formatClock, formatMonth, formatRelative } from './relative-time';

// Issue 15: sync health in one line. Either "Synced 4 min ago · next 11:08",
// or, while a job runs, what it is importing with a progress bar and Stop —
// driven by the syncProgress events.

const DAY = 86_400_000;

/** The newest success across categories, and the next planned run. */
export function lastAndNext(account: AccountView): { last: string | null; next: string | null } {
  let last: string | null = null;
  let next: string | null = null;
  for (const c of account.categories) {
    if (!c.granted) continue;
    if (c.lastSuccessAt && (!last || c.lastSuccessAt > last)) last = c.lastSuccessAt;
    if (c.nextRunAt && (!next || c.nextRunAt < next)) next = c.nextRunAt;
  }
  return { last, next };
}

/** The category whose progress to show: the one furthest from done among those running now. */
function runningProgress(account: AccountView, progress: Record<string, SyncProgress>): SyncProgress | null {
  const live = Object.values(progress).filter(
    (p) => p.accountId === account.id && p.category && (p.phase === 'started' || p.phase === 'progress'),
  );
  const running = account.categories.filter((c) => c.running).map((c) => c.category);
  const candidates = live.filter((p) => running.length === 0 || running.includes(p.category!));
  return candidates.sort((a, b) => (b.coveredFrom ?? '').localeCompare(a.coveredFrom ?? ''))[0] ?? null;
}

export function SyncLine({
  account,
  providerName,
  online,
  now,
}: {
  account: AccountView;
  providerName: string;
  online: boolean;
  now: number;
}) {
  const progress = useApp((s) => s.progress);
  const days = useBackfillDays((s) => s.days);
  const pushNotice = useApp((s) => s.pushNotice);
  const [stopping, setStopping] = useState(false);
  useEffect(loadBackfillDays, []);
  const { last, next } = lastAndNext(account);
  const lastText = last ? (
    <time dateTime={last} title={exactTime(last)}>
      {formatRelative(last, now)}
    </time>
  ) : null;

  if (!online) {
    return <p className="sync-line">Offline{lastText ? <> · last synced {lastText}</> : ' · not synced yet'}</p>;
  }

  if (account.status === 'syncing') {
    const p = runningProgress(account, progress);
    const label = p?.category ? CATEGORY_LABELS[p.category] : null;
    // Backfill walks backwards from now (docs/sync.md): how far back it reaches against the history asked for.
    const fraction =
      p?.coveredFrom && days
        ? Math.min(1, Math.max(0, (now - new Date(p.coveredFrom).getTime()) / (days * DAY)))
        : null;
    const stop = async () => {
      setStopping(true);
      const r = await api.stopSync({ accountId: account.id });
      setStopping(false);
      if (!r.ok)
        pushNotice({ level: 'error', message: r.error.message, accountId: account.id, providerId: account.providerId });
    };
    const words =
      label && p?.coveredFrom
        ? `Importing history: ${label} back to ${formatMonth(p.coveredFrom)}`
        : label
          ? `Syncing ${label}…`
          : 'Syncing…';
    return (
      <div className="sync-line sync-line-running">
        {/* One line whatever its length (sources.css): the title keeps the words an ellipsis cuts. */}
        <p title={words}>{words}</p>
        <div className="sync-controls">
          <progress
            className="sync-progress"
            aria-label={`${providerName} sync progress`}
            {...(fraction !== null ? { value: Math.round(fraction * 100), max: 100 } : {})}
          />
          <BusyButton type="button" className="quiet small" busy={stopping} busyLabel="Stopping…" onClick={stop}>
            Stop<span className="visually-hidden"> syncing {providerName}</span>
          </BusyButton>
        </div>
      </div>
    );
  }

  return (
    <p className="sync-line">
      {lastText ? <>Synced {lastText}</> : 'Not synced yet'}
      {next && (
        <>
          {' · next '}
          <time dateTime={next} title={exactTime(next)}>
            {formatClock(next, now)}
          </time>
        </>
      )}
    </p>
  );
}
