import type { ProviderId } from '../../../src-shared/providers';
import type { GarminProviderDefinition, OAuthProviderDefinition, ProviderDefinition } from './definition';
import { garmin } from './garmin/definition';
import { oura } from './oura/definition';
import { whoop } from './whoop/definition';
import { withings } from './withings/definition';

/** The built-in definitions, before OMNIO_PROVIDERS or Settings overrides are applied. */
export const BUILT_IN_PROVIDERS: {
  [K in ProviderId]: K extends 'garmin' ? GarminProviderDefinition : OAuthProviderDefinition;
} = {
  oura,
  whoop,
  withings,
  garmin,
};

export function isOAuth(def: ProviderDefinition): def is OAuthProviderDefinition {
  return def.kind === 'oauth2';
}
