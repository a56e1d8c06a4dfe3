import type { ProviderIdentity, TokenSet } from '../../oauth/token-types';
import type { OAuthProviderDefinition } from '../definition';

// Withings returns the user id in the token body (`userid`); there is no
// separate identity call to make and no e-mail to label the account with.
export async function fetchIdentity(_def: OAuthProviderDefinition, tokens: TokenSet): Promise<ProviderIdentity> {
  return { userId: tokens.providerUserId, label: null };
}
