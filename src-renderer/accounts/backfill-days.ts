import { create } from 'zustand';
import { api } from '../bridge';

// Issue 15: how much history a backfill imports (Settings › General), so the
// card's progress bar can say how far along it is. Read once, refreshed when
// Settings saves a new value.

export const useBackfillDays = create<{ days: number | null; set(days: number): void }>((set) => ({
  days: null,
  set: (days) => set({ days }),
}));

let requested = false;
export function loadBackfillDays(): void {
  if (requested) return;
  requested = true;
  void api.getSettings({}).then((r) => {
    if (r.ok) useBackfillDays.getState().set(r.value.backfillDays);
  });
}
