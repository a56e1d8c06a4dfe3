import { useState } from 'react';
import type { ClientCredentialsView, SettingsView } from '../../src-shared/ipc/payloads';
import { PROVIDERS } from '../../src-shared/providers';
import { api } from '../bridge';

/** Client id and (write-only) secret for one provider. The secret field is cleared after saving. */
export function ClientCredentialsForm({
  view,
  onSaved,
}: {
  view: ClientCredentialsView;
  onSaved(s: SettingsView): void;
}) {
  const name = PROVIDERS[view.providerId].name;
  const [clientId, setClientId] = useState(view.clientId ?? '');
  const [secret, setSecret] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const providerId = view.providerId as 'oura' | 'whoop' | 'withings';

  return (
    <form
      className="settings-form"
      aria-label={`${name} app credentials`}
      onSubmit={async (e) => {
        e.preventDefault();
        const r = await api.updateSettings({
          clientCredentials: { providerId, clientId, ...(secret ? { clientSecret: secret } : {}) },
        });
        setSecret('');
        if (r.ok) {
          onSaved(r.value);
          setMessage('Saved.');
        } else setMessage(r.error.message);
      }}
    >
      <h4>{name}</h4>
      <p className="muted">
        Redirect URI to register: <code>{view.redirectUri}</code>. In use:{' '}
        {view.source === 'none' ? 'no credentials' : `${view.source} credentials`}
        {view.hasClientSecret ? ' (secret stored)' : ''}.
      </p>
      <label>
        {name} client id
        <input value={clientId} onChange={(e) => setClientId(e.target.value)} required autoComplete="off" />
      </label>
      <label>
        {name} client secret
        <input
          type="password"
          value={secret}
          onChange={(e) => setSecret(e.target.value)}
          autoComplete="off"
          placeholder={view.hasClientSecret ? 'Stored — leave empty to keep' : ''}
        />
      </label>
      <button type="submit">Save {name} credentials</button>
      {view.source === 'user' && (
        <button
          type="button"
          onClick={async () => {
            const r = await api.updateSettings({ clearClientCredentials: providerId });
            if (r.ok) onSaved(r.value);
          }}
        >
          Remove {name} credentials
        </button>
      )}
      {message && <span role="status">{message}</span>}
    </form>
  );
}
