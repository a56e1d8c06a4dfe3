import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { BridgeError } from '../../src-shared/errors';
import { PROVIDERS } from '../../src-shared/providers';
import { Dialog } from '../accounts/Dialog';
import { api } from '../bridge';
import { DialogFooter } from '../accounts/DialogFooter';

// Garmin's two ways in: a one-time sign-in with e-mail and password (plus an
// MFA code when the account has one), or an official Personal API key.
//
// Labels are part of the e2e contract: "Email", "Password", "Verification
// code", "Personal API key"; buttons "Sign in", "Verify", "Connect with key",
// "Cancel". Nothing else may carry those names (tab panels stay unlabelled).
//
// The password and the code never enter React state, a store or anything
// persisted: the inputs are uncontrolled, read once at submit and emptied
// before the request is even answered. The API key is handled the same way.

const GARMIN_SETTINGS_URL = PROVIDERS.garmin.manageAccessUrl;

type Step = { kind: 'credentials' } | { kind: 'mfa'; flowId: string; expiresAt: string };
type Tab = 'password' | 'api-key';

function describe(error: BridgeError): string {
  if (error.code === 'RATE_LIMITED' && error.retryAt) {
    const at = new Date(error.retryAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
    return `${error.message} Try again after ${at}.`;
  }
  return error.message;
}

/** Reads an uncontrolled input and empties it at once. */
function take(ref: React.RefObject<HTMLInputElement | null>): string {
  const el = ref.current;
  if (!el) return '';
  const value = el.value;
  el.value = '';
  return value;
}

export function GarminSignInDialog({ accountId, onClose }: { accountId?: string; onClose(): void }) {
  const [tab, setTab] = useState<Tab>('password');
  const [step, setStep] = useState<Step>({ kind: 'credentials' });
  const [error, setError] = useState<string | null>(null);
  const [blockedUntil, setBlockedUntil] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const email = useRef<HTMLInputElement>(null);
  const password = useRef<HTMLInputElement>(null);
  const code = useRef<HTMLInputElement>(null);
  const apiKey = useRef<HTMLInputElement>(null);
  const keyExpiry = useRef<HTMLInputElement>(null);

  // Sign in stays disabled until the time Garmin gave; the core refuses earlier attempts anyway.
  useEffect(() => {
    if (blockedUntil === null) return;
    const timer = setTimeout(
      () => setBlockedUntil(null),
      Math.min(2 ** 31 - 1, Math.max(0, blockedUntil - Date.now())),
    );
    return () => clearTimeout(timer);
  }, [blockedUntil]);
  const blocked = blockedUntil !== null;

  const fail = (e: BridgeError) => {
    setError(describe(e));
    if (e.code === 'RATE_LIMITED' && e.retryAt) setBlockedUntil(Date.parse(e.retryAt));
  };

  const signIn = async (e: FormEvent) => {
    e.preventDefault();
    const secret = take(password);
    const address = email.current?.value.trim() ?? '';
    if (!address || !secret) {
      setError('Enter your Garmin e-mail and password.');
      return;
    }
    setBusy(true);
    setError(null);
    const r = await api.garminSignIn({ email: address, password: secret, accountId });
    setBusy(false);
    if (!r.ok) return fail(r.error);
    if (r.value.status === 'connected') onClose();
    else setStep({ kind: 'mfa', flowId: r.value.flowId, expiresAt: r.value.expiresAt });
  };

  const verify = async (e: FormEvent) => {
    e.preventDefault();
    if (step.kind !== 'mfa') return;
    const value = take(code).replace(/\s+/g, '');
    if (!/^[0-9]{4,10}$/.test(value)) {
      setError('Enter the verification code Garmin sent you (digits only).');
      return;
    }
    setBusy(true);
    setError(null);
    const r = await api.garminSubmitMfa({ flowId: step.flowId, code: value });
    setBusy(false);
    if (!r.ok) {
      // An expired or exhausted MFA step cannot continue: back to the password step.
      if (r.error.code === 'NOT_FOUND' || r.error.code === 'RATE_LIMITED') setStep({ kind: 'credentials' });
      return fail(r.error);
    }
    if (r.value.status === 'connected') onClose();
  };

  const connectKey = async (e: FormEvent) => {
    e.preventDefault();
    const key = take(apiKey).trim();
    const expires = keyExpiry.current?.value || undefined;
    if (key.length < 8) {
      setError('Paste the Personal API key Garmin Connect showed you.');
      return;
    }
    setBusy(true);
    setError(null);
    const r = await api.garminConnectApiKey({ apiKey: key, accountId, keyExpiresAt: expires });
    setBusy(false);
    if (r.ok) onClose();
    else fail(r.error);
  };

  const switchTab = (next: Tab) => {
    setTab(next);
    setError(null);
  };

  return (
    <Dialog title={accountId ? 'Sign in to Garmin again' : 'Connect Garmin'} onClose={onClose}>
      <div role="tablist" aria-label="How to connect Garmin" className="dialog-actions">
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'password'}
          className={tab === 'password' ? 'primary' : ''}
          onClick={() => switchTab('password')}
        >
          With password
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'api-key'}
          className={tab === 'api-key' ? 'primary' : ''}
          onClick={() => switchTab('api-key')}
        >
          With an API key
        </button>
      </div>

      {tab === 'password' && step.kind === 'credentials' && (
        <form onSubmit={signIn} className="settings-form" role="tabpanel">
          <p>
            Garmin has no sign-in page for apps like Omnio, so you sign in here once. Omnio sends your e-mail and
            password straight to Garmin for this one sign-in and then forgets the password: it is never stored, logged
            or shown again. Omnio keeps only the session Garmin gives back, encrypted. If that session ends, Omnio asks
            you to sign in again — it never signs in by itself.
          </p>
          <label>
            Email
            <input ref={email} type="email" name="email" autoComplete="username" required disabled={busy} />
          </label>
          <label>
            Password
            <input
              ref={password}
              type="password"
              name="password"
              autoComplete="current-password"
              required
              disabled={busy}
            />
          </label>
          <DialogFooter error={error} onCancel={onClose}>
            <button type="submit" className="primary" disabled={busy || blocked}>
              Sign in
            </button>
          </DialogFooter>
        </form>
      )}

      {tab === 'password' && step.kind === 'mfa' && (
        <form onSubmit={verify} className="settings-form" role="tabpanel">
          <p>
            Garmin sent a verification code to you. Enter it below; Omnio passes it to Garmin once and does not keep it.
            This step expires at {new Date(step.expiresAt).toLocaleTimeString(undefined, { timeStyle: 'short' })}.
          </p>
          <label>
            Verification code
            <input
              ref={code}
              type="text"
              name="one-time-code"
              inputMode="numeric"
              pattern="[0-9 ]*"
              autoComplete="one-time-code"
              required
              disabled={busy}
            />
          </label>
          <DialogFooter error={error} onCancel={onClose}>
            <button type="submit" className="primary" disabled={busy}>
              Verify
            </button>
          </DialogFooter>
        </form>
      )}

      {tab === 'api-key' && (
        <form onSubmit={connectKey} className="settings-form" role="tabpanel">
          <p>
            Garmin’s official Personal API: create a key in{' '}
            <a
              href={GARMIN_SETTINGS_URL}
              onClick={(e) => {
                e.preventDefault();
                void api.openHelpLink({ url: GARMIN_SETTINGS_URL });
              }}
            >
              Garmin Connect’s settings
            </a>{' '}
            (it is shown once, and lives 30 to 365 days), then paste it here. Omnio stores the key encrypted and uses it
            to get a fresh access token each day. The card warns you before the key expires.
          </p>
          <label>
            Personal API key
            <input
              ref={apiKey}
              type="password"
              name="garmin-api-key"
              autoComplete="off"
              spellCheck={false}
              required
              disabled={busy}
            />
          </label>
          <label>
            Key expires on (optional, as Garmin showed it)
            <input ref={keyExpiry} type="date" name="garmin-api-key-expiry" disabled={busy} />
          </label>
          <DialogFooter error={error} onCancel={onClose}>
            <button type="submit" className="primary" disabled={busy}>
              Connect with key
            </button>
          </DialogFooter>
        </form>
      )}
    </Dialog>
  );
}
