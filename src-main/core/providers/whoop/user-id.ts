import { getJsonWithBearer, idString, labelString } from '../../oauth/identity-fetch';
import type { ProviderIdentity, TokenSet } from '../../oauth/token-types';
import type { OAuthProviderDefinition } from '../definition';

// WHOOP's user id is `user_id` of /developer/v2/user/profile/basic (needs read:profile).
export async function fetchIdentity(
  def: OAuthProviderDefinition,
  tokens: TokenSet,
  signal?: AbortSignal,
): Promise<ProviderIdentity> {
  const body = await getJsonWithBearer(
    new URL('/developer/v2/user/profile/basic', def.endpoints.apiBaseUrl).toString(),
    tokens.accessToken,
    signal,
  );
  return { userId: idString(body?.user_id), label: labelString(body?.email) };
}
