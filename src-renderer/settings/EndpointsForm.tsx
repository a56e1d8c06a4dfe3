import { useState } from 'react';
import type { EndpointsView, SettingsView } from '../../src-shared/ipc/payloads';
import { PROVIDERS } from '../../src-shared/providers';
import { api } from '../bridge';

const FIELDS = [
  ['authorizationUrl', 'Authorization URL'],
  ['tokenUrl', 'Token URL'],
  ['revocationUrl', 'Revocation URL'],
  ['apiBaseUrl', 'API base URL'],
] as const;

/**
 * Advanced: point a provider at a sandbox or a proxy. https only (plain http
 * only to 127.0.0.1); an emptied field goes back to the provider's own URL.
 */
export function EndpointsForm({ view, onSaved }: { view: EndpointsView; onSaved(s: SettingsView): void }) {
  const name = PROVIDERS[view.providerId].name;
  const providerId = view.providerId as 'oura' | 'whoop' | 'withings';
  const [message, setMessage] = useState<string | null>(null);
  return (
    <details className="endpoints">
      <summary>
        Advanced: {name} endpoints ({view.source === 'built-in' ? `${name}’s own` : `from ${view.source}`})
      </summary>
      <form
        className="settings-form"
        aria-label={`${name} endpoints`}
        onSubmit={async (e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          const value = (k: string) => String(f.get(k) ?? '');
          const r = await api.updateSettings({
            endpoints: {
              providerId,
              authorizationUrl: value('authorizationUrl'),
              tokenUrl: value('tokenUrl'),
              revocationUrl: value('revocationUrl'),
              apiBaseUrl: value('apiBaseUrl'),
            },
          });
          if (r.ok) {
            onSaved(r.value);
            setMessage('Saved.');
          } else setMessage(r.error.message);
        }}
      >
        {FIELDS.map(([key, label]) => (
          <label key={key}>
            {name} {label}
            <input name={key} type="url" defaultValue={view[key] ?? ''} autoComplete="off" />
          </label>
        ))}
        <div className="dialog-actions">
          <button type="submit">Save {name} endpoints</button>
          <button
            type="button"
            onClick={async () => {
              const r = await api.updateSettings({ clearEndpoints: providerId });
              if (r.ok) onSaved(r.value);
              setMessage(r.ok ? 'Restored.' : r.error.message);
            }}
          >
            Restore {name}’s own endpoints
          </button>
        </div>
        {message && <span role="status">{message}</span>}
      </form>
    </details>
  );
}
