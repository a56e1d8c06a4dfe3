import { fullName, personLabel } from '../../../../src-shared/account-label';
import { getJsonWithBearer, idString, labelString } from '../../oauth/identity-fetch';
import type { ProviderIdentity, TokenSet } from '../../oauth/token-types';
import type { OAuthProviderDefinition } from '../definition';

// WHOOP's user id is `user_id` of /developer/v2/user/profile/basic (needs read:profile); the label is
// the e-mail, else the first and last name there.
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
  return {
    userId: idString(body?.user_id),
    label: personLabel(labelString(body?.email), fullName(body?.first_name, body?.last_name)),
  };
}
