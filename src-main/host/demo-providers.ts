import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_GARMIN_API_KEY, DEMO_GARMIN_USERS, startGarminSimulator } from '../../simulators/garmin';
import { startOuraSimulator } from '../../simulators/oura';
import { startWhoopSimulator } from '../../simulators/whoop';
import { startWithingsSimulator } from '../../simulators/withings';

// Demo mode: every provider is a local simulator on 127.0.0.1, and the app is
// pointed at them through the same OMNIO_PROVIDERS file a QA suite would use.
// A newcomer can walk through Connect, sign-in, sync and disconnect with no
// provider account. The demo credentials are printed once at start.

export async function startDemoProviders(): Promise<{ providersFile: string; stop(): Promise<void> }> {
  const [oura, whoop, withings, garmin] = await Promise.all([
    startOuraSimulator(),
    startWhoopSimulator(),
    startWithingsSimulator(),
    startGarminSimulator({ users: DEMO_GARMIN_USERS, apiKeys: [DEMO_GARMIN_API_KEY] }),
  ]);
  const overrides = {
    oura: { ...oura.endpoints, clientId: oura.client.clientId, clientSecret: oura.client.clientSecret },
    whoop: { ...whoop.endpoints, clientId: whoop.client.clientId, clientSecret: whoop.client.clientSecret },
    withings: { ...withings.endpoints, clientId: withings.client.clientId, clientSecret: withings.client.clientSecret },
    garmin: garmin.endpoints,
  };
  const clean = (o: object) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null));
  // Outside the data directory: the file holds the simulators' client secrets, and
  // nothing under OMNIO_DATA_DIR may hold a secret in plaintext.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-demo-'));
  const providersFile = path.join(dir, 'providers.json');
  fs.writeFileSync(
    providersFile,
    JSON.stringify(Object.fromEntries(Object.entries(overrides).map(([k, v]) => [k, clean(v)])), null, 2),
    { mode: 0o600 },
  );
  console.log(
    [
      'Demo mode: providers are local simulators.',
      `  Oura / WHOOP / Withings sign-in: ${oura.user.username} (and demo@whoop.test, demo@withings.test), password "${oura.user.password}"`,
      `  Garmin: ${DEMO_GARMIN_USERS[0]!.email} / ${DEMO_GARMIN_USERS[0]!.password} (MFA user: ${DEMO_GARMIN_USERS[1]!.email}, code ${DEMO_GARMIN_USERS[1]!.mfaCode})`,
      `  Garmin Personal API key: ${DEMO_GARMIN_API_KEY.key} (expires in ${DEMO_GARMIN_API_KEY.validDays} days)`,
    ].join('\n'),
  );
  return {
    providersFile,
    async stop() {
      await Promise.all([oura.stop(), whoop.stop(), withings.stop(), garmin.stop()]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
