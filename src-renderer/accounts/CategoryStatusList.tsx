import type { AccountView } from '../../src-shared/accounts';
import { CATEGORY_LABELS } from '../../src-shared/providers';
import { formatDate, formatTime } from './format';

/** Per category: last sync, what is running, backfill progress, next run, last error. */
export function CategoryStatusList({ account }: { account: AccountView }) {
  const granted = account.categories.filter((c) => c.granted);
  if (granted.length === 0) return null;
  return (
    <details className="category-status">
      <summary>Sync details</summary>
      <table>
        <thead>
          <tr>
            <th scope="col">Data</th>
            <th scope="col">Last synced</th>
            <th scope="col">Stored</th>
            <th scope="col">Next</th>
          </tr>
        </thead>
        <tbody>
          {granted.map((c) => (
            <tr key={c.category} data-category={c.category}>
              <th scope="row">{CATEGORY_LABELS[c.category]}</th>
              <td>
                {c.running ? 'Running…' : formatTime(c.lastSuccessAt)}
                {c.lastError && <span className="error"> — {c.lastError}</span>}
              </td>
              <td>
                {c.records} records
                {c.coveredFrom && ` (${formatDate(c.coveredFrom)} – ${formatDate(c.coveredTo)})`}
              </td>
              <td>{c.nextRunAt ? formatTime(c.nextRunAt) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
