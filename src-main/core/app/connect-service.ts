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
import {
  BAD_REQUEST,
  NOT_FOUND,
  NOT_WAITING,
  type LoopbackAnswer,
  type LoopbackRequest,
} from '../oauth/loopback-route';
import type { OAuthConfig } from '../oauth/oauth-config';
import { FLOW_LIFETIME_MS, PendingFlows, type PendingFlow } from '../oauth/pending-flows';
import { DEFAULT_BOUNCE_URI, schemeRedirectUri } from '../oauth/redirect-uri';
import { PROVIDER_AUTH } from '../oauth/provider-auth';
import { parseRedirect, providerMessage, type AuthorizationResponse } from '../oauth/redirect-parser';
import { loadTokens, saveTokens } from '../oauth/token-store';
import { changedOrigin, saveOrigins, type TokenOrigins } from '../auth/token-origins';
import { assertLocalProviders } from './local-providers-only';
import { currentOrigins } from '../oauth/bound-endpoints';
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
  handlers: Pick<Handlers, 'startConnect' | 'cancelConnect' | 'reopenConnect'>;
  handleDeepLink(url: string, source: DeepLinkSource): Promise<void>;
  /**
   * Issue 11: a request to a loopback redirect route served at `origin`
   * (`http://127.0.0.1:<port>`). Answers only GET /oauth/<provider> with the
   * right Host and the state of a flow pending on exactly that URI; anything
   * else gets a plain 404/400 and touches no flow. Never throws.
   */
  answerLoopback(req: LoopbackRequest, origin: string): Promise<LoopbackAnswer>;
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

/** What became of a redirect that reached its flow: for the loopback route's page. */
type Outcome = { ok: true; name: string } | { ok: false; name: string; words: string };

/** How long a Connect waits for its redirect: FLOW_LIFETIME_MS, shorter only in the browser host for QA (docs/qa.md). */
function flowLifetimeMs(ctx: CoreContext): number {
  const asked = Number(ctx.env.OMNIO_QA_CONNECT_LIFETIME_MS);
  return ctx.platform.runtime === 'browser-host' && Number.isInteger(asked) && asked > 0 && asked < FLOW_LIFETIME_MS
    ? asked
    : FLOW_LIFETIME_MS;
}

