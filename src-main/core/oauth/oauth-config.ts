import type { OAuthProviderDefinition } from '../providers/definition';
import { resolveClient, type CredentialSources, type ResolvedClient } from '../providers/client-credentials';
import { resolveOAuthDefinition } from '../providers/overrides';
import { OmnioError } from '../errors';
import { PROVIDERS } from '../../../src-shared/providers';
import { PROVIDER_AUTH } from './provider-auth';
import type { OAuthProvider } from './redirect-parser';
import { describeRedirect, planRedirect, type RedirectPlan } from './redirect-uri';
import { isLoopbackHttp, type TokenClient } from './token-types';

/** Resolves, per provider, the definition (with overrides), the client credentials and the redirect plan. */
export class OAuthConfig {
  constructor(
    private readonly sources: CredentialSources,
    private readonly schemeRegistered: boolean,
    private readonly now: () => Date,
    /** Issue 11: the browser host's origin when it serves loopback redirects itself. */
    private readonly hostedOrigin: () => string | null = () => null,
  ) {}

  definition(id: OAuthProvider): OAuthProviderDefinition {
    return resolveOAuthDefinition(id, this.sources.overrides);
  }

  /** The client credentials, or a NOT_CONFIGURED error saying how to supply them. */
  async client(id: OAuthProvider): Promise<ResolvedClient> {
    const client = await resolveClient(id, this.sources);
    const name = PROVIDERS[id].name;
    if (!client) {
      throw new OmnioError(
        'NOT_CONFIGURED',
        `Omnio has no ${name} app credentials. Register an app with ${name} and enter its client id and secret in Settings (see “Bring your own app”).`,
      );
    }
    if (!client.clientSecret) {
      throw new OmnioError(
        'NOT_CONFIGURED',
        `${name} requires a client secret. Enter your ${name} app’s client secret in Settings.`,
      );
    }
    return client;
  }

  async tokenClient(id: OAuthProvider): Promise<TokenClient> {
    return PROVIDER_AUTH[id].createTokenClient({
      def: this.definition(id),
      client: await this.client(id),
      now: this.now,
    });
  }

  redirectPlan(id: OAuthProvider, client: ResolvedClient | null): RedirectPlan {
    const def = this.definition(id);
    const hosted = this.hostedOrigin();
    // The https-only rule is the real provider's (Withings); a local simulator or sandbox on
    // 127.0.0.1 takes our scheme directly. The browser host keeps the bounce page even then,
    // so demo mode walks through the same page as production (served by the host).
    const requiresHttps =
      def.requiresHttpsRedirect && (hosted !== null || !isLoopbackHttp(def.endpoints.authorizationUrl));
    return planRedirect(id, client?.fixedRedirectUri ?? null, this.schemeRegistered, requiresHttps, hosted);
  }

  /** The redirect URI to register with each provider, for Settings and getAppInfo. */
  async redirectUriToRegister(id: OAuthProvider): Promise<string> {
    let client: ResolvedClient | null = null;
    try {
      client = await resolveClient(id, this.sources);
    } catch {
      client = null;
    }
    return describeRedirect(this.redirectPlan(id, client), id);
  }
}
