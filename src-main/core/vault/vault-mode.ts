import type { VaultInfo } from '../../../src-shared/ipc/payloads';
import type { SettingsShape } from '../settings/settings-store';
import type { KeyStore } from './key-store';
import type { VaultMode } from './envelope-vault';

/**
 * Linux with the basic_text backend has no keyring: the user chooses between
 * memory-only tokens and weak encryption. Until they choose, tokens stay in
 * memory (the safe side); every other backend is persistent.
 */
export function vaultModeFor(keyStore: KeyStore, choice: SettingsShape['vaultModeChoice']): VaultMode {
  if (!keyStore.needsUserChoice) return 'persistent';
  return choice === 'weak' ? 'persistent' : 'memory';
}

export function describeVault(
  keyStore: KeyStore,
  mode: VaultMode,
  choice: SettingsShape['vaultModeChoice'],
  unreadableReason: string | null,
): VaultInfo {
  const needsChoice = keyStore.needsUserChoice && choice === null;
  let explanation: string;
  if (mode === 'memory') {
    explanation =
      'No system keyring protects your tokens on this computer, so Omnio keeps them in memory for this session only. ' +
      'You will need to reconnect your accounts after Omnio restarts.';
  } else if (keyStore.protection === 'weak') {
    explanation =
      'No system keyring protects your tokens on this computer. You chose to store them with weak encryption: ' +
      'anyone who can read your files could recover them.';
  } else if (keyStore.protection === 'test-stand-in') {
    explanation =
      'Tokens are encrypted with a key kept in a file in the data folder (vault-key.json). This stand-in is for tests and ' +
      'the browser host only — not for production.';
  } else {
    explanation = `Tokens are encrypted with a key protected by your system keyring (${keyStore.backend}).`;
  }
  if (needsChoice) {
    explanation +=
      ' Choose whether to keep tokens in memory for this session only, or to store them with weak encryption.';
  }
  if (unreadableReason) explanation += ` Some accounts must be reconnected: ${unreadableReason}.`;
  return {
    backend: keyStore.backend,
    protection: mode === 'memory' ? 'memory' : keyStore.protection,
    needsChoice,
    explanation,
  };
}
