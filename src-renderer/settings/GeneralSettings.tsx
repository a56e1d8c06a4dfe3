import type { SettingsView } from '../../src-shared/ipc/payloads';
import { useBackfillDays } from '../accounts/backfill-days';
import { api } from '../bridge';
import { ChoiceSetting, type Choice } from './ChoiceSetting';

// Issue 15: Settings › General — how often to sync and how much history to
// import, as choices rather than raw number boxes.

const INTERVALS: Choice[] = [
  { value: 15, label: 'Every 15 minutes' },
  { value: 30, label: 'Every 30 minutes' },
  { value: 60, label: 'Every hour' },
  { value: 180, label: 'Every 3 hours' },
  { value: 360, label: 'Every 6 hours' },
  { value: 720, label: 'Every 12 hours' },
  { value: 1440, label: 'Once a day' },
];

const HISTORY: Choice[] = [
  // A first try (the demo) shows data in seconds; Garmin answers one day per request.
  { value: 14, label: 'The last 2 weeks' },
  { value: 30, label: 'The last 30 days' },
  { value: 90, label: 'The last 3 months' },
  { value: 365, label: 'The last year' },
  { value: 730, label: 'The last 2 years' },
  { value: 1825, label: 'The last 5 years' },
  { value: 3650, label: 'Everything (up to 10 years)' },
];

export function GeneralSettings({ settings, onSaved }: { settings: SettingsView; onSaved(s: SettingsView): void }) {
  const save = async (patch: { syncIntervalMinutes?: number; backfillDays?: number }) => {
    const r = await api.updateSettings(patch);
    if (!r.ok) return r.error.message;
    onSaved(r.value);
    useBackfillDays.getState().set(r.value.backfillDays);
    return null;
  };
  return (
    <section className="settings-section" aria-labelledby="settings-general">
      <h3 id="settings-general">General</h3>
      <ChoiceSetting
        label="Sync"
        value={settings.syncIntervalMinutes}
        choices={INTERVALS}
        save={(v) => save({ syncIntervalMinutes: v })}
      />
      <ChoiceSetting
        label="History to import when connecting"
        hint="Applies to accounts you connect from now on."
        value={settings.backfillDays}
        choices={HISTORY}
        save={(v) => save({ backfillDays: v })}
      />
    </section>
  );
}
