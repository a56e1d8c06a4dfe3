import { useState } from 'react';
import { CATEGORY_LABELS, PROVIDERS, type CategoryId, type ProviderId } from '../../src-shared/providers';
import { api } from '../bridge';
import { BusyButton } from './BusyButton';
import { Dialog } from './Dialog';
import { DialogFooter } from './DialogFooter';

/**
 * Before the browser opens: which data Omnio will ask for and why. The user
 * can narrow the request here and can still untick scopes on the provider's
 * own consent page; the card then shows what was actually granted.
 */
export function ConnectDialog({
  providerId,
  accountId,
  onClose,
  onStarted,
}: {
  providerId: Exclude<ProviderId, 'garmin'>;
  accountId?: string;
  onClose(): void;
  onStarted(): void;
}) {
  const provider = PROVIDERS[providerId];
  const offered = provider.categories;
  const [chosen, setChosen] = useState<Set<CategoryId>>(new Set(offered));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const toggle = (c: CategoryId) =>
    setChosen((prev) => {
      const next = new Set(prev);
      if (next.has(c)) next.delete(c);
      else next.add(c);
      return next;
    });

  const start = async () => {
    if (busy || chosen.size === 0) return;
    setBusy(true);
    setError(null);
    const r = await api.startConnect({ providerId, accountId, categories: offered.filter((c) => chosen.has(c)) });
    setBusy(false);
    if (r.ok) onStarted();
    else setError(r.error.message);
  };

  return (
    <Dialog title={`${accountId ? 'Reconnect' : 'Connect'} ${provider.name}`} onClose={onClose}>
      <p>
        Omnio will open {provider.name}’s sign-in page in your web browser. You sign in there — Omnio never sees your{' '}
        {provider.name} password — and approve what Omnio may read. Only the data below is requested; you can untick any
        of it now or on {provider.name}’s page.
      </p>
      <fieldset className="categories">
        <legend>Data to request from {provider.name}</legend>
        {offered.map((c) => (
          <label key={c} className="category-choice">
            <input type="checkbox" checked={chosen.has(c)} onChange={() => toggle(c)} /> {CATEGORY_LABELS[c]}
          </label>
        ))}
      </fieldset>
      <DialogFooter error={error} onCancel={onClose}>
        <BusyButton
          type="button"
          className="primary"
          busy={busy}
          busyLabel={`Opening ${provider.name}…`}
          unavailable={chosen.size === 0}
          onClick={start}
        >
          Continue to {provider.name}
        </BusyButton>
      </DialogFooter>
    </Dialog>
  );
}
