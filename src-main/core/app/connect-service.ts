import { randomUUID } from 'node:crypto';
import * as oauth from 'oauth4webapi';
import type { AccountsSnapshot } from '../../../src-shared/accounts';
import type { ConnectStarted } from '../../../src-shared/ipc/payloads';
import { PROVIDERS, type CategoryId, CATEGORY_LABELS } from '../../../src-shared/providers';
import type { AccountRow } from '../accounts/account-repo';
import { OmnioError } from '../errors';
import type { Handlers } from '../ipc/dispatch';
import { redactor } from '../log/redactor';
import { categoriesForScopes, scopesForCategories } from '../providers/definition';
import { startLoopbackListener } from '../oauth/loopback-listener';
import type { OAuthConfig } from '../oauth/oauth-config';
import { FLOW_LIFETIME_MS, PendingFlows, type PendingFlow } from '../oauth/pending-flows';
import { PROVIDER_AUTH } from '../oauth/provider-auth';
import { parseRedirect, providerMessage, type AuthorizationResponse } from '../oauth/redirect-parser';
import { loadTokens, saveTokens } from '../oauth/token-store';
import { TokenEndpointError, type TokenSet } from '../oauth/token-types';
import type { CoreContext } from './core-context';
import type { DeepLinkSource } from './deep-link-source';
import { recordAccessEvent, setAccessAccount, withAccessLog } from '../access-log/recorded-fetch';

// Connect over OAuth 2 (docs/oauth.md): startConnect opens the provider's page
// in the system browser; every redirect, from every route, reaches
// handleDeepLink, which parses strictly, matches the pending flow by its
// one-time state, completes it exactly once, and ignores everything else with
// a log line. It never throws: a bad URL must not take the app down.

export interface ConnectService {
  handlers: Pick<Handlers, 'startConnect' | 'cancelConnect'>;
  handleDeepLink(url: string, source: DeepLinkSource): Promise<void>;
  /** Pending flows for the snapshot, and the `connecting` overlay on reconnecting accounts. */
  decorate(snapshot: AccountsSnapshot): AccountsSnapshot;
  /** At startup: accounts whose secrets cannot be read go to needs_reconnect, with the reason. */
  reconcileVault(): Promise<void>;
  close(): void;
}

/**
 * A one-time state: 43 base64url characters (256 bits). WHOOP demands exactly 8,
 * so there it is the first 8 of them (48 bits) — still single-use and alive for 10 minutes.
 */
const newState = (length: number | null): string =>
  length === 8 ? oauth.generateRandomState().slice(0, 8) : oauth.generateRandomState();

