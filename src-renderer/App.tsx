import { AppRouter } from './shell/AppRouter';

// Issue 17: the app is its router; the frame (sidebar, notices, offline line) is shell/Shell.tsx.
export function App() {
  return <AppRouter />;
}
