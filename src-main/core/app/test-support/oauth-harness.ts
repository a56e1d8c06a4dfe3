import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startOuraSimulator } from '../../../../simulators/oura';
import { startWhoopSimulator } from '../../../../simulators/whoop';
import { startWithingsSimulator } from '../../../../simulators/withings';
import type { OAuthSimulator, OAuthSimulatorOptions } from '../../../../simulators/oauth/start-oauth-simulator';
import { consent, type ConsentChoice } from '../../../../simulators/oauth/consent-driver';
import { createCore, type OmnioCore } from '../create-core';
import { recordingPlatform, type RecordingPlatform } from './recording-platform';
import type { KeyStore } from '../../vault/key-store';

// Everything a connect test needs, all real: the three provider simulators on
// 127.0.0.1, an OMNIO_PROVIDERS file pointing at them (kept outside the data
// dir, as a QA suite would), a data dir with real SQLite, and the core.

export type OAuthId = 'oura' | 'whoop' | 'withings';

export interface Harness {
  dataDir: string;
  providersFile: string;
  sims: Record<OAuthId, OAuthSimulator>;
  platform: RecordingPlatform;
  core: OmnioCore;
  now: { value: number };
  /** Reopens the core on the same data dir (an app restart). */
  restart(options?: { keyStore?: KeyStore }): Promise<void>;
  /** startConnect → the page the browser opened → consent → the redirect URL. */
  authorize(provider: OAuthId, choice?: ConsentChoice, accountId?: string): Promise<string>;
  connect(provider: OAuthId, choice?: ConsentChoice, accountId?: string): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(
  options: { sim?: OAuthSimulatorOptions; schemeRegistered?: boolean } = {},
): Promise<Harness> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-oauth-'));
  const dataDir = path.join(root, 'data');
  const scheme = (p: string) => `com.omnio.app:/oauth/${p}`;
  const simOptions = (p: OAuthId): OAuthSimulatorOptions => ({ redirectUris: [scheme(p)], ...options.sim });
  const sims = {
    oura: await startOuraSimulator(simOptions('oura')),
    whoop: await startWhoopSimulator(simOptions('whoop')),
    withings: await startWithingsSimulator(simOptions('withings')),
  };
  const providersFile = path.join(root, 'providers.json');
  const overrides: Record<string, unknown> = {};
  for (const [id, sim] of Object.entries(sims)) {
    overrides[id] = {
      ...sim.endpoints,
      revocationUrl: sim.endpoints.revocationUrl ?? undefined,
      clientId: sim.client.clientId,
      clientSecret: sim.client.clientSecret,
      ...(options.schemeRegistered === false ? {} : { redirectUri: scheme(id) }),
    };
  }
  fs.writeFileSync(providersFile, JSON.stringify(overrides));
  const now = { value: Date.now() };
  const h: Harness = {
    dataDir,
    providersFile,
    sims,
    platform: recordingPlatform(dataDir, { schemeRegistered: options.schemeRegistered }),
    core: undefined as unknown as OmnioCore,
    now,
    async restart(o = {}) {
      await h.core.close();
      h.platform = recordingPlatform(dataDir, { schemeRegistered: options.schemeRegistered, keyStore: o.keyStore });
      h.core = await open();
    },
    async authorize(provider, choice, accountId) {
      const started = await h.core.handlers.startConnect({ providerId: provider, ...(accountId ? { accountId } : {}) });
      const opened = h.platform.opened.at(-1)!;
      if (opened !== started.authorizationUrl) throw new Error('startConnect did not open the authorization URL');
      const out = await consent(opened, choice);
      if (!out.location) throw new Error(`no redirect from the ${provider} page (status ${out.status})`);
      return out.location;
    },
    async connect(provider, choice, accountId) {
      await h.core.handleDeepLink(await h.authorize(provider, choice, accountId), 'qa');
    },
    async close() {
      await h.core.close();
      await Promise.all(Object.values(sims).map((s) => s.stop()));
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
  const open = () =>
    createCore({
      dataDir,
      platform: h.platform,
      env: { OMNIO_PROVIDERS: providersFile },
      now: () => new Date(now.value),
    });
  h.core = await open();
  return h;
}
