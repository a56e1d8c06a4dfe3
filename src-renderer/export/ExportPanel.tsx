import { useEffect, useRef, useState } from 'react';
import { CATEGORY_IDS, CATEGORY_LABELS, PROVIDERS, type CategoryId } from '../../src-shared/providers';
import type { ExportFormatId } from '../../src-shared/saved-file';
import { api } from '../bridge';
import { selectAccounts, useApp } from '../store/app-store';
import { deliverFile } from './deliver-file';

// Issue 12: take the data out. One account or all, one category or all, as
// CSV, JSON or FHIR R4 Observation NDJSON (for health-record tools). The app
// asks where to save (Electron) or hands over a download (browser host);
// progress shows while it streams, with Cancel.

const FORMAT_TEXT: Record<ExportFormatId, string> = {
  csv: 'CSV (spreadsheets)',
  json: 'JSON',
  fhir: 'FHIR R4 Observations (NDJSON, for health-record tools)',
};

export function ExportPanel() {
  const accounts = useApp(selectAccounts);
  const [accountId, setAccountId] = useState('');
  const [category, setCategory] = useState<CategoryId | ''>('');
  const [format, setFormat] = useState<ExportFormatId>('csv');
  const [running, setRunning] = useState<{ exportId: string; done: number; total: number } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const current = useRef<string | null>(null);

  useEffect(
    () =>
      api.on('exportProgress', (p) => {
        if (p.exportId === current.current) setRunning({ ...p });
      }),
    [],
  );

  const start = async () => {
    const exportId = `x${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
    current.current = exportId;
    setRunning({ exportId, done: 0, total: 0 });
    setMessage(null);
    setError(null);
    const r = await api.exportData({
      exportId,
      format,
      ...(accountId ? { accountId } : {}),
      ...(category ? { category } : {}),
    });
    current.current = null;
    setRunning(null);
    if (!r.ok) return setError(r.error.message);
    if (r.value.kind === 'cancelled') return setMessage('Export cancelled. No file was saved.');
    const records = r.value.records ?? 0;
    setMessage(`${deliverFile(r.value)} ${records} ${records === 1 ? 'record' : 'records'}.`);
  };

  const cancel = () => {
    if (running) void api.cancelExport({ exportId: running.exportId });
  };

  return (
    <form
      className="settings-form"
      aria-label="Export your data"
      onSubmit={(e) => {
        e.preventDefault();
        void start();
      }}
    >
      <h3>Export your data</h3>
      <label>
        Account
        <select value={accountId} onChange={(e) => setAccountId(e.target.value)} disabled={!!running}>
          <option value="">All accounts</option>
          {accounts.map((a) => (
            <option key={a.id} value={a.id}>
              {PROVIDERS[a.providerId].name}
              {a.label ? ` — ${a.label}` : ''}
            </option>
          ))}
        </select>
      </label>
      <label>
        Category
        <select value={category} onChange={(e) => setCategory(e.target.value as CategoryId | '')} disabled={!!running}>
          <option value="">Everything</option>
          {CATEGORY_IDS.map((c) => (
            <option key={c} value={c}>
              {CATEGORY_LABELS[c]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Format
        <select value={format} onChange={(e) => setFormat(e.target.value as ExportFormatId)} disabled={!!running}>
          {(Object.keys(FORMAT_TEXT) as ExportFormatId[]).map((f) => (
            <option key={f} value={f}>
              {FORMAT_TEXT[f]}
            </option>
          ))}
        </select>
      </label>
      {running ? (
        <div className="dialog-actions">
          <progress
            aria-label="Export progress"
            max={running.total || 1}
            value={running.total ? running.done : undefined}
          />
          <span role="status">
            {running.total ? `${running.done} of ${running.total} records` : 'Preparing the export…'}
          </span>
          <button type="button" onClick={cancel}>
            Cancel export
          </button>
        </div>
      ) : (
        <button type="submit" className="primary">
          Export
        </button>
      )}
      {message && <p role="status">{message}</p>}
      {error && <p role="alert">{error}</p>}
    </form>
  );
}
