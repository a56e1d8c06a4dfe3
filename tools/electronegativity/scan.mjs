// `npm run scan:electron`: Electronegativity static scan of src-main/electron.
//
// The scanner lives in this folder with its own dependencies (it brings
// TypeScript 4.2 and ESLint 7, which must never meet the app's toolchain).
// Its findings are compared with reviewed.json: a finding nobody has reviewed
// fails the scan; reviewed ones are printed with the reason they are accepted.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const here = import.meta.dirname;
const repo = path.resolve(here, '../..');
const bin = path.join(here, 'node_modules', '.bin', 'electronegativity');
const ELECTRON_VERSION = '45.4.1';

if (!fs.existsSync(bin)) {
  console.log('[scan:electron] installing Electronegativity into tools/electronegativity (once)…');
  const install = spawnSync('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], {
    cwd: here,
    stdio: 'inherit',
  });
  if (install.status !== 0) process.exit(install.status ?? 1);
}

const sarif = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-eneg-')), 'report.sarif');
// -e: the scanner would otherwise try to download Electron's release list to guess the version.
const run = spawnSync(
  bin,
  ['-i', path.join(repo, 'src-main/electron'), '-e', ELECTRON_VERSION, '-r', '-v', 'false', '-o', sarif],
  { cwd: repo, encoding: 'utf8' },
);
if (!fs.existsSync(sarif)) {
  console.error(run.stdout, run.stderr);
  console.error('[scan:electron] Electronegativity produced no report');
  process.exit(1);
}

const results = JSON.parse(fs.readFileSync(sarif, 'utf8')).runs[0].results;
const reviewed = JSON.parse(fs.readFileSync(path.join(here, 'reviewed.json'), 'utf8')).findings;
let unreviewed = 0;
for (const result of results) {
  const location = result.locations?.[0]?.physicalLocation;
  const file = location?.artifactLocation?.uri ?? '?';
  const where = `${file}:${location?.region?.startLine ?? 0}`;
  const accepted = reviewed.find((r) => r.check === result.ruleId && r.file === file);
  if (accepted) {
    console.log(`reviewed   ${result.ruleId} ${where} — ${accepted.reason}`);
  } else {
    unreviewed++;
    console.log(`UNREVIEWED ${result.ruleId} ${where} — ${result.message?.text ?? ''}`);
  }
}
console.log(`[scan:electron] ${results.length} finding(s), ${unreviewed} unreviewed`);
process.exit(unreviewed === 0 ? 0 : 1);
