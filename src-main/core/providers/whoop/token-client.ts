import { standardTokenClient } from '../../oauth/standard-token-client';
import type { TokenClient, TokenClientConfig } from '../../oauth/token-types';

// WHOOP's token endpoint is standard RFC 6749 with the secret in the form body;
// a refresh must also send `scope=offline` or no new refresh token comes back.
// A refresh kills the old access and refresh tokens: persist before use.
export function createTokenClient(config: TokenClientConfig): TokenClient {
  return standardTokenClient(config, { clientAuth: 'post', refreshParameters: { scope: 'offline' } });
}
