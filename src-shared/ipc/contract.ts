import { z } from 'zod';
import type { AccountsSnapshot, AccountView } from '../accounts';
import type { BridgeResult } from '../errors';
import { CATEGORY_IDS, PROVIDER_IDS } from '../providers';
import type {
  AppInfo,
  ConnectStarted,
  DisconnectOutcome,
  GarminSignInResult,
  Notice,
  SettingsView,
  SyncProgress,
} from './payloads';
import type { UpdateStatus } from '../update';
// Issue 12: access log and exports.
import type { AccessLogPage } from '../access-log';
import { EXPORT_FORMATS, type ExportProgressEvent, type SavedFile } from '../saved-file';
import type {
  DailyColumns,
  DataOverview,
  DayDetail,
  RecordProvenance,
  SeriesColumns,
  WorkoutList,
} from '../data/columns';
import { DAILY_METRICS, SERIES_METRICS } from '../data/metrics';
// Issue 12 (item 4): remove everything.
import { REMOVE_EVERYTHING_WORD, type RemoveEverythingOutcome } from '../remove-everything';
import { UPLOAD_ID, type RestoreOutcome } from '../restore';

// The one IPC contract. Every call the renderer can make and every event the
// main process can send is listed here, once. The main process validates each
// call's argument against `input` before any handler runs; the preload and the
// browser host derive their functions from these names, so neither can drift.

/** Declares a call: a runtime schema for its one argument, a compile-time result type. */
function call<Result>() {
  return <Input extends z.ZodType>(input: Input) => ({ input, result: undefined as unknown as Result });
}

const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/);
const providerId = z.enum(PROVIDER_IDS);
const category = z.enum(CATEGORY_IDS);
const none = z.object({}).strict();
// Issue 12: the Access log view's filters.
const accessLogFilter = z
  .object({
    accountId: id,
    category: category.optional(),
    status: z.enum(['ok', 'error']).optional(),
    since: z.iso.datetime().optional(),
  })
  .strict();

