import { useSyncExternalStore } from 'react';

// The OS theme (the app follows prefers-color-scheme, like app.css): charts draw on a canvas and pick
// their colours from it themselves.
const query = () => window.matchMedia('(prefers-color-scheme: dark)');

export function useColorScheme(): 'light' | 'dark' {
  return useSyncExternalStore(
    (notify) => {
      const q = query();
      q.addEventListener('change', notify);
      return () => q.removeEventListener('change', notify);
    },
    () => (query().matches ? 'dark' : 'light'),
  );
}
