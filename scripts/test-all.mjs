// `npm test`: the whole suite, in the order a failure is cheapest to find —
// typecheck, lint (incl. layer boundaries), format, Electronegativity, unit + integration
// (vitest), build, end-to-end (Playwright: browser host in Debian Chromium,
// Electron where its runtime is installed). Ends with one summary line.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ensureChromium } from './ensure-chromium.mjs';

const root = path.resolve(import.meta.dirname, '..');
// Not test-results/: Playwright empties that folder when it starts.
const reports = path.join(root, 'test-reports');
fs.mkdirSync(reports, { recursive: true });
const env = { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' };

function step(name, cmd, args) {
  const started = Date.now();
  console.log(`\n=== ${name}: ${[cmd, ...args].join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status !== 0) {
    console.error(`\n=== ${name} FAILED after ${secs}s`);
    summarize();
    process.exit(r.status ?? 1);
  }
  console.log(`=== ${name} ok (${secs}s)`);
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function summarize() {
  const unit = readJson(path.join(reports, 'vitest.json'));
  const e2e = readJson(path.join(reports, 'playwright.json'));
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  if (unit) {
    passed += unit.numPassedTests ?? 0;
    failed += unit.numFailedTests ?? 0;
    skipped += (unit.numPendingTests ?? 0) + (unit.numTodoTests ?? 0);
  }
  if (e2e?.stats) {
    passed += e2e.stats.expected ?? 0;
    failed += (e2e.stats.unexpected ?? 0) + (e2e.stats.flaky ?? 0);
    skipped += e2e.stats.skipped ?? 0;
  }
  console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
}

for (const f of ['vitest.json', 'playwright.json']) fs.rmSync(path.join(reports, f), { force: true });
env.CHROMIUM_PATH = ensureChromium();
step('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
step('typecheck src-shared (no Node, no DOM)', 'npx', ['tsc', '-p', 'src-shared/tsconfig.json', '--noEmit']);
step('lint', 'npx', ['eslint', '--max-warnings=0', '.']);
step('format', 'npx', ['prettier', '--check', '--log-level', 'warn', '.']);
// Issue 13: Electronegativity over src-main, src-renderer, src-shared; installs its own scanner on first run.
step('Electronegativity (no finding of medium severity or above)', 'node', ['tools/electronegativity/scan.mjs']);
step('unit and integration', 'npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${path.join(reports, 'vitest.json')}`,
]);
step('build', 'npm', ['run', 'build', '--silent']);
env.PLAYWRIGHT_JSON_OUTPUT_NAME = path.join(reports, 'playwright.json');
step('end-to-end', 'npx', ['playwright', 'test', '--reporter=list,json']);
summarize();
