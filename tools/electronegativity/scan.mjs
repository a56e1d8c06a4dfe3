// `npm run scan:electron`, and a step of `npm test`: the Electronegativity
// static scan over src-main, src-renderer and src-shared together (its global
// checks — CSP, navigation limits, permission handler — must see the main
// process and the page at once). It fails on any finding of medium severity
// or above. A finding that was reviewed and accepted is suppressed where it
// occurs, with the tool's own inline annotation and the reason beside it:
//   shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK: why it is safe
//
// The scanner lives in this folder with its own dependencies (it brings
// TypeScript 4.2 and ESLint 7, which must never meet the app's toolchain) and
// installs them itself from this folder's package-lock.json on first use, so
// the README's test command works on a fresh machine with only the npm
// registry reachable. It never needs the network to scan: `-e` names the
// Electron version (else it downloads Electron's release list), and the check
// that compares that version with the release list is excluded.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const here = import.meta.dirname;
const repo = path.resolve(here, '../..');
const bin = path.join(
  here,
  'node_modules',
  '.bin',
  process.platform === 'win32' ? 'electronegativity.cmd' : 'electronegativity',
);
const SCANNED = ['src-main', 'src-renderer', 'src-shared'];
const ELECTRON_VERSION = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')).devDependencies.electron;
const FAILING = new Set(['MEDIUM', 'HIGH', 'CRITICAL']);

// npm writes node_modules/.package-lock.json last: without it an install was cut short.
if (!fs.existsSync(bin) || !fs.existsSync(path.join(here, 'node_modules', '.package-lock.json'))) {
  console.log('[scan:electron] installing Electronegativity into tools/electronegativity (once)…');
  const install = spawnSync('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], {
    cwd: here,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (install.status !== 0) process.exit(install.status ?? 1);
}

// One input folder holding the three trees (the scanner takes one input).
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-eneg-'));
const input = path.join(work, 'omnio');
for (const dir of SCANNED) fs.cpSync(path.join(repo, dir), path.join(input, dir), { recursive: true });
const report = path.join(work, 'report.csv');
const run = spawnSync(
  bin,
  ['-i', input, '-e', ELECTRON_VERSION, '-x', 'AvailableSecurityFixesGlobalCheck', '-r', '-v', 'false', '-o', report],
  { cwd: work, encoding: 'utf8', shell: process.platform === 'win32' },
);
if (!fs.existsSync(report)) {
  console.error(run.stdout, run.stderr);
  console.error('[scan:electron] Electronegativity produced no report');
  process.exit(1);
}

// CSV: issue, severity, confidence, filename, location, sample, … — only the first five are read,
// and they never contain a comma; a row starts with a check id.
const findings = fs
  .readFileSync(report, 'utf8')
  .split(/\r?\n/)
  .filter((line) => /^[A-Z0-9_]+_CHECK,/.test(line))
  .map((line) => {
    const [id, severity, confidence, file, location] = line.split(',').map((f) => f.replace(/^"|"$/g, ''));
    return { id, severity, confidence, where: file === 'N/A' ? '(whole app)' : `${file}:${location.split(':')[0]}` };
  });
fs.rmSync(work, { recursive: true, force: true });

let failing = 0;
for (const f of findings) {
  const fails = FAILING.has(f.severity);
  if (fails) failing++;
  console.log(`${fails ? 'FAIL' : 'ok  '} ${f.severity.padEnd(13)} ${f.id} ${f.where} (${f.confidence})`);
}
console.log(
  `[scan:electron] ${SCANNED.join(', ')}: ${findings.length} finding(s), ${failing} of medium severity or above` +
    (failing ? ' — fix it, or suppress it where it occurs with `// eng-disable <CHECK_ID>: <why it is safe>`' : ''),
);
process.exit(failing === 0 ? 0 : 1);
