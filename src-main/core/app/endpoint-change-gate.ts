import { OmnioError } from '../errors';
import type { Logger } from '../log/logger';
import type { EndpointChangeRequest, Platform } from '../platform';

// Issue 13, item 1: who may change provider endpoints. In development and test
// builds the window may (QA points Omnio at sandboxes and simulators). In a
// release build a compromised renderer, or a person talked into "use this
// proxy", must not be able to do it alone: the main process shows its own
// dialog, outside the renderer, naming the new addresses; only a yes saves.
// Plain-http endpoints are refused outright there (item 3). Restoring the
// built-in addresses needs no confirmation: they are the providers' own.

export async function authorizeEndpointChange(
  platform: Platform,
  providerName: string,
  endpoints: EndpointChangeRequest['endpoints'],
  log: Logger,
): Promise<void> {
  if (!platform.releaseBuild || Object.keys(endpoints).length === 0) return;
  const plain = Object.entries(endpoints).filter(([, url]) => !url.startsWith('https://'));
  if (plain.length) {
    throw new OmnioError(
      'INVALID_ARGUMENT',
      `${providerName} endpoints must use https in this build (${plain.map(([k]) => k).join(', ')}).`,
    );
  }
  const confirmed = platform.confirmEndpointChange
    ? await platform.confirmEndpointChange({ providerName, endpoints })
    : false;
  if (!confirmed) {
    log.warn('endpoint change declined (release build needs a confirmation outside the window)', {
      provider: providerName,
    });
    throw new OmnioError(
      'CONFLICT',
      `The new ${providerName} addresses were not saved: they need your confirmation in Omnio’s own dialog.`,
    );
  }
  log.info('endpoint change confirmed in the main-process dialog', { provider: providerName });
}
