import { personLabel } from '../../../../src-shared/account-label';
import { getJsonWithBearer, idString, labelString } from '../../oauth/identity-fetch';
import type { ProviderIdentity, TokenSet } from '../../oauth/token-types';
import type { OAuthProviderDefinition } from '../definition';

// Oura's user id is the `id` of /v2/usercollection/personal_info; the e-mail
// comes with the `email` scope only (asked for with every connect, to label the account).
export async function fetchIdentity(
  def: OAuthProviderDefinition,
  tokens: TokenSet,
  signal?: AbortSignal,
): Promise<ProviderIdentity> {
  const body = await getJsonWithBearer(
    new URL('/v2/usercollection/personal_info', def.endpoints.apiBaseUrl).toString(),
    tokens.accessToken,
    signal,
  );
  return { userId: idString(body?.id), label: personLabel(labelString(body?.email)) };
}
