import { useEffect } from 'react';
import { Outlet } from 'react-router';
import { Notices } from '../Notices';
import { UpdateBanner } from '../update/UpdateBanner';
import { connectStoreToBridge, useApp } from '../store/app-store';
import { Sidebar } from './Sidebar';
import './shell.css';

// The window's frame: the sidebar (Data, Sources with each account, Settings)
// and the routed view beside it.
export function Shell() {
  const load = useApp((s) => s.load);
  const online = useApp((s) => s.snapshot?.online ?? true);

  useEffect(() => {
    const off = connectStoreToBridge();
    void load();
    return off;
  }, [load]);

  return (
    <div className="shell">
      <Sidebar />
      <div className="shell-main">
        {!online && (
          <p className="offline" role="status">
            Offline — showing what is stored on this computer. Sync resumes when the network is back.
          </p>
        )}
        <Notices />
        <UpdateBanner />
        <main>
          <Outlet />
        </main>
      </div>
    </div>
  );
}
