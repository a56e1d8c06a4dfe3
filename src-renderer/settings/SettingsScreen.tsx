import { useEffect, useState } from 'react';
import type { SettingsView } from '../../src-shared/ipc/payloads';
import { api } from '../bridge';
import { ClientCredentialsForm } from './ClientCredentialsForm';
import { EndpointsForm } from './EndpointsForm';
import { UpdateSettings } from '../update/UpdateSettings';
import { GeneralSettings } from './GeneralSettings';
import { PrivacySettings } from './PrivacySettings';

// Issue 15: Settings for people first — General, Privacy & storage — and the
// provider-app configuration folded away under Developer.
import { AccessLogRetention } from './AccessLogRetention'; // issue 12
import { ExportPanel } from '../export/ExportPanel'; // issue 12
import { BackupRestore } from './BackupRestore'; // issue 12
import { RestoreBackup } from './RestoreBackup'; // issue 12

export function SettingsScreen() {
  const [settings, setSettings] = useState<SettingsView | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void api.getSettings({}).then((r) => (r.ok ? setSettings(r.value) : setError(r.error.message)));
  }, []);

  if (error && !settings) return <p role="alert">{error}</p>;
  if (!settings) return <p aria-busy="true">Loading settings…</p>;
  return (
    <div className="settings">
      <h2 className="screen-title">Settings</h2>
      <GeneralSettings settings={settings} onSaved={setSettings} />
      <PrivacySettings />
      <AccessLogRetention /> {/* issue 12 */}
      <ExportPanel /> {/* issue 12 */}
      <BackupRestore /> {/* issue 12 */}
      <RestoreBackup /> {/* issue 12 */}
      <section className="settings-section" aria-labelledby="settings-developer">
        <h3 id="settings-developer">Developer</h3>
        <details className="fold">
          <summary>Developer: provider apps</summary>
          <p>
            Oura, WHOOP and Withings only let registered apps connect. If this copy of Omnio came without credentials,
            or you prefer your own, register an app with the provider (see docs/oauth.md), give it the redirect URI
            shown, and enter its client id and secret here. The secret is encrypted on this computer and never shown
            again.
          </p>
          {settings.clientCredentials
            .filter((c) => c.providerId !== 'garmin')
            .map((c) => {
              const endpoints = settings.endpoints.find((e) => e.providerId === c.providerId);
              return (
                <div key={c.providerId} className="provider-app">
                  <ClientCredentialsForm view={c} onSaved={setSettings} />
                  {endpoints && <EndpointsForm view={endpoints} onSaved={setSettings} />}
                </div>
              );
            })}
        </details>
      </section>
      <UpdateSettings />
    </div>
  );
}
