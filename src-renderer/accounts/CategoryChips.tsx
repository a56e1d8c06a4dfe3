import type { AccountView } from '../../src-shared/accounts';
import { CATEGORY_LABELS } from '../../src-shared/providers';

// Issue 15: granted data as chips, and what the provider did not share in a
// quieter line that says how to get it.

export function CategoryChips({ account }: { account: AccountView }) {
  return (
    <>
      {account.grantedCategories.length > 0 && (
        <p className="chips">
          <span className="chips-label">Granted:</span>
          {account.grantedCategories.map((c) => (
            <span key={c} className="chip">
              {CATEGORY_LABELS[c]}
            </span>
          ))}
        </p>
      )}
      {account.missingCategories.length > 0 && (
        <p className="muted">
          Not granted: {account.missingCategories.map((c) => CATEGORY_LABELS[c]).join(', ')}. Reconnect to grant more.
        </p>
      )}
    </>
  );
}
