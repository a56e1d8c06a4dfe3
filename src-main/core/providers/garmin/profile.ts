import type { GarminEndpoints } from '../definition';
import { recordedFetch } from '../../access-log/recorded-fetch';

// Who a Garmin token belongs to. The numeric profile id is stable across
// sessions and API keys: it is how a new sign-in finds the account it restores.
// The display name is part of several data paths.

export interface GarminProfile {
  profileId: string;
  displayName: string;
  userName: string | null;
  /** The person's name as entered in Garmin Connect, when the profile has one. */
  fullName: string | null;
}

export class ProfileFetchError extends Error {
  constructor(
    readonly status: number | null,
    detail: string,
  ) {
    super(`Garmin profile: ${detail}`);
    this.name = 'ProfileFetchError';
  }
}

export async function fetchProfile(
  endpoints: GarminEndpoints,
  accessToken: string,
  fetchImpl: typeof fetch = recordedFetch,
  signal?: AbortSignal,
): Promise<GarminProfile> {
  let res: Response;
  try {
    res = await fetchImpl(`${endpoints.apiBaseUrl.replace(/\/+$/, '')}/userprofile-service/socialProfile`, {
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
      signal: signal ?? AbortSignal.timeout(30_000),
    });
  } catch (err) {
    throw new ProfileFetchError(null, `unreachable (${(err as Error).name})`);
  }
  if (!res.ok) throw new ProfileFetchError(res.status, `answered ${res.status}`);
  const body = (await res.json().catch(() => null)) as Record<string, unknown> | null;
  const id = body?.profileId ?? body?.id;
  const displayName = body?.displayName;
  if ((typeof id !== 'number' && typeof id !== 'string') || typeof displayName !== 'string') {
    throw new ProfileFetchError(res.status, 'answer lacks profileId/displayName');
  }
  return {
    profileId: String(id),
    displayName,
    userName: typeof body?.userName === 'string' ? body.userName : null,
    fullName: typeof body?.fullName === 'string' ? body.fullName : null,
  };
}
