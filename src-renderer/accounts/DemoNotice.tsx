import { useApp } from '../store/app-store';

/**
 * Issue 11: in demo mode (`--demo`, or `npm start` without the Electron
 * runtime) say so in one line, so nobody mistakes the simulators for their
 * real accounts. The sign-in details are on each simulator's own page.
 */
export function DemoNotice() {
  const demo = useApp((s) => s.appInfo?.demo ?? false);
  if (!demo) return null;
  return (
    <p className="banner demo-notice" role="note">
      Demo mode: providers are local simulators. Their sign-in pages show the demo email and password.
    </p>
  );
}
