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

/** "Weak" needs some encryption from the OS (basic_text is that); with none, only memory is possible. */
export function weakOffered(keyStore: KeyStore): boolean {
  return keyStore.needsUserChoice && keyStore.canPersist !== false;
}

/**
 * The stored choice, if it still stands (issue 13). Consent to weak encryption
 * was given for the backend the data key was then protected with; when the
 * key store is now another (a keyring came and went, the profile moved), or
 * a real keyring needs no choice at all, the choice lapses and the user is
 * asked again the next time the backend falls to basic_text.
 */
export function standingVaultChoice(
  keyStore: KeyStore,
  choice: SettingsShape['vaultModeChoice'],
  recordedBackend: string | null,
): SettingsShape['vaultModeChoice'] {
  if (!keyStore.needsUserChoice) return null;
  if (choice === 'weak' && (!weakOffered(keyStore) || recordedBackend !== keyStore.backend)) return null;
  return choice;
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
    explanation += weakOffered(keyStore)
      ? ' Choose whether to keep tokens in memory for this session only, or to store them with weak encryption.'
      : ' This computer offers no encryption at all, so they can only be kept in memory.';
  }
  if (unreadableReason) explanation += ` Some accounts must be reconnected: ${unreadableReason}.`;
  return {
    backend: keyStore.backend,
    protection: mode === 'memory' ? 'memory' : keyStore.protection,
    needsChoice,
    weakOffered: weakOffered(keyStore),
    explanation,
  };
}