export const calls = {
  ping: call<{ at: number }>()(none),
  getAppInfo: call<AppInfo>()(none),
  listAccounts: call<AccountsSnapshot>()(none),

  startConnect: call<ConnectStarted>()(
    z
      .object({
        providerId: z.enum(['oura', 'whoop', 'withings']),
        /** Reconnect an existing account (tokens replaced in place when the provider user matches). */
        accountId: id.optional(),
        /** Categories to ask for; defaults to every category the provider offers. */
        categories: z.array(category).max(CATEGORY_IDS.length).optional(),
      })
      .strict(),
  ),
  cancelConnect: call<{ cancelled: boolean }>()(z.object({ flowId: id }).strict()),
  /**
   * Issue 15: "Reopen <Provider>'s page" — the main process opens the pending flow's own authorization page
   * again (the person closed or lost the tab); the renderer never builds a provider's address.
   */
  reopenConnect: call<{ reopened: boolean }>()(z.object({ flowId: id }).strict()),

  garminSignIn: call<GarminSignInResult>()(
    z
      .object({
        email: z.string().min(3).max(254),
        password: z.string().min(1).max(1024),
        accountId: id.optional(),
      })
      .strict(),
  ),
  garminSubmitMfa: call<GarminSignInResult>()(
    z.object({ flowId: id, code: z.string().regex(/^[0-9]{4,10}$/) }).strict(),
  ),
  garminConnectApiKey: call<AccountView>()(
    z
      .object({
        apiKey: z.string().min(8).max(4096),
        accountId: id.optional(),
        /** The key's expiry as Garmin showed it at creation, when the token endpoint does not say. */
        keyExpiresAt: z.iso.date().optional(),
      })
      .strict(),
  ),

  // Issue 16: `queued` when a job for the account was running or finishing: this press runs right after it.
  syncNow: call<{ started: boolean; queued: boolean }>()(z.object({ accountId: id }).strict()),
  // Issue 15: Stop a running sync (the backfill's Stop); the next run comes one interval later.
  stopSync: call<{ stopped: boolean }>()(z.object({ accountId: id }).strict()),
  disconnect: call<DisconnectOutcome>()(z.object({ accountId: id, deleteData: z.boolean() }).strict()),

  getSettings: call<SettingsView>()(none),
  updateSettings: call<SettingsView>()(
    z
      .object({
        syncIntervalMinutes: z
          .number()
          .int()
          .min(15)
          .max(24 * 60)
          .optional(),
        backfillDays: z.number().int().min(1).max(3650).optional(),
        clientCredentials: z
          .object({
            providerId: z.enum(['oura', 'whoop', 'withings']),
            clientId: z.string().min(1).max(256),
            /** Write-only: never returned. Omitted keeps the stored secret. */
            clientSecret: z.string().min(1).max(1024).optional(),
          })
          .strict()
          .optional(),
        clearClientCredentials: providerId.optional(),
        /** Endpoint URLs for a sandbox or proxy; the core checks https (http only to 127.0.0.1). */
        endpoints: z
          .object({
            providerId: z.enum(['oura', 'whoop', 'withings']),
            authorizationUrl: z.string().max(2048).optional(),
            tokenUrl: z.string().max(2048).optional(),
            revocationUrl: z.string().max(2048).optional(),
            apiBaseUrl: z.string().max(2048).optional(),
          })
          .strict()
          .optional(),
        clearEndpoints: z.enum(['oura', 'whoop', 'withings']).optional(),
      })
      .strict(),
  ),
  chooseVaultMode: call<AppInfo>()(z.object({ mode: z.enum(['memory', 'weak']) }).strict()),
  openHelpLink: call<{ opened: boolean }>()(z.object({ url: z.string().url().max(2048) }).strict()),

  // ── Issue 14: updates (src-main/core/update, docs/release.md "Updates") ──
  getUpdateStatus: call<UpdateStatus>()(none),
  /** The setting: check at start and every 6 hours. */
  setUpdateChecks: call<UpdateStatus>()(z.object({ enabled: z.boolean() }).strict()),
  /** "Check now": the person asked; runs even with automatic checks off, never offline. */
  checkForUpdates: call<UpdateStatus>()(none),
  /** "Restart to update": the only way a downloaded update is installed. */
  installUpdate: call<{ restarting: boolean }>()(none),
  // Issue 12: access log (its view, its CSV, its retention).
  getAccessLog: call<AccessLogPage>()(accessLogFilter),
  exportAccessLog: call<SavedFile>()(accessLogFilter),
  getAccessLogRetention: call<{ retentionDays: number }>()(none),
  setAccessLogRetention: call<{ retentionDays: number }>()(
    z.object({ days: z.number().int().min(1).max(3650) }).strict(),
  ),
  // Issue 12: export (one account or all, one category or all); progress comes as `exportProgress` events.
  exportData: call<SavedFile & { records?: number }>()(
    z
      .object({
        exportId: id,
        format: z.enum(EXPORT_FORMATS),
        accountId: id.optional(),
        category: category.optional(),
      })
      .strict(),
  ),
  cancelExport: call<{ cancelled: boolean }>()(z.object({ exportId: id }).strict()),
  /** Issue 12: a backup file of the database without secrets (restore: docs/export.md, "Backup and restore"). */
  backupNow: call<SavedFile>()(none),
  /**
   * Issue 12: restores a backup in place of the current data, after checking it (docs/export.md). The
   * file comes from the main process's open dialog (Electron) or the page's upload (browser host,
   * `uploadId`); never a path. Omnio then starts again on the restored data.
   */
  restoreBackup: call<RestoreOutcome>()(z.object({ uploadId: z.string().regex(UPLOAD_ID).optional() }).strict()),
  /**
   * Issue 12 (item 4): revokes what it can, stops sync, deletes every file of the person's in the data
   * directory and starts again as on first run. Refused without the typed confirmation word.
   */
  removeEverything: call<RemoveEverythingOutcome>()(z.object({ confirm: z.literal(REMOVE_EVERYTHING_WORD) }).strict()),
  // Issue 17, the Data area: reads of the synced data, answered as columns (typed arrays) by the data query thread.
  getDataOverview: call<DataOverview>()(none),
  getSeries: call<SeriesColumns>()(
    z
      .object({
        accountId: id,
        metric: z.enum(SERIES_METRICS),
        /** Unix seconds, [from, to). */
        from: z.number().int().min(0).max(1e10),
        to: z.number().int().min(0).max(1e10),
        /** The plot area's width in device pixels (uPlot's bbox.width, a multiple of 0.5). */
        buckets: z.number().multipleOf(0.5).min(1).max(16384),
        /** The plot area's left edge in device pixels (uPlot's bbox.left): M4 buckets are then uPlot's columns. */
        plotLeft: z.number().multipleOf(0.5).min(0).max(65536).optional(),
        /** Every sample instead of the M4 reduction. */
        raw: z.boolean().optional(),
      })
      .strict(),
  ),
  getDaily: call<DailyColumns>()(
    z
      .object({
        accountId: id,
        metric: z.enum(DAILY_METRICS),
        from: z.iso.date().optional(),
        to: z.iso.date().optional(),
      })
      .strict(),
  ),
  getDay: call<DayDetail>()(
    z
      .object({
        date: z.iso.date(),
        /** The viewer's UTC offset, for an account with no dated record near that day. */
        fallbackOffsetMin: z
          .number()
          .int()
          .min(-14 * 60)
          .max(14 * 60),
      })
      .strict(),
  ),
  getWorkouts: call<WorkoutList[]>()(z.object({ from: z.iso.date(), to: z.iso.date() }).strict()),
  getRecord: call<RecordProvenance>()(z.object({ accountId: id, ref: z.string().min(5).max(300) }).strict()),
} as const;

/** Main → renderer events and their payloads. */
export interface EventPayloads {
  accountsChanged: AccountsSnapshot;
  syncProgress: SyncProgress;
  notice: Notice;
  /** Browser host only: the page opens this URL as the "system browser". */
  openExternal: { url: string };
  /** Issue 14: the update status changed (never sent by the browser host, which has no updater). */
  updateStatus: UpdateStatus;
  /** Issue 12: how far an export got. */
  exportProgress: ExportProgressEvent;
}
export const EVENT_NAMES = [
  'accountsChanged',
  'syncProgress',
  'notice',
  'openExternal',
  'updateStatus',
  'exportProgress', // issue 12
] as const satisfies readonly (keyof EventPayloads)[];

export type CallName = keyof typeof calls;
export type CallInput<K extends CallName> = z.input<(typeof calls)[K]['input']>;
export type CallResult<K extends CallName> = (typeof calls)[K]['result'];
export type EventName = keyof EventPayloads;

/** The API the preload (and the browser host's page bridge) put on `window.omnio`. */
export type OmnioApi = {
  [K in CallName]: (input: CallInput<K>) => Promise<BridgeResult<CallResult<K>>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
};

export const CALL_NAMES = Object.keys(calls) as CallName[];

/** The Electron IPC channel for a call; one prefix so handlers are easy to audit. */
export const channelFor = (name: CallName | EventName): string => `omnio:${name}`;
