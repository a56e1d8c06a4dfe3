import { useEffect, useState } from 'react';
import type { UpdateStatus } from '../../src-shared/update';
import { api } from '../bridge';

/** The main process's update status, kept current by the updateStatus event (issue 14). */
export function useUpdateStatus(): [UpdateStatus | null, (s: UpdateStatus) => void] {
  const [status, setStatus] = useState<UpdateStatus | null>(null);
  useEffect(() => {
    let live = true;
    const off = api.on('updateStatus', (s) => live && setStatus(s));
    void api.getUpdateStatus({}).then((r) => {
      // An event that arrived first is newer than this answer.
      if (live && r.ok) setStatus((current) => current ?? r.value);
    });
    return () => {
      live = false;
      off();
    };
  }, []);
  return [status, setStatus];
}
