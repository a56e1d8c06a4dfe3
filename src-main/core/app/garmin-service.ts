import type { AccountView } from '../../../src-shared/accounts';
import type { GarminSignInResult } from '../../../src-shared/ipc/payloads';
import type { AccountRow } from '../accounts/account-repo';
import { OmnioError } from '../errors';
import { GarminLoginBlock } from '../garmin/login-block';
import { GarminLoginClient, SSO_SERVICE_URL } from '../garmin/login-client';
import { GarminLoginFailure } from '../garmin/login-errors';
import { toUserError } from '../garmin/login-messages';
import { MFA_MAX_ATTEMPTS, PendingMfaFlows } from '../garmin/pending-mfa';
import type { Handlers } from '../ipc/dispatch';
import { redactor } from '../log/redactor';
import type { GarminEndpoints } from '../providers/definition';
import { DiTokenFailure, exchangeServiceTicket } from '../providers/garmin/di-token';
import { GarminTokenSource } from '../providers/garmin/garmin-token-source';
import { exchangeApiKey, PersonalTokenFailure } from '../providers/garmin/personal-api-key';
import { fetchProfile, ProfileFetchError, type GarminProfile } from '../providers/garmin/profile';
import { personLabel } from '../../../src-shared/account-label';
import { saveOrigins } from '../auth/token-origins';
import { assertLocalProviders } from './local-providers-only';
import { garminOrigins } from '../providers/garmin/bound-origins';
import { API_KEY_FIELD, SESSION_FIELD, writeSession, type GarminSession } from '../providers/garmin/session-tokens';
import type { CoreContext } from './core-context';
import { setAccessAccount, withAccessLog } from '../access-log/recorded-fetch';

// The three Garmin calls of the contract. The password arrives in exactly one
// call (garminSignIn), is copied into a Buffer for the login request and wiped
// when the login ends, whatever the outcome; the IPC argument's field is
// emptied at once and the redactor forgets it again afterwards. No login is
// ever retried on Omnio's own initiative; a 429 or challenge page blocks new
// attempts until the stated time (login-block.ts), across restarts.

export type GarminHandlers = Pick<Handlers, 'garminSignIn' | 'garminSubmitMfa' | 'garminConnectApiKey'>;

/** The parts of the core the Garmin service uses. */
export type GarminContext = Pick<
  CoreContext,
  'accounts' | 'vault' | 'platform' | 'log' | 'now' | 'publishAccounts' | 'accessLog'
>;

export interface GarminServiceOptions {
  ctx: GarminContext;
  endpoints: () => GarminEndpoints;
  /** The account as the renderer sees it (the core's snapshot builder). */
  viewOf(accountId: string): AccountView;
  fetch?: typeof fetch;
}

export interface GarminService {
  handlers: GarminHandlers;
  tokens: GarminTokenSource;
  loginBlock: GarminLoginBlock;
}