export function createConnectService(ctx: CoreContext, config: OAuthConfig): ConnectService {
  const log = ctx.log.child('connect');
  const lifetimeMs = flowLifetimeMs(ctx);
  const flows = new PendingFlows((flow) => {
    log.info('connect flow expired', { provider: flow.providerId, flowId: flow.flowId });
    ctx.platform.emit('notice', {
      level: 'info',
      message: `Connecting ${PROVIDERS[flow.providerId].name} timed out. Start again when you are ready.`,
      providerId: flow.providerId,
      action: { kind: 'retry-connect' }, // issue 15
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
    // Issue 13: the browser host refuses real providers unless told otherwise.
    assertLocalProviders(ctx.platform, name, Object.values(def.endpoints));
    const scopes = scopesForCategories(def, wanted);

    for (const old of flows.sameTarget(providerId, accountId ?? null)) flows.cancel(old.flowId);

    const state = newState(def.stateLength);
    const codeVerifier = oauth.generateRandomCodeVerifier();
    redactor.add(codeVerifier);
    const challenge = await oauth.calculatePKCECodeChallenge(codeVerifier);
    const plan = config.redirectPlan(providerId, client);
    // Issue 11: the default bounce page forwards to our scheme; where the OS does not route the scheme
    // to this run (an unpackaged Linux run, say), the answer could never arrive: say so now.
    if (plan.kind === 'fixed' && plan.uri === DEFAULT_BOUNCE_URI(providerId) && !ctx.platform.schemeRegistered) {
      throw new OmnioError(
        'NOT_CONFIGURED',
        `This run of Omnio cannot receive ${name}’s answer: ${name} accepts only its https bounce page, which hands the answer to Omnio’s link scheme, and the system does not send those links to this run. Use an installed Omnio, or register a .desktop entry (see docs/oauth.md).`,
      );
    }
    let redirectUri: string;
    let returnUri: string;
    let release = () => {};
    if (plan.kind === 'loopback') {
      const listener = await startLoopbackListener({
        provider: providerId,
        port: plan.port,
        answer: answerLoopback,
        log,
      }).catch((err: unknown) => {
        throw new OmnioError(
          'INTERNAL',
          `Omnio could not listen for ${name}’s answer on 127.0.0.1 (${(err as Error).message}).`,
        );
      });
      redirectUri = listener.redirectUri;
      returnUri = listener.redirectUri;
      release = listener.close;
    } else if (plan.kind === 'hosted') {
      redirectUri = plan.redirectUri;
      returnUri = plan.returnUri;
    } else {
      redirectUri = plan.uri;
      // A fixed https URI is a bounce page, which forwards to our scheme.
      returnUri = plan.uri.startsWith('https:') ? schemeRedirectUri(providerId) : plan.uri;
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
      returnUri,
      requestedScopes: scopes,
      requestedCategories: wanted,
      clientId: client.clientId,
      authorizationUrl: url.toString(),
      expiresAt: new Date(ctx.now().getTime() + lifetimeMs),
      release,
      origins: currentOrigins(def),
    };
    flows.add(flow);
    log.info('connect flow started', { provider: providerId, flowId: flow.flowId, redirect: plan.kind, scopes });
    ctx.publishAccounts();
    try {
      await ctx.platform.openExternal(url.toString()); // eng-disable OPEN_EXTERNAL_JS_CHECK: the authorization URL built from the provider definition; Platform.openExternal refuses non-https
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

  // Issue 15: the person closed or lost the provider's tab while the flow waits: the same page, same state,
  // opened again by the flow that built it. A flow that has ended cannot be reopened; Connect starts anew.
  const reopenConnect: Handlers['reopenConnect'] = async ({ flowId }) => {
    const flow = flows.byId(flowId);
    if (!flow) {
      throw new OmnioError(
        'NOT_FOUND',
        'This connect request has ended, so its page cannot be opened again. Start connecting again.',
      );
    }
    const name = PROVIDERS[flow.providerId].name;
    log.info('connect page reopened', { provider: flow.providerId, flowId });
    try {
      await ctx.platform.openExternal(flow.authorizationUrl); // eng-disable OPEN_EXTERNAL_JS_CHECK: the authorization URL this flow built from the provider definition; Platform.openExternal refuses non-https
    } catch (err) {
      log.warn('could not open the system browser', { error: err });
      throw new OmnioError('INTERNAL', `Omnio could not open your browser for ${name}.`);
    }
    return { reopened: true };
  };

  async function handleDeepLink(url: string, source: DeepLinkSource): Promise<void> {
    await deliver(url, source);
  }

  async function answerLoopback(req: LoopbackRequest, origin: string): Promise<LoopbackAnswer> {
    try {
      if (req.method !== 'GET') return NOT_FOUND;
      // A DNS-rebinding page could reach the port under another name: only our exact Host.
      if (req.host !== new URL(origin).host) return BAD_REQUEST;
      const target = req.url ?? '';
      const q = target.indexOf('?');
      const path = q < 0 ? target : target.slice(0, q);
      if (!/^\/oauth\/(oura|whoop|withings)$/.test(path)) return NOT_FOUND;
      const parsed = parseRedirect(origin + target);
      if (!parsed.ok || parsed.response.style !== 'loopback') return BAD_REQUEST;
      // Only a flow pending on exactly this URI owns the request; peek, so nothing else is touched.
      const flow = flows.peek(parsed.response.state);
      if (!flow || flow.returnUri !== origin + path) {
        log.warn('loopback request ignored: no flow pending on this route for its state', {
          provider: parsed.response.provider,
        });
        return NOT_WAITING;
      }
      const outcome = await deliver(origin + target, 'loopback');
      if (!outcome) return NOT_WAITING;
      return outcome.ok
        ? {
            status: 200,
            heading: `Omnio is connected to ${outcome.name}`,
            message: 'You can close this tab; Omnio shows the account.',
          }
        : { status: 200, heading: `${outcome.name} was not connected`, message: outcome.words };
    } catch (err) {
      log.error('loopback request failed', { error: err });
      return BAD_REQUEST;
    }
  }

  async function deliver(url: string, source: DeepLinkSource): Promise<Outcome | null> {
    try {
      const parsed = parseRedirect(url);
      if (!parsed.ok) {
        log.warn('deep link ignored', {
          source,
          reason: parsed.reason,
          length: typeof url === 'string' ? url.length : 0,
        });
        return null;
      }
      const response = parsed.response;
      // Synchronous up to here: a link delivered twice at once (open-url and second-instance)
      // reaches `take` twice, and only the first finds the flow.
      const flow = flows.take(response.state);
      if (!flow) {
        log.warn('deep link ignored: no pending flow for this state (unknown, replayed or expired)', {
          source,
          provider: response.provider,
        });
        return null;
      }
      if (flow.providerId !== response.provider || !redirectMatches(flow, response)) {
        // A matching state on the wrong path is a forgery or a mix-up: the flow is spent, tell the user.
        log.warn('deep link ignored: redirect does not match its flow', { source, provider: response.provider });
        const name = PROVIDERS[flow.providerId].name;
        endWithNotice(
          flow,
          'error',
          `Connecting ${name} was stopped: the answer did not match the request. Try again.`,
        );
        return { ok: false, name, words: 'The answer did not match the request. Start again from Omnio.' };
      }
      // Registered only now that its state matched a flow we started: a forged link must not
      // be able to fill the redactor with words of its choosing (which would blank log lines).
      redactor.add(response.code);
      try {
        return await complete(flow, response);
      } catch (err) {
        // The flow is spent (e.g. the vault refused to seal the tokens): say so instead of leaving silence.
        log.error('connect could not be completed', { source, provider: flow.providerId, error: err });
        const name = PROVIDERS[flow.providerId].name;
        endWithNotice(flow, 'error', `Connecting ${name} failed inside Omnio. Try again.`);
        return { ok: false, name, words: `Omnio could not finish connecting ${name}. Try again from Omnio.` };
      }
    } catch (err) {
      log.error('deep link handling failed', { source, error: err });
      return null;
    }
  }

  function redirectMatches(flow: PendingFlow, r: AuthorizationResponse): boolean {
    if (r.style === 'loopback') return flow.returnUri === `http://127.0.0.1:${r.port}/oauth/${r.provider}`;
    // Scheme redirects arrive directly or through the https bounce page: both end at our scheme.
    return true;
  }

  function endWithNotice(flow: PendingFlow, level: 'info' | 'warning' | 'error', message: string): void {
    ctx.platform.emit('notice', {
      level,
      message,
      providerId: flow.providerId,
      action: { kind: 'retry-connect' }, // issue 15: every flow that ends here can be tried again
      ...(flow.accountId ? { accountId: flow.accountId } : {}),
    });
    ctx.publishAccounts();
  }

  // Issue 12: the exchange and the identity look-up are recorded in the access log, under the account
  // they end up connecting; a refusal at the provider is an event of its own.
  function complete(flow: PendingFlow, r: AuthorizationResponse): Promise<Outcome> {
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

  async function completeFlow(flow: PendingFlow, r: AuthorizationResponse): Promise<Outcome> {
    const name = PROVIDERS[flow.providerId].name;
    if (r.error) {
      // The provider's text may be developer text that quotes a secret: masked before anyone sees it.
      const reason = redactor.redact(providerMessage(r.errorDescription, r.error));
      log.info('provider ended the flow', { provider: flow.providerId, error: r.error, reason });
      // Issue 15: our own words for the person; the provider's developer wording goes to the log only.
      const message =
        r.error === 'access_denied'
          ? `${name} did not grant access, so nothing was connected. Try again when you are ready.`
          : `${name} could not finish connecting. Try again in a moment.`;
      endWithNotice(flow, r.error === 'access_denied' ? 'warning' : 'error', message);
      return {
        ok: false,
        name,
        words:
          r.error === 'access_denied'
            ? `You did not allow Omnio to read your ${name} data, so nothing was connected. You can close this tab.`
            : `${name} could not complete the request (${redactor.redact(providerMessage(r.error, 'error'))}). You can close this tab and try again from Omnio.`,
      };
    }
    const def = config.definition(flow.providerId);
    // Issue 13: endpoints moved while the person was on the provider's page: the code and secret stay here.
    const moved = flow.origins ? changedOrigin(flow.origins, currentOrigins(def)) : null;
    if (moved) {
      log.warn('provider endpoint changed during the flow: code not exchanged', {
        provider: flow.providerId,
        role: moved.role,
      });
      endWithNotice(
        flow,
        'error',
        `${name}’s addresses changed while you were signing in (${moved.bound ?? 'none'} → ${moved.current ?? 'none'}), so Omnio did not send the sign-in there. Start again.`,
      );
      return {
        ok: false,
        name,
        words: `${name}’s addresses changed while you were signing in, so Omnio did not use this answer. Start again from Omnio.`,
      };
    }
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
      endWithNotice(flow, 'error', redactor.redact(`${name} did not complete the connection${detail}. Try again.`));
      return {
        ok: false,
        name,
        words: `${name} did not complete the connection. You can close this tab and try again from Omnio.`,
      };
    }
    const identity = await PROVIDER_AUTH[flow.providerId].fetchIdentity(def, tokens).catch((err: unknown) => {
      log.warn('identity lookup failed; the account is kept unlabelled', { provider: flow.providerId, error: err });
      return { userId: tokens.providerUserId, label: null };
    });
    // The provider may grant fewer scopes than asked; when it does not say, assume what was asked.
    const granted = tokens.scopes ?? flow.requestedScopes;
    const account = await storeConnection(flow, tokens, identity.userId, identity.label, granted, currentOrigins(def));
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
    return { ok: true, name };
  }

  /** Same provider user → same account, tokens replaced in place; a different user → a new account. */
  async function storeConnection(
    flow: PendingFlow,
    tokens: TokenSet,
    userId: string | null,
    label: string | null,
    granted: string[],
    origins: TokenOrigins,
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
        // Issue 15: a person's e-mail or name, or no label; never the provider's id for the user.
        label,
        authMethod: 'oauth2',
        // Not usable until its tokens are sealed; flipped to connected right after.
        status: 'not_connected',
        grantedScopes: granted,
      });
    }
    try {
      await saveTokens(ctx.vault, target.id, tokens, 'replace');
      // Issue 13: these tokens may only ever go back to the origins that issued them.
      await saveOrigins(ctx.vault, target.id, origins);
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
    handlers: { startConnect, cancelConnect, reopenConnect },
    handleDeepLink,
    answerLoopback,
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
