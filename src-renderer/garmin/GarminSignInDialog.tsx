import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import type { BridgeError } from '../../src-shared/errors';
import { PROVIDERS } from '../../src-shared/providers';
import { Dialog } from '../accounts/Dialog';
import { api } from '../bridge';
import { BusyButton } from '../accounts/BusyButton';
import { DialogFooter } from '../accounts/DialogFooter';
import { Icon } from '../accounts/Icon';

// Garmin's two ways in: a one-time sign-in with e-mail and password (plus an
// MFA code when the account has one), or an official Personal API key.
//
// Labels are part of the e2e contract: "Email", "Password", "Verification
// code", "Personal API key"; buttons "Sign in", "Verify", "Connect with key",
// "Cancel". Nothing else may carry those names: the tab panels are named by
// their tabs, whose names share no words with them.
//
// The password and the code never enter React state, a store or anything
// persisted: the inputs are uncontrolled, read once at submit and emptied
// before the request is even answered. The API key is handled the same way.
//
// Issue 15: focus is never lost. Fields are readOnly (not disabled) while a
// request runs and buttons aria-disabled with a busy label; an error moves
// focus to the field it is about (aria-invalid, aria-describedby); the MFA
// step puts focus in the code field. The tabs are react-aria's (roving
// tabindex, arrow keys).

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

/** Which field an error is about, so focus can go there. */
type Field = 'email' | 'password' | 'code' | 'apiKey';