export function createGarminService(options: GarminServiceOptions): GarminService {
  const { ctx, endpoints } = options;
  const log = ctx.log.child('garmin');
  const nowMs = () => ctx.now().getTime();
  const loginBlock = new GarminLoginBlock(ctx.platform.settings, ctx.now);
  const client = new GarminLoginClient({ endpoints, now: nowMs, fetch: options.fetch });
  const flows = new PendingMfaFlows(ctx.now);
  const tokens = new GarminTokenSource({
    vault: ctx.vault,
    accounts: ctx.accounts,
    endpoints,
    log,
    now: ctx.now,
    onAccountChanged: () => ctx.publishAccounts(),
    fetch: options.fetch,
    accessLog: ctx.accessLog, // issue 12
  });
  let signingIn = false;

  /** One sign-in at a time: a second click must not become a second login request. */
  async function exclusive<T>(run: () => Promise<T>): Promise<T> {
    if (signingIn) throw new OmnioError('CONFLICT', 'A Garmin sign-in is already in progress.');
    signingIn = true;
    try {
      return await run();
    } finally {
      signingIn = false;
    }
  }

  function targetAccount(accountId: string | undefined): AccountRow | null {
    if (!accountId) return null;
    const account = ctx.accounts.get(accountId);
    if (!account || account.providerId !== 'garmin') {
      throw new OmnioError('NOT_FOUND', 'This Garmin account is no longer in Omnio. Connect Garmin as a new account.');
    }
    return account;
  }

  async function profileFor(accessToken: string): Promise<GarminProfile> {
    try {
      return await fetchProfile(endpoints(), accessToken, options.fetch);
    } catch (err) {
      log.warn('garmin: profile lookup failed', { error: err });
      if (err instanceof ProfileFetchError && err.status === null) {
        throw new OmnioError('OFFLINE', 'Omnio could not reach Garmin. Check your internet connection and try again.');
      }
      throw new OmnioError(
        'PROVIDER_ERROR',
        'Garmin signed you in but would not say which account this is. Try again later.',
      );
    }
  }

  /**
   * Stores the new credentials and marks the account connected. The account is
   * found by Garmin's profile id, so signing in again after needs_reconnect
   * restores the same account with its history instead of creating another.
   */
  async function attach(
    profile: GarminProfile,
    label: string | null,
    authMethod: AccountRow['authMethod'],
    session: GarminSession,
    extra: { apiKey?: string; credentialExpiresAt: string | null },
    requested: AccountRow | null,
  ): Promise<AccountRow> {
    if (requested?.providerUserId && requested.providerUserId !== profile.profileId) {
      throw new OmnioError(
        'CONFLICT',
        'You signed in to a different Garmin account than the one on this card. Sign in with that account, or connect this one separately.',
      );
    }
    let account = requested ?? ctx.accounts.findByProviderUser('garmin', profile.profileId);
    const created = !account;
    account ??= ctx.accounts.create({
      providerId: 'garmin',
      providerUserId: profile.profileId,
      label,
      authMethod,
      status: 'connecting',
      grantedScopes: [],
    });
    setAccessAccount(account.id);
    try {
      // Whatever the account held before (an old session, or a key when switching methods) is replaced.
      ctx.vault.delete(account.id, SESSION_FIELD);
      ctx.vault.delete(account.id, API_KEY_FIELD);
      if (extra.apiKey) await ctx.vault.put(account.id, API_KEY_FIELD, extra.apiKey);
      await writeSession(ctx.vault, account.id, session);
      // Issue 13: these credentials may only ever go back to the origins that issued them.
      await saveOrigins(ctx.vault, account.id, garminOrigins(endpoints(), session.kind));
    } catch (err) {
      if (created) ctx.accounts.delete(account.id);
      throw err;
    }
    const row = ctx.accounts.update(account.id, {
      providerUserId: profile.profileId,
      ...(label ? { label } : {}),
      authMethod,
      status: 'connected',
      statusMessage: null,
      connectedAt: ctx.now().toISOString(),
      credentialExpiresAt: extra.credentialExpiresAt,
    });
    log.info(created ? 'garmin: account connected' : 'garmin: account restored', { accountId: row.id, authMethod });
    ctx.publishAccounts();
    return row;
  }

  /** Step 4 and after: ticket → DI tokens → profile → stored session. */
  async function finishWithTicket(
    ticket: string,
    email: string,
    accountId: string | undefined,
  ): Promise<GarminSignInResult> {
    redactor.add(ticket);
    let t;
    try {
      t = await exchangeServiceTicket(endpoints(), ticket, SSO_SERVICE_URL, nowMs(), options.fetch);
    } catch (err) {
      if (!(err instanceof DiTokenFailure)) throw err;
      log.warn('garmin: ticket exchange failed', { error: err });
      if (err.kind === 'rate_limited') throw loginBlock.block('rate_limited', err.retryAfterMs);
      if (err.kind === 'challenge') throw loginBlock.block('challenge', err.retryAfterMs);
      throw new OmnioError(
        'PROVIDER_ERROR',
        'Garmin accepted the sign-in but did not issue a session. Try again later.',
      );
    } finally {
      redactor.remove(ticket);
    }
    redactor.add(t.accessToken);
    redactor.add(t.refreshToken);
    const profile = await profileFor(t.accessToken);
    const now = nowMs();
    const session: GarminSession = {
      kind: 'session',
      accessToken: t.accessToken,
      accessExpiresAt: new Date(now + t.expiresIn * 1000).toISOString(),
      refreshToken: t.refreshToken,
      refreshExpiresAt: t.refreshExpiresIn ? new Date(now + t.refreshExpiresIn * 1000).toISOString() : null,
      clientId: t.clientId,
    };
    const row = await attach(
      profile,
      // Issue 15: the e-mail the person signed in with, else a name from the profile; never the profile id.
      personLabel(email, profile.userName, profile.fullName, profile.displayName),
      'garmin-session',
      session,
      { credentialExpiresAt: null },
      targetAccount(accountId),
    );
    return { status: 'connected', accountId: row.id };
  }

  const handlers: GarminHandlers = {
    async garminSignIn(input) {
      // Take the password out of the call's argument at once; from here on it is a Buffer we can wipe.
      const typed = input.password;
      const password = Buffer.from(typed, 'utf8');
      (input as { password: string }).password = '';
      redactor.add(typed);
      try {
        loginBlock.assertOpen();
        // Issue 13: the browser host refuses real providers unless told otherwise.
        assertLocalProviders(ctx.platform, 'Garmin', Object.values(endpoints()));
        targetAccount(input.accountId);
        return await exclusive(async () => {
          let step;
          try {
            step = await client.signIn(input.email, password);
          } catch (err) {
            if (err instanceof GarminLoginFailure) {
              log.warn('garmin: sign-in failed', { kind: err.kind, detail: err.detail });
              throw toUserError(err, loginBlock);
            }
            throw err;
          } finally {
            password.fill(0);
          }
          if (step.kind === 'mfa') {
            const flow = flows.add({
              jar: step.jar,
              mfaMethod: step.mfaMethod,
              email: input.email,
              accountId: input.accountId,
            });
            log.info('garmin: waiting for the verification code', { method: step.mfaMethod });
            return { status: 'mfa_required', flowId: flow.flowId, expiresAt: flow.expiresAt.toISOString() };
          }
          return finishWithTicket(step.ticket, input.email, input.accountId);
        });
      } finally {
        password.fill(0);
        redactor.remove(typed);
      }
    },

    async garminSubmitMfa(input) {
      const code = input.code;
      (input as { code: string }).code = '';
      redactor.add(code);
      try {
        const flow = flows.get(input.flowId);
        if (!flow) {
          throw new OmnioError(
            'NOT_FOUND',
            'This verification step has expired or was already used. Sign in again to get a new code.',
          );
        }
        try {
          loginBlock.assertOpen();
        } catch (err) {
          flows.drop(flow.flowId);
          throw err;
        }
        return await exclusive(async () => {
          let step;
          try {
            step = await client.submitMfa(flow.jar, code, flow.mfaMethod);
          } catch (err) {
            if (!(err instanceof GarminLoginFailure)) {
              flows.drop(flow.flowId);
              throw err;
            }
            log.warn('garmin: verification failed', { kind: err.kind, detail: err.detail });
            flow.attempts += 1;
            const userError = toUserError(err, loginBlock);
            if (err.kind !== 'mfa_failed' || flow.attempts >= MFA_MAX_ATTEMPTS) {
              flows.drop(flow.flowId);
              if (err.kind === 'mfa_failed') {
                throw new OmnioError(
                  'NOT_FOUND',
                  'Garmin did not accept the verification codes. Sign in again to get a new code.',
                );
              }
            }
            throw userError;
          }
          flows.drop(flow.flowId);
          if (step.kind !== 'ticket')
            throw new OmnioError('PROVIDER_ERROR', 'Garmin asked for another verification step.');
          return finishWithTicket(step.ticket, flow.email, flow.accountId);
        });
      } finally {
        redactor.remove(code);
      }
    },

    async garminConnectApiKey(input) {
      const apiKey = input.apiKey.trim();
      redactor.add(apiKey);
      assertLocalProviders(ctx.platform, 'Garmin', Object.values(endpoints()));
      const requested = targetAccount(input.accountId);
      let t;
      try {
        t = await exchangeApiKey(endpoints(), apiKey, nowMs(), options.fetch);
      } catch (err) {
        if (!(err instanceof PersonalTokenFailure)) throw err;
        log.warn('garmin: personal API key exchange failed', { kind: err.kind, error: err });
        if (err.kind === 'rejected') {
          throw new OmnioError(
            'AUTH_FAILED',
            'Garmin did not accept this API key. It may be mistyped, deleted or expired: create a new key in Garmin Connect and paste it here.',
          );
        }
        if (err.kind === 'rate_limited') {
          const wait = err.retryAfterMs ?? 15 * 60 * 1000;
          throw new OmnioError('RATE_LIMITED', 'Garmin’s Personal API is limiting requests.', new Date(nowMs() + wait));
        }
        throw new OmnioError(
          'OFFLINE',
          'Omnio could not reach Garmin’s Personal API. Check your internet connection and try again.',
        );
      }
      redactor.add(t.accessToken);
      const profile = await profileFor(t.accessToken);
      const userExpiry = input.keyExpiresAt ? new Date(`${input.keyExpiresAt}T23:59:59Z`).toISOString() : null;
      const session: GarminSession = {
        kind: 'api-key',
        accessToken: t.accessToken,
        accessExpiresAt: new Date(nowMs() + t.expiresIn * 1000).toISOString(),
      };
      const row = await attach(
        profile,
        personLabel(profile.userName, profile.fullName, profile.displayName),
        'garmin-api-key',
        session,
        { apiKey, credentialExpiresAt: t.keyExpiresAt ?? userExpiry },
        requested,
      );
      return options.viewOf(row.id);
    },
  };

  // Issue 12: every request of a sign-in, a verification or a key exchange goes into the access log,
  // under the account it ends up connecting.
  const recorded = (action: 'garmin_sign_in' | 'personal_api_key', accountId: string | undefined) => ({
    recorder: ctx.accessLog,
    providerId: 'garmin' as const,
    accountId: accountId ?? null,
    action,
  });
  const loggedHandlers: GarminHandlers = {
    garminSignIn: (input) =>
      withAccessLog(recorded('garmin_sign_in', input.accountId), () => handlers.garminSignIn(input)),
    garminSubmitMfa: (input) =>
      withAccessLog(recorded('garmin_sign_in', flows.get(input.flowId)?.accountId), () =>
        handlers.garminSubmitMfa(input),
      ),
    garminConnectApiKey: (input) =>
      withAccessLog(recorded('personal_api_key', input.accountId), () => handlers.garminConnectApiKey(input)),
  };

  return { handlers: loggedHandlers, tokens, loginBlock };
}
