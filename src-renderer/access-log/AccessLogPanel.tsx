import { useCallback, useEffect, useState } from 'react';
import type { AccountView } from '../../src-shared/accounts';
import type { AccessAction, AccessLogFilter, AccessLogPage } from '../../src-shared/access-log';
import { CATEGORY_LABELS, PROVIDERS, type CategoryId } from '../../src-shared/providers';
import { api } from '../bridge';
import { Dialog } from '../accounts/Dialog';
import { deliverFile } from '../export/deliver-file';
import './access-log.css';

// Issue 12: what Omnio asked this account's provider for, with filters
// (category, status, time) and a CSV export of what the filters show.

const ACTION_TEXT: Record<AccessAction, string> = {
  sync: 'Sync',
  connect: 'Connect',
  token_refresh: 'Token refresh',
  revocation: 'Revocation',
  disconnect: 'Disconnect',
  garmin_sign_in: 'Sign-in',
  personal_api_key: 'API key',
};

const PERIODS = { all: null, day: 1, week: 7, month: 30 } as const;
type Period = keyof typeof PERIODS;

/** The card's "Access log" button and the view it opens. */
export function AccessLogButton({ account }: { account: AccountView }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Access log
      </button>
      {open && <AccessLogPanel account={account} onClose={() => setOpen(false)} />}
    </>
  );
}

export function AccessLogPanel({ account, onClose }: { account: AccountView; onClose(): void }) {
  const provider = PROVIDERS[account.providerId];
  const [category, setCategory] = useState<CategoryId | ''>('');
  const [status, setStatus] = useState<'' | 'ok' | 'error'>('');
  const [period, setPeriod] = useState<Period>('all');
  const [page, setPage] = useState<AccessLogPage | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);
  const [reloads, setReloads] = useState(0);

  const filter = useCallback((): AccessLogFilter => {
    const days = PERIODS[period];
    return {
      accountId: account.id,
      ...(category ? { category } : {}),
      ...(status ? { status } : {}),
      ...(days ? { since: new Date(Date.now() - days * 86_400_000).toISOString() } : {}),
    };
  }, [account.id, category, status, period]);

  useEffect(() => {
    let current = true;
    void api.getAccessLog(filter()).then((r) => {
      if (!current) return;
      if (r.ok) {
        setPage(r.value);
        setError(null);
      } else setError(r.error.message);
    });
    return () => {
      current = false;
    };
  }, [filter, reloads]);

  const exportCsv = async () => {
    setExporting(true);
    setMessage(null);
    const r = await api.exportAccessLog(filter());
    setExporting(false);
    if (r.ok) setMessage(deliverFile(r.value));
    else setError(r.error.message);
  };

  return (
    <Dialog title={`Access log — ${provider.name}`} onClose={onClose}>
      <p className="muted">
        Every request Omnio made to {provider.name} for this account. Entries older than{' '}
        {page ? page.retentionDays : '…'} days are removed (Settings).
      </p>
      <div className="access-log-filters">
        <label>
          Category{' '}
          <select value={category} onChange={(e) => setCategory(e.target.value as CategoryId | '')}>
            <option value="">All</option>
            {provider.categories.map((c) => (
              <option key={c} value={c}>
                {CATEGORY_LABELS[c]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Status{' '}
          <select value={status} onChange={(e) => setStatus(e.target.value as '' | 'ok' | 'error')}>
            <option value="">All</option>
            <option value="ok">Succeeded</option>
            <option value="error">Failed</option>
          </select>
        </label>
        <label>
          Time{' '}
          <select value={period} onChange={(e) => setPeriod(e.target.value as Period)}>
            <option value="all">All kept</option>
            <option value="day">Last 24 hours</option>
            <option value="week">Last 7 days</option>
            <option value="month">Last 30 days</option>
          </select>
        </label>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {page && (
        <p role="status">
          {page.total === 0
            ? 'No requests match.'
            : page.total > page.entries.length
              ? `${page.total} requests; the newest ${page.entries.length} are shown.`
              : `${page.total} ${page.total === 1 ? 'request' : 'requests'}.`}
        </p>
      )}
      {page && page.entries.length > 0 && (
        <div className="access-log-table-wrap">
          <table className="access-log-table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">What</th>
                <th scope="col">Request</th>
                <th scope="col">Category (scope)</th>
                <th scope="col">Status</th>
                <th scope="col">Records</th>
                <th scope="col">Bytes</th>
                <th scope="col">ms</th>
              </tr>
            </thead>
            <tbody>
              {page.entries.map((e) => (
                <tr key={e.id}>
                  <td>{new Date(e.at).toLocaleString()}</td>
                  <td>{ACTION_TEXT[e.action]}</td>
                  <td>{e.method ? `${e.method} ${e.endpoint ?? ''}` : (e.outcome ?? '')}</td>
                  <td>
                    {e.category ? CATEGORY_LABELS[e.category] : ''}
                    {e.scope ? ` (${e.scope})` : ''}
                  </td>
                  <td>{e.method ? (e.status ?? e.outcome ?? 'no answer') : ''}</td>
                  <td>{e.records ?? ''}</td>
                  <td>{e.bytes ?? ''}</td>
                  <td>{e.durationMs ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {message && <p role="status">{message}</p>}
      <div className="dialog-actions">
        <button type="button" onClick={() => setReloads((n) => n + 1)}>
          Refresh
        </button>
        <button type="button" onClick={exportCsv} disabled={exporting || !page || page.total === 0}>
          {exporting ? 'Exporting…' : 'Export CSV'}
        </button>
        <button type="button" className="primary" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
