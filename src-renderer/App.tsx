import { useEffect, useState } from 'react';
import { AccountsScreen } from './accounts/AccountsScreen';
import { SettingsScreen } from './settings/SettingsScreen';
import { Notices } from './Notices';
import { UpdateBanner } from './update/UpdateBanner';
import { connectStoreToBridge, useApp } from './store/app-store';

type Tab = 'accounts' | 'settings';

export function App() {
  const [tab, setTab] = useState<Tab>('accounts');
  const load = useApp((s) => s.load);
  const online = useApp((s) => s.snapshot?.online ?? true);

  useEffect(() => {
    const off = connectStoreToBridge();
    void load();
    return off;
  }, [load]);

  return (
    <div className="app">
      <header className="app-header">
        <h1 className="brand">Omnio</h1>
        <nav aria-label="Sources">
          <span className="nav-section">Sources</span>
          <button
            type="button"
            className="tab"
            aria-current={tab === 'accounts' ? 'page' : undefined}
            onClick={() => setTab('accounts')}
          >
            Accounts
          </button>
          <button
            type="button"
            className="tab"
            aria-current={tab === 'settings' ? 'page' : undefined}
            onClick={() => setTab('settings')}
          >
            Settings
          </button>
        </nav>
        {!online && (
          <p className="offline" role="status">
            Offline — showing what is stored on this computer. Sync resumes when the network is back.
          </p>
        )}
      </header>
      <Notices />
      <UpdateBanner />
      <main>{tab === 'accounts' ? <AccountsScreen /> : <SettingsScreen />}</main>
    </div>
  );
}
