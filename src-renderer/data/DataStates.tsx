import { Link } from 'react-router';

import { CATEGORY_LABELS, PROVIDERS } from '../../src-shared/providers';
import { selectAccounts, useApp } from '../store/app-store';

/** No source yet: the way to connect one, never empty axes. */
export function NoSources() {
  return (
    <section className="data-empty" aria-label="No sources">
      <h2>No data yet</h2>
      <p>Connect Oura, WHOOP, Withings or Garmin, and what they have recorded shows up here.</p>
      <Link to="/sources" className="primary-link">
        Connect a source
      </Link>
    </section>
  );
}

/** History still importing: how far each running import has got. */
export function BackfillProgress() {
  const accounts = useApp(selectAccounts);
  const running = accounts.flatMap((a) =>
    a.categories.filter((c) => c.running).map((c) => ({ account: a, category: c })),
  );
  if (running.length === 0) return null;
  return (
    <section className="backfill" role="status" aria-label="Import in progress">
      <h2 className="backfill-title">Importing history</h2>
      <ul>
        {running.map(({ account, category }) => (
          <li key={`${account.id}:${category.category}`}>
            {PROVIDERS[account.providerId].name} · {CATEGORY_LABELS[category.category]}:{' '}
            {category.records.toLocaleString('en')} records
            {category.coveredFrom ? `, back to ${category.coveredFrom.slice(0, 10)}` : ''}
          </li>
        ))}
      </ul>
    </section>
  );
}
