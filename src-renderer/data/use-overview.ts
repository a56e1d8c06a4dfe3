import { useEffect, useState } from 'react';
import type { DataOverview } from '../../src-shared/data/columns';
import { api } from '../bridge';
import { useApp } from '../store/app-store';

/** What the store holds per account; asked again whenever the accounts change (a sync wrote more). */
export function useOverview(): { overview: DataOverview | null; error: string | null } {
  const snapshot = useApp((s) => s.snapshot);
  const [state, setState] = useState<{ overview: DataOverview | null; error: string | null }>({
    overview: null,
    error: null,
  });
  useEffect(() => {
    let live = true;
    void api.getDataOverview({}).then((r) => {
      if (!live) return;
      setState(r.ok ? { overview: r.value, error: null } : { overview: null, error: r.error.message });
    });
    return () => {
      live = false;
    };
  }, [snapshot]);
  return state;
}
