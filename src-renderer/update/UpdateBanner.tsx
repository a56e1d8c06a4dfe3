import { useState } from 'react';
import { api } from '../bridge';
import { useUpdateStatus } from './use-update-status';
import { UpdateBannerView } from './UpdateBannerView';
import './update.css';

// A quiet banner (issue 14): a download in progress, then "Omnio X is ready"
// with its release notes and "Restart to update". Nothing installs until the
// person clicks. Runtimes that do not update themselves (the browser host, an
// unpackaged app) show nothing at all.

export function UpdateBanner() {
  const [status] = useUpdateStatus();
  const [restarting, setRestarting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const restart = async () => {
    setRestarting(true);
    setError(null);
    const r = await api.installUpdate({});
    if (!r.ok) {
      setRestarting(false);
      setError(r.error.message);
    }
  };
  return <UpdateBannerView status={status} onRestart={() => void restart()} restarting={restarting} error={error} />;
}
