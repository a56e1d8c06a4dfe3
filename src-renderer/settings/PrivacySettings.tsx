import type { AppInfo } from '../../src-shared/ipc/payloads';
import { VaultBanner } from '../accounts/VaultBanner';
import { useApp } from '../store/app-store';
import { RemoveEverything } from './RemoveEverything'; // issue 12 (item 4)

// Issue 15: Settings › Privacy & storage — how the account tokens are
// protected and where the data lives; Remove everything (issue 12) ends it.

const PROTECTION: Record<NonNullable<AppInfo['vault']['protection']>, string> = {
  os: 'Protected by your system keyring',
  weak: 'Stored with weaker encryption (no system keyring)',
  memory: 'Kept in memory for this session only',
  'test-stand-in': 'Protected by a stand-in key file (test and browser host only)',
};

export function PrivacySettings() {
  const info = useApp((s) => s.appInfo);
  if (!info) return null;
  const { vault } = info;
  return (
    <section className="settings-section" aria-labelledby="settings-privacy">
      <h3 id="settings-privacy">Privacy &amp; storage</h3>
      <dl className="facts">
        <dt>Account tokens</dt>
        <dd>
          {vault.protection ? PROTECTION[vault.protection] : 'Not chosen yet'}
          {vault.backend && <span className="muted"> ({vault.backend})</span>}
          {vault.explanation && <span className="muted hint">{vault.explanation}</span>}
        </dd>
        <dt>Data folder</dt>
        <dd>
          <code className="path">{info.dataDir}</code>
          <span className="muted hint">
            Your synced data, settings and logs live here. Passwords are never stored; tokens only sealed.
          </span>
        </dd>
      </dl>
      {vault.needsChoice && <VaultBanner />}
      <RemoveEverything />
    </section>
  );
}
