// Small, non-secret settings (sync interval, backfill window, client ids).
// The Electron layer backs this with electron-store, the plain-Node runtimes
// with `conf` (the library electron-store is built on): same file format, same
// place (settings.json in the data directory). Secrets never go here: client
// secrets are sealed in the vault.

export interface SettingsShape {
  syncIntervalMinutes: number;
  backfillDays: number;
  /**
   * Endpoint URLs the user set in Settings (a sandbox, a proxy), per OAuth provider.
   * OMNIO_PROVIDERS wins over these; both are validated by the same rules.
   */
  endpointOverrides: Partial<Record<'oura' | 'whoop' | 'withings', Partial<Record<EndpointKey, string>>>>;
  /** Client ids the user entered ("bring your own app"), per provider. */
  clientIds: Partial<Record<'oura' | 'whoop' | 'withings', string>>;
  /** Garmin login refused until this ISO time (429 / challenge), persisted across restarts. */
  garminLoginBlockedUntil: string | null;
  garminLoginBlockedReason: string | null;
  /** Linux basic_text: the user's choice between memory-only and weak encryption. */
  vaultModeChoice: 'memory' | 'weak' | null;
  /** Issue 14: look for a new version at start and every 6 hours (docs/release.md). */
  updateChecksEnabled: boolean;
  /** Issue 14: the AppImage's question "add a desktop entry for sign-in links?"; null: not asked yet. */
  linuxSchemeEntryChoice: 'yes' | 'no' | null;
  /** Issue 12: access-log entries older than this are pruned. */
  accessLogRetentionDays: number;
}

export type EndpointKey = 'authorizationUrl' | 'tokenUrl' | 'revocationUrl' | 'apiBaseUrl';

export const DEFAULT_SETTINGS: SettingsShape = {
  syncIntervalMinutes: 60,
  backfillDays: 90,
  endpointOverrides: {},
  clientIds: {},
  garminLoginBlockedUntil: null,
  garminLoginBlockedReason: null,
  vaultModeChoice: null,
  updateChecksEnabled: true,
  linuxSchemeEntryChoice: null,
  accessLogRetentionDays: 90, // issue 12
};

export interface SettingsStore {
  get<K extends keyof SettingsShape>(key: K): SettingsShape[K];
  set<K extends keyof SettingsShape>(key: K, value: SettingsShape[K]): void;
}
