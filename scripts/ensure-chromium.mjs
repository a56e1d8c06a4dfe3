// Makes sure a Chromium the end-to-end suite can drive is installed. Playwright's
// own browser download cannot run on our machines; Debian's package can.
import { execSync } from 'node:child_process';
import fs from 'node:fs';

const candidates = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
];

export function findChromium() {
  return candidates.find((p) => p && fs.existsSync(p));
}

export function ensureChromium() {
  const found = findChromium();
  if (found) return found;
  const isRoot = process.getuid?.() === 0;
  const sudo = isRoot ? '' : 'sudo ';
  if (!fs.existsSync('/usr/bin/apt-get')) {
    throw new Error('No Chromium found. Install Chromium (or Chrome) and set CHROMIUM_PATH to its executable.');
  }
  console.log('[setup] installing Debian Chromium for the end-to-end suite (apt-get install chromium)…');
  execSync(`${sudo}apt-get update -qq && ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium`, {
    stdio: 'inherit',
  });
  const installed = findChromium();
  if (!installed) throw new Error('apt-get installed chromium but no executable was found');
  return installed;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(ensureChromium());
