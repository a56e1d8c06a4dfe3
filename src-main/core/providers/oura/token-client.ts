import { standardTokenClient } from '../../oauth/standard-token-client';
import type { TokenClient, TokenClientConfig } from '../../oauth/token-types';

// Oura's token endpoint is standard RFC 6749; it accepts the secret in the form
// body (client_secret_post). Refresh tokens are single-use: the token manager
// persists the new pair before using it.
export function createTokenClient(config: TokenClientConfig): TokenClient {
  return standardTokenClient(config, { clientAuth: 'post' });
}
