import type { AccountStatus } from '../../src-shared/accounts';
import { Icon, type IconName } from './Icon';

// Issue 15: the state of an account in a word, an icon and a colour — never
// colour alone. Syncing is blue, not Connected's green; a disconnect the
// person chose is grey, not an alarm.

export type PillTone = 'ok' | 'busy' | 'attention' | 'off' | 'offline';

export interface Pill {
  label: string;
  tone: PillTone;
  icon: IconName;
}

export function pillFor(status: AccountStatus, online: boolean): Pill {
  const live = status === 'connected' || status === 'syncing';
  if (live && !online) return { label: 'Offline', tone: 'offline', icon: 'offline' };
  switch (status) {
    case 'connected':
      return { label: 'Connected', tone: 'ok', icon: 'dot' };
    case 'syncing':
      return { label: 'Syncing', tone: 'busy', icon: 'spinner' };
    case 'connecting':
      return { label: 'Connecting', tone: 'busy', icon: 'spinner' };
    case 'needs_reconnect':
    case 'error':
      return { label: 'Needs attention', tone: 'attention', icon: 'warning' };
    case 'disconnected':
      return { label: 'Disconnected by you', tone: 'off', icon: 'off' };
    case 'not_connected':
      return { label: 'Not connected', tone: 'off', icon: 'off' };
  }
}

export function StatusPill({ pill }: { pill: Pill }) {
  return (
    <span className={`pill pill-${pill.tone}`}>
      <Icon name={pill.icon} />
      {pill.label}
    </span>
  );
}
