import { createHashRouter, Navigate, RouterProvider } from 'react-router';
import { AccountsScreen } from '../accounts/AccountsScreen';
import { SettingsScreen } from '../settings/SettingsScreen';
import { DataHome } from '../data/DataHome';
import { DayDetailPage } from '../data/DayDetailPage';
import { MetricPage } from '../data/MetricPage';
import { Shell } from './Shell';

// The app's routes (issue 17). A hash router: it needs no server, so it works
// the same under Electron's app:// protocol and the browser host, every view
// has a link (#/data/heart-rate?range=year), and the back button goes back.
// Sources stays the landing view: the accounts loop is where a person starts.
const router = createHashRouter([
  {
    path: '/',
    element: <Shell />,
    children: [
      { index: true, element: <Navigate to="/sources" replace /> },
      { path: 'sources', element: <AccountsScreen /> },
      { path: 'sources/:accountId', element: <AccountsScreen /> },
      { path: 'settings', element: <SettingsScreen /> },
      { path: 'data', element: <DataHome /> },
      { path: 'data/day/:date', element: <DayDetailPage /> },
      { path: 'data/:view', element: <MetricPage /> },
      { path: '*', element: <Navigate to="/sources" replace /> },
    ],
  },
]);

export function AppRouter() {
  // Navigations render at once, not as React transitions: a range button or key is a navigation (the range
  // lives in the URL), and as a transition its render yielded to the browser between slices, so the chart's
  // request left later (issue 17's benchmark). No route here suspends, so nothing needs a transition.
  return <RouterProvider router={router} useTransitions={false} />;
}
