import * as oura from '../providers/oura/token-client';
import * as ouraId from '../providers/oura/user-id';
import * as whoop from '../providers/whoop/token-client';
import * as whoopId from '../providers/whoop/user-id';
import * as withings from '../providers/withings/token-client';
import * as withingsId from '../providers/withings/user-id';
import type { ProviderAuth } from './token-types';
import type { OAuthProvider } from './redirect-parser';

/** Each provider folder's token client and identity lookup, by provider id. */
export const PROVIDER_AUTH: Record<OAuthProvider, ProviderAuth> = {
  oura: { createTokenClient: oura.createTokenClient, fetchIdentity: ouraId.fetchIdentity },
  whoop: { createTokenClient: whoop.createTokenClient, fetchIdentity: whoopId.fetchIdentity },
  withings: { createTokenClient: withings.createTokenClient, fetchIdentity: withingsId.fetchIdentity },
};