export function GarminSignInDialog({
  accountId,
  onClose,
  initialTab = 'password',
}: {
  accountId?: string;
  onClose(): void;
  initialTab?: Tab;
}) {
  const [tab, setTab] = useState<Tab>(initialTab);
  const [errorField, setErrorField] = useState<Field | null>(null);
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

  const refs: Record<Field, React.RefObject<HTMLInputElement | null>> = { email, password, code, apiKey };
  const fail = (e: BridgeError, field: Field) => {
    setError(describe(e));
    setErrorField(field);
    if (e.code === 'RATE_LIMITED' && e.retryAt) setBlockedUntil(Date.parse(e.retryAt));
  };
  const invalid = (message: string, field: Field) => {
    setError(message);
    setErrorField(field);
  };
  // After the error is on screen, focus the field it is about (it says why through aria-describedby).
  useEffect(() => {
    if (error && errorField) refs[errorField].current?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- refs are stable; run when a new error arrives
  }, [error, errorField]);
  // The MFA step: focus goes straight to the code field.
  useEffect(() => {
    if (step.kind === 'mfa') code.current?.focus();
  }, [step]);
  const fieldProps = (field: Field) =>
    errorField === field && error ? { 'aria-invalid': true, 'aria-describedby': 'garmin-error' } : {};

  const signIn = async (e: FormEvent) => {
    e.preventDefault();
    const secret = take(password);
    const address = email.current?.value.trim() ?? '';
    if (busy || blocked) return;
    if (!address || !secret) {
      invalid('Enter your Garmin e-mail and password.', address ? 'password' : 'email');
      return;
    }
    setBusy(true);
    setError(null);
    setErrorField(null);
    const r = await api.garminSignIn({ email: address, password: secret, accountId });
    setBusy(false);
    if (!r.ok) return fail(r.error, 'password');
    if (r.value.status === 'connected') onClose();
    else setStep({ kind: 'mfa', flowId: r.value.flowId, expiresAt: r.value.expiresAt });
  };

  const verify = async (e: FormEvent) => {
    e.preventDefault();
    if (step.kind !== 'mfa' || busy) return;
    const value = take(code).replace(/\s+/g, '');
    if (!/^[0-9]{4,10}$/.test(value)) {
      invalid('Enter the verification code Garmin sent you (digits only).', 'code');
      return;
    }
    setBusy(true);
    setError(null);
    setErrorField(null);
    const r = await api.garminSubmitMfa({ flowId: step.flowId, code: value });
    setBusy(false);
    if (!r.ok) {
      // An expired or exhausted MFA step cannot continue: back to the password step.
      const restart = r.error.code === 'NOT_FOUND' || r.error.code === 'RATE_LIMITED';
      if (restart) setStep({ kind: 'credentials' });
      return fail(r.error, restart ? 'password' : 'code');
    }
    if (r.value.status === 'connected') onClose();
  };

  const connectKey = async (e: FormEvent) => {
    e.preventDefault();
    const key = take(apiKey).trim();
    const expires = keyExpiry.current?.value || undefined;
    if (busy) return;
    if (key.length < 8) {
      invalid('Paste the Personal API key Garmin Connect showed you.', 'apiKey');
      return;
    }
    setBusy(true);
    setError(null);
    setErrorField(null);
    const r = await api.garminConnectApiKey({ apiKey: key, accountId, keyExpiresAt: expires });
    setBusy(false);
    if (r.ok) onClose();
    else fail(r.error, 'apiKey');
  };

  const switchTab = (next: Tab) => {
    setTab(next);
    setError(null);
    setErrorField(null);
  };

  return (
    <Dialog title={accountId ? 'Sign in to Garmin again' : 'Connect Garmin'} onClose={onClose}>
      <Tabs selectedKey={tab} onSelectionChange={(k) => switchTab(k as Tab)} className="garmin-tabs">
        <TabList aria-label="How to connect Garmin" className="segmented">
          <Tab id="password" className="segment">
            With your Garmin account
          </Tab>
          <Tab id="api-key" className="segment">
            With an API key
          </Tab>
        </TabList>

        <TabPanel id="password">
          {step.kind === 'credentials' ? (
            // Keyed: React must not reuse the e-mail input as the code input (and carry its value over).
            <form key="credentials" onSubmit={signIn} className="settings-form">
              <p>
                Garmin has no sign-in page for apps like Omnio, so you sign in here once. Omnio sends your e-mail and
                password straight to Garmin for this one sign-in and then forgets the password: it is never stored,
                logged or shown again.
              </p>
              <label>
                Email
                <input
                  ref={email}
                  type="email"
                  name="email"
                  autoComplete="username"
                  required
                  readOnly={busy}
                  {...fieldProps('email')}
                />
              </label>
              <label>
                Password
                <input
                  ref={password}
                  type="password"
                  name="password"
                  autoComplete="current-password"
                  required
                  readOnly={busy}
                  {...fieldProps('password')}
                />
              </label>
              <p className="reassure">
                <Icon name="lock" /> Your password goes only to Garmin, once, and is never stored.
              </p>
              <details className="how">
                <summary>How Omnio handles your password</summary>
                <p>
                  Omnio keeps only the session Garmin gives back, encrypted on this computer. If that session ends,
                  Omnio asks you to sign in again — it never signs in by itself.
                </p>
              </details>
              <DialogFooter error={error} errorId="garmin-error" onCancel={onClose}>
                <BusyButton type="submit" className="primary" busy={busy} busyLabel="Signing in…" unavailable={blocked}>
                  Sign in
                </BusyButton>
              </DialogFooter>
            </form>
          ) : (
            <form key="mfa" onSubmit={verify} className="settings-form">
              <p>
                Garmin sent a verification code to the e-mail address or phone set up for this Garmin account. Enter it
                below; Omnio passes it to Garmin once and does not keep it. This step expires at{' '}
                {new Date(step.expiresAt).toLocaleTimeString(undefined, { timeStyle: 'short' })}.
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
                  readOnly={busy}
                  {...fieldProps('code')}
                />
              </label>
              <p>
                <button
                  type="button"
                  className="link"
                  onClick={() => {
                    setStep({ kind: 'credentials' });
                    setError(null);
                    setErrorField(null);
                    // Focus the e-mail field once the credentials form is back.
                    setTimeout(() => email.current?.focus(), 0);
                  }}
                >
                  Use a different account
                </button>
              </p>
              <DialogFooter error={error} errorId="garmin-error" onCancel={onClose}>
                <BusyButton type="submit" className="primary" busy={busy} busyLabel="Verifying…">
                  Verify
                </BusyButton>
              </DialogFooter>
            </form>
          )}
        </TabPanel>

        <TabPanel id="api-key">
          <form onSubmit={connectKey} className="settings-form">
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
              (it is shown once, and lives 30 to 365 days), then paste it here. Omnio stores the key encrypted and uses
              it to get a fresh access token each day. The card warns you before the key expires.
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
                readOnly={busy}
                {...fieldProps('apiKey')}
              />
            </label>
            <label>
              Key expires on (optional, as Garmin showed it)
              <input ref={keyExpiry} type="date" name="garmin-api-key-expiry" readOnly={busy} />
            </label>
            <DialogFooter error={error} errorId="garmin-error" onCancel={onClose}>
              <BusyButton type="submit" className="primary" busy={busy} busyLabel="Connecting…">
                Connect with key
              </BusyButton>
            </DialogFooter>
          </form>
        </TabPanel>
      </Tabs>
    </Dialog>
  );
}
