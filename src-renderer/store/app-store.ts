import { create } from 'zustand';
import type { AccountsSnapshot, AccountView } from '../../src-shared/accounts';
import type { AppInfo, Notice, SyncProgress } from '../../src-shared/ipc/payloads';
import { validNoticeAction } from '../../src-shared/ipc/notice-action';
import { api } from '../bridge';

// What the screens show, kept in one small store. It holds only what the main
// process chose to send: account views, never tokens. Passwords and codes
// typed into dialogs stay in those dialogs' local state and are never put here.

export interface NoticeEntry extends Notice {
  id: number;
}

interface AppState {
  snapshot: AccountsSnapshot | null;
  appInfo: AppInfo | null;
  notices: NoticeEntry[];
  progress: Record<string, SyncProgress>;
  loadError: string | null;
  load(): Promise<void>;
  pushNotice(n: Notice): void;
  dismissNotice(id: number): void;
}

let noticeId = 1;

export const useApp = create<AppState>((set, get) => ({
  snapshot: null,
  appInfo: null,
  notices: [],
  progress: {},
  loadError: null,
  async load() {
    const [accounts, info] = await Promise.all([api.listAccounts({}), api.getAppInfo({})]);
    if (!accounts.ok) return set({ loadError: accounts.error.message });
    set({ snapshot: accounts.value, appInfo: info.ok ? info.value : null, loadError: null });
  },
  pushNotice(n) {
    const entry = { ...n, id: noticeId++ };
    set({ notices: [...get().notices.slice(-4), entry] });
  },
  dismissNotice(id) {
    set({ notices: get().notices.filter((n) => n.id !== id) });
  },
}));

/** Subscribes the store to the main process's events. Returns the unsubscribe. */
export function connectStoreToBridge(): () => void {
  const offs = [
    api.on('accountsChanged', (snapshot) => useApp.setState({ snapshot })),
    // Issue 15: a notice's action is checked against the contract; one it does not know is dropped, the words stay.
    api.on('notice', ({ action, ...n }) => useApp.getState().pushNotice({ ...n, action: validNoticeAction(action) })),
    api.on('syncProgress', (p) =>
      useApp.setState((s) => ({ progress: { ...s.progress, [`${p.accountId}:${p.category ?? '*'}`]: p } })),
    ),
  ];
  return () => offs.forEach((off) => off());
}

/**
 * The accounts, or one shared empty list before the first snapshot. A selector that answers a new [] on
 * each call makes zustand see a changed store on every render and React stops with "Maximum update depth
 * exceeded" (it did: Settings opened by a reload, before the snapshot came).
 */
const NO_ACCOUNTS: AccountView[] = [];
export const selectAccounts = (s: { snapshot: { accounts: AccountView[] } | null }): AccountView[] =>
  s.snapshot?.accounts ?? NO_ACCOUNTS;
