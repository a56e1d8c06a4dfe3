import { useState } from 'react';
import { api } from '../bridge';
import { useApp } from '../store/app-store';

/**
 * Linux without a keyring: say plainly that nothing protects the tokens, and
 * let the user choose between memory-only and weaker encryption.
 */
export function VaultBanner() {
  const info = useApp((s) => s.appInfo);
  const [error, setError] = useState<string | null>(null);
  if (!info) return null;
  const { vault } = info;
  const choose = async (mode: 'memory' | 'weak') => {
    const r = await api.chooseVaultMode({ mode });
    if (r.ok) useApp.setState({ appInfo: r.value });
    else setError(r.error.message);
  };
  if (vault.needsChoice) {
    return (
      <section className="banner warning" aria-label="Token protection">
        <p>
          No system keyring is available, so nothing on this computer can protect your account tokens with a password
          you hold. Choose how Omnio should keep them:
        </p>
        <div className="dialog-actions">
          <button type="button" onClick={() => choose('memory')}>
            Keep tokens in memory for this session only
          </button>
          {vault.weakOffered && (
            <button type="button" onClick={() => choose('weak')}>
              Store them with weaker encryption
            </button>
          )}
        </div>
        {error && <p role="alert">{error}</p>}
      </section>
    );
  }
  if (
    vault.explanation &&
    (vault.protection === 'test-stand-in' || vault.protection === 'weak' || vault.protection === 'memory')
  ) {
    return (
      <p className="banner muted" role="note">
        {vault.explanation}
      </p>
    );
  }
  return null;
}
