import { useEffect, useState } from 'react';
import type { SettingsView } from '../../src-shared/ipc/payloads';
import { api } from '../bridge';
import { ClientCredentialsForm } from './ClientCredentialsForm';
import { EndpointsForm } from './EndpointsForm';
import { AccessLogRetention } from './AccessLogRetention'; // issue 12
import { ExportPanel } from '../export/ExportPanel'; // issue 12
import { BackupRestore } from './BackupRestore'; // issue 12

export function SettingsScreen() {
  const [settings, setSettings] = useState<SettingsView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    void api.getSettings({}).then((r) => (r.ok ? setSettings(r.value) : setError(r.error.message)));
  }, []);

  const save = async (patch: { syncIntervalMinutes?: number; backfillDays?: number }) => {
    setSaved(false);
    const r = await api.updateSettings(patch);
    if (r.ok) {
      setSettings(r.value);
      setSaved(true);
      setError(null);
    } else setError(r.error.message);
  };

  if (error && !settings) return <p role="alert">{error}</p>;
  if (!settings) return <p aria-busy="true">Loading settings…</p>;
  return (
    <>
      <h2 className="screen-title">Settings</h2>
      <form
        className="settings-form"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          void save({ syncIntervalMinutes: Number(f.get('interval')), backfillDays: Number(f.get('backfill')) });
        }}
      >
        <label>
          Sync every (minutes)
          <input
            name="interval"
            type="number"
            min={15}
            max={1440}
            defaultValue={settings.syncIntervalMinutes}
            required
          />
        </label>
        <label>
          History to import when connecting (days)
          <input name="backfill" type="number" min={1} max={3650} defaultValue={settings.backfillDays} required />
        </label>
        <button type="submit" className="primary">
          Save sync settings
        </button>
        {saved && <span role="status">Saved.</span>}
        {error && <p role="alert">{error}</p>}
      </form>
      <AccessLogRetention /> {/* issue 12 */}
      <ExportPanel /> {/* issue 12 */}
      <BackupRestore /> {/* issue 12 */}
      <h3>Your own provider apps</h3>
      <p>
        Oura, WHOOP and Withings only let registered apps connect. If this copy of Omnio came without credentials, or
        you prefer your own, register an app with the provider (see docs/oauth.md), give it the redirect URI shown, and
        enter its client id and secret here. The secret is encrypted on this computer and never shown again.
      </p>
      {settings.clientCredentials
        .filter((c) => c.providerId !== 'garmin')
        .map((c) => {
          const endpoints = settings.endpoints.find((e) => e.providerId === c.providerId);
          return (
            <div key={c.providerId}>
              <ClientCredentialsForm view={c} onSaved={setSettings} />
              {endpoints && <EndpointsForm view={endpoints} onSaved={setSettings} />}
            </div>
          );
        })}
    </>
  );
}
