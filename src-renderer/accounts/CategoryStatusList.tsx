import type { AccountView } from '../../src-shared/accounts';
import { CATEGORY_LABELS } from '../../src-shared/providers';
import { formatCount, formatRange, formatWhen } from './format';
import { useNow } from './use-now';

/** Per category: last sync, what is running, backfill progress (records and date range), next run, last error. */
export function CategoryStatusList({ account }: { account: AccountView }) {
  const now = useNow();
  const granted = account.categories.filter((c) => c.granted);
  if (granted.length === 0) return null;
  return (
    <details className="category-status">
      <summary>Sync details</summary>
      <table>
        <thead>
          <tr>
            <th scope="col">Data</th>
            <th scope="col">Stored</th>
            <th scope="col">Synced</th>
            <th scope="col">Next</th>
          </tr>
        </thead>
        <tbody>
          {granted.map((c) => (
            <tr key={c.category} data-category={c.category}>
              <th scope="row">{CATEGORY_LABELS[c.category]}</th>
              <td>
                {formatCount(c.records, 'record')}
                {c.coveredFrom && <span className="range">{formatRange(c.coveredFrom, c.coveredTo)}</span>}
              </td>
              <td>
                {c.running ? 'Running…' : formatWhen(c.lastSuccessAt, now)}
                {c.lastError && <span className="error range">{c.lastError}</span>}
              </td>
              <td>{c.nextRunAt ? formatWhen(c.nextRunAt, now) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