export function createConnectService(ctx: CoreContext, config: OAuthConfig): ConnectService {
  const log = ctx.log.child('connect');
  const flows = new PendingFlows((flow) => {
    log.info('connect flow expired', { provider: flow.providerId, flowId: flow.flowId });
    ctx.platform.emit('notice', {
      level: 'info',
      message: `Connecting ${PROVIDERS[flow.providerId].name} timed out. Start again when you are ready.`,
      providerId: flow.providerId,
      ...(flow.accountId ? { accountId: flow.accountId } : {}),
    });
    ctx.publishAccounts();
  }, ctx.now);

  const startConnect: Handlers['startConnect'] = async ({ providerId, accountId, categories }) => {
    const name = PROVIDERS[providerId].name;
    const def = config.definition(providerId);
    if (accountId) {
      const account = ctx.accounts.get(accountId);
      if (!account || account.providerId !== providerId)
        throw new OmnioError('NOT_FOUND', `This ${name} account does not exist.`);
    }
    const offered = PROVIDERS[providerId].categories;
    const wanted: CategoryId[] = categories?.length ? categories.filter((c) => offered.includes(c)) : [...offered];
    if (wanted.length === 0) throw new OmnioError('INVALID_ARGUMENT', `${name} offers none of the chosen categories.`);
    const client = await config.client(providerId);
    const scopes = scopesForCategories(def, wanted);

    for (const old of flows.sameTarget(providerId, accountId ?? null)) flows.cancel(old.flowId);

    const state = newState(def.stateLength);
    const codeVerifier = oauth.generateRandomCodeVerifier();
    redactor.add(codeVerifier);
    const challenge = await oauth.calculatePKCECodeChallenge(codeVerifier);
    const plan = config.redirectPlan(providerId, client);
    let redirectUri: string;
    let release = () => {};
    if (plan.kind === 'loopback') {
      const listener = await startLoopbackListener({
        provider: providerId,
        port: plan.port,
        onRedirect: (url) => handleDeepLink(url, 'loopback'),
        log,
      }).catch((err: unknown) => {
        throw new OmnioError(
          'INTERNAL',
          `Omnio could not listen for ${name}’s answer on 127.0.0.1 (${(err as Error).message}).`,
        );
      });
      redirectUri = listener.redirectUri;
      release = listener.close;
    } else {
      redirectUri = plan.uri;
    }

    const url = new URL(def.endpoints.authorizationUrl);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', client.clientId);
    url.searchParams.set('redirect_uri', redirectUri);
    url.searchParams.set('scope', scopes.join(def.scopeSeparator));
    url.searchParams.set('state', state);
    url.searchParams.set('code_challenge', challenge);
    url.searchParams.set('code_challenge_method', 'S256');

    const flow: PendingFlow = {
      flowId: randomUUID().replaceAll('-', ''),
      providerId,
      accountId: accountId ?? null,
      state,
      codeVerifier,
      redirectUri,
      requestedScopes: scopes,
      requestedCategories: wanted,
      clientId: client.clientId,
      expiresAt: new Date(ctx.now().getTime() + FLOW_LIFETIME_MS),
      release,
    };
    flows.add(flow);
    log.info('connect flow started', { provider: providerId, flowId: flow.flowId, redirect: plan.kind, scopes });
    ctx.publishAccounts();
    try {
      await ctx.platform.openExternal(url.toString());
    } catch (err) {
      flows.cancel(flow.flowId);
      ctx.publishAccounts();
      log.warn('could not open the system browser', { error: err });
      throw new OmnioError('INTERNAL', `Omnio could not open your browser for ${name}.`);
    }
    const started: ConnectStarted = {
      flowId: flow.flowId,
      providerId,
      authorizationUrl: url.toString(),
      expiresAt: flow.expiresAt.toISOString(),
      requestedCategories: wanted,
    };
    return started;
  };

  const cancelConnect: Handlers['cancelConnect'] = async ({ flowId }) => {
    const flow = flows.cancel(flowId);
    if (flow) {
      log.info('connect flow cancelled', { provider: flow.providerId, flowId });
      ctx.publishAccounts();
    }
    return { cancelled: flow !== null };
  };

  async function handleDeepLink(url: string, source: DeepLinkSource): Promise<void> {
    try {
      const parsed = parseRedirect(url);
      if (!parsed.ok) {
        log.warn('deep link ignored', {
          source,
          reason: parsed.reason,
          length: typeof url === 'string' ? url.length : 0,
        });
        return;
      }
      const response = parsed.response;
      redactor.add(response.code);
      // Synchronous up to here: a link delivered twice at once (open-url and second-instance)
      // reaches `take` twice, and only the first finds the flow.
      const flow = flows.take(response.state);
      if (!flow) {
        log.warn('deep link ignored: no pending flow for this state (unknown, replayed or expired)', {
          source,
          provider: response.provider,
        });
        return;
      }
      if (flow.providerId !== response.provider || !redirectMatches(flow, response)) {
        // A matching state on the wrong path is a forgery or a mix-up: the flow is spent, tell the user.
        log.warn('deep link ignored: redirect does not match its flow', { source, provider: response.provider });
        endWithNotice(
          flow,
          'error',
          `Connecting ${PROVIDERS[flow.providerId].name} was stopped: the answer did not match the request. Try again.`,
        );
        return;
      }
      await complete(flow, response);
    } catch (err) {
      log.error('deep link handling failed', { source, error: err });
    }
  }

  function redirectMatches(flow: PendingFlow, r: AuthorizationResponse): boolean {
    if (r.style === 'loopback') return flow.redirectUri === `http://127.0.0.1:${r.port}/oauth/${r.provider}`;
    // Scheme redirects arrive directly or through the https bounce page: both end at our scheme.
    return true;
  }

  function endWithNotice(flow: PendingFlow, level: 'info' | 'warning' | 'error', message: string): void {
    ctx.platform.emit('notice', {
      level,
      message,
      providerId: flow.providerId,
      ...(flow.accountId ? { accountId: flow.accountId } : {}),
    });
    ctx.publishAccounts();
  }

  // Issue 12: the exchange and the identity look-up are recorded in the access log, under the account
  // they end up connecting; a refusal at the provider is an event of its own.
  function complete(flow: PendingFlow, r: AuthorizationResponse): Promise<void> {
    const scope = { recorder: ctx.accessLog, providerId: flow.providerId, accountId: flow.accountId ?? null };
    if (r.error) {
      recordAccessEvent(ctx.accessLog, {
        ...scope,
        action: 'connect',
        outcome: `refused: ${r.error.slice(0, 40)}`,
        at: ctx.now().getTime(),
      });
      return completeFlow(flow, r);
    }
    return withAccessLog({ ...scope, action: 'connect' }, () => completeFlow(flow, r));
  }

  async function completeFlow(flow: PendingFlow, r: AuthorizationResponse): Promise<void> {
    const name = PROVIDERS[flow.providerId].name;
    if (r.error) {
      const reason = providerMessage(r.errorDescription, r.error);
      log.info('provider ended the flow', { provider: flow.providerId, error: r.error });
      const message =
        r.error === 'access_denied'
          ? `${name} did not grant access: ${reason}`
          : `${name} reported a problem: ${reason}`;
      endWithNotice(flow, r.error === 'access_denied' ? 'warning' : 'error', message);
      return;
    }
    const def = config.definition(flow.providerId);
    let tokens: TokenSet;
    try {
      const client = await config.tokenClient(flow.providerId);
      tokens = await client.exchangeCode({
        code: r.code!,
        redirectUri: flow.redirectUri,
        codeVerifier: flow.codeVerifier,
        callbackParams: r.params,
        state: flow.state,
      });
    } catch (err) {
      log.warn('code exchange failed', { provider: flow.providerId, error: err });
      const detail =
        err instanceof TokenEndpointError && err.providerMessage
          ? `: ${err.providerMessage}`
          : err instanceof TokenEndpointError && err.kind === 'transient'
            ? ' (it could not be reached)'
            : '';
      endWithNotice(flow, 'error', `${name} did not complete the connection${detail}. Try again.`);
      return;
    }
    const identity = await PROVIDER_AUTH[flow.providerId].fetchIdentity(def, tokens).catch((err: unknown) => {
      log.warn('identity lookup failed; the account is kept unlabelled', { provider: flow.providerId, error: err });
      return { userId: tokens.providerUserId, label: null };
    });
    // The provider may grant fewer scopes than asked; when it does not say, assume what was asked.
    const granted = tokens.scopes ?? flow.requestedScopes;
    const account = await storeConnection(flow, tokens, identity.userId, identity.label, granted);
    setAccessAccount(account.id);
    const missing = PROVIDERS[flow.providerId].categories.filter((c) => !categoriesForScopes(def, granted).includes(c));
    log.info('connected', { provider: flow.providerId, accountId: account.id, granted, missing });
    ctx.publishAccounts();
    ctx.platform.focus();
    const wantedMissing = missing.filter((c) => flow.requestedCategories.includes(c));
    ctx.platform.emit('notice', {
      level: wantedMissing.length ? 'warning' : 'info',
      message: wantedMissing.length
        ? `Connected to ${name}, but without access to: ${wantedMissing.map((c) => CATEGORY_LABELS[c]).join(', ')}. Reconnect to grant more.`
        : `Connected to ${name}.`,
      providerId: flow.providerId,
      accountId: account.id,
    });
  }

  /** Same provider user → same account, tokens replaced in place; a different user → a new account. */
  async function storeConnection(
    flow: PendingFlow,
    tokens: TokenSet,
    userId: string | null,
    label: string | null,
    granted: string[],
  ): Promise<AccountRow> {
    let target: AccountRow | null = userId ? ctx.accounts.findByProviderUser(flow.providerId, userId) : null;
    if (!target && flow.accountId) {
      const reconnecting = ctx.accounts.get(flow.accountId);
      if (reconnecting && (reconnecting.providerUserId === null || userId === null)) target = reconnecting;
    }
    let created = false;
    if (!target) {
      created = true;
      target = ctx.accounts.create({
        providerId: flow.providerId,
        providerUserId: userId,
        label: label ?? (userId ? `${PROVIDERS[flow.providerId].name} user ${userId}` : null),
        authMethod: 'oauth2',
        // Not usable until its tokens are sealed; flipped to connected right after.
        status: 'not_connected',
        grantedScopes: granted,
      });
    }
    try {
      await saveTokens(ctx.vault, target.id, tokens, 'replace');
    } catch (err) {
      // Never leave a half-made account behind; an existing one keeps its status.
      if (created) {
        ctx.vault.delete(target.id);
        ctx.accounts.delete(target.id);
      }
      throw err;
    }
    return ctx.accounts.update(target.id, {
      status: 'connected',
      statusMessage: null,
      grantedScopes: granted,
      connectedAt: ctx.now().toISOString(),
      ...(userId ? { providerUserId: userId } : {}),
      ...(label ? { label } : {}),
    });
  }

  async function reconcileVault(): Promise<void> {
    const unreadable = new Set(ctx.vault.ownersWithUnreadableSecrets());
    for (const account of ctx.accounts.list()) {
      if (
        account.status === 'disconnected' ||
        account.status === 'not_connected' ||
        account.status === 'needs_reconnect'
      )
        continue;
      const name = PROVIDERS[account.providerId].name;
      if (unreadable.has(account.id)) {
        const why = ctx.vault.unreadableReason ?? 'the stored credentials cannot be decrypted';
        ctx.accounts.update(account.id, { status: 'needs_reconnect', statusMessage: `Reconnect ${name}: ${why}.` });
        log.warn('account needs reconnect: secrets unreadable', { accountId: account.id });
        continue;
      }
      if (account.authMethod === 'oauth2') {
        const tokens = await loadTokens(ctx.vault, account.id).catch(() => null);
        if (!tokens) {
          ctx.accounts.update(account.id, {
            status: 'needs_reconnect',
            statusMessage: ctx.vault.unreadableReason
              ? `Reconnect ${name}: ${ctx.vault.unreadableReason}.`
              : `Reconnect ${name}: its access was kept in memory for one session only.`,
          });
        }
      }
    }
  }

  return {
    handlers: { startConnect, cancelConnect },
    handleDeepLink,
    decorate(snapshot) {
      const reconnecting = new Set(
        flows
          .list()
          .map((f) => f.accountId)
          .filter(Boolean),
      );
      return {
        ...snapshot,
        accounts: snapshot.accounts.map((a) => (reconnecting.has(a.id) ? { ...a, status: 'connecting' } : a)),
        pending: flows.views(),
      };
    },
    reconcileVault,
    close: () => flows.clear(),
  };
}
