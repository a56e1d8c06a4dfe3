// The four sources Omnio can connect, and the data categories each can give.
// Pure data: the main process adds endpoints and scopes (src-main/core/providers),
// the renderer shows names and explanations from here.

export const PROVIDER_IDS = ['oura', 'whoop', 'withings', 'garmin'] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

export const CATEGORY_IDS = [
  'daily_summary',
  'sleep',
  'heart_rate',
  'workouts',
  'recovery',
  'spo2',
  'stress',
  'hrv',
  'body',
  'profile',
] as const;
export type CategoryId = (typeof CATEGORY_IDS)[number];

export const CATEGORY_LABELS: Record<CategoryId, string> = {
  daily_summary: 'Daily summaries',
  sleep: 'Sleep',
  heart_rate: 'Heart rate',
  workouts: 'Workouts',
  recovery: 'Recovery',
  spo2: 'Blood oxygen (SpO2)',
  stress: 'Stress',
  hrv: 'Heart-rate variability',
  body: 'Body measurements',
  profile: 'Profile',
};

export type AuthKind = 'oauth2' | 'garmin-session';

export interface ProviderCatalogEntry {
  id: ProviderId;
  name: string;
  authKind: AuthKind;
  /** Categories this provider can give, in display order. */
  categories: readonly CategoryId[];
  /** One sentence shown on the empty card: what connecting does. */
  connectExplainer: string;
  /** Where the user removes Omnio's access on the provider's side. */
  manageAccessUrl: string;
  /** Whether Omnio can revoke its own grant at the provider. */
  supportsRevocation: boolean;
}

export const PROVIDERS: Record<ProviderId, ProviderCatalogEntry> = {
  oura: {
    id: 'oura',
    name: 'Oura',
    authKind: 'oauth2',
    categories: ['daily_summary', 'sleep', 'heart_rate', 'workouts', 'spo2', 'profile'],
    connectExplainer:
      'Opens Oura’s sign-in page in your browser. You approve which data Omnio may read; Omnio never sees your Oura password.',
    manageAccessUrl: 'https://cloud.ouraring.com/account',
    supportsRevocation: true,
  },
  whoop: {
    id: 'whoop',
    name: 'WHOOP',
    authKind: 'oauth2',
    categories: ['recovery', 'sleep', 'workouts', 'daily_summary', 'body', 'profile'],
    connectExplainer:
      'Opens WHOOP’s sign-in page in your browser. You approve which data Omnio may read; Omnio never sees your WHOOP password.',
    manageAccessUrl: 'https://app.whoop.com/settings',
    supportsRevocation: true,
  },
  withings: {
    id: 'withings',
    name: 'Withings',
    authKind: 'oauth2',
    categories: ['body', 'daily_summary', 'sleep', 'workouts', 'profile'],
    connectExplainer:
      'Opens Withings’ sign-in page in your browser. You approve which data Omnio may read; Omnio never sees your Withings password.',
    manageAccessUrl: 'https://account.withings.com/',
    supportsRevocation: false,
  },
  garmin: {
    id: 'garmin',
    name: 'Garmin',
    authKind: 'garmin-session',
    categories: ['daily_summary', 'sleep', 'heart_rate', 'stress', 'hrv', 'body', 'workouts'],
    connectExplainer:
      'Garmin has no public sign-in for apps like Omnio. You sign in once here; your password is used for that sign-in only and never stored. Or paste a Personal API key.',
    manageAccessUrl: 'https://connect.garmin.com/modern/settings',
    supportsRevocation: false,
  },
};

export function isProviderId(value: unknown): value is ProviderId {
  return typeof value === 'string' && (PROVIDER_IDS as readonly string[]).includes(value);
}
