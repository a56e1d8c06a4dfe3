import fs from 'node:fs';
import path from 'node:path';

// For tests: the encodings a secret would most likely take if it leaked into a
// file (a JSON dump, a URL, a base64 blob, a hex dump, a UTF-16 string in a
// crash report), and a scan of every file under a directory for any of them.

export function secretEncodings(secret: string): Buffer[] {
  const utf8 = Buffer.from(secret, 'utf8');
  const forms = new Set<string>([
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ x: secret }).toString().slice(2),
    JSON.stringify(secret).slice(1, -1),
    utf8.toString('base64'),
    utf8.toString('base64').replace(/=+$/, ''),
    utf8.toString('base64url'),
    utf8.toString('hex'),
    utf8.toString('hex').toUpperCase(),
  ]);
  return [...[...forms].map((f) => Buffer.from(f, 'utf8')), Buffer.from(secret, 'utf16le')];
}

function* filesUnder(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(full);
    else if (entry.isFile()) yield full;
  }
}

/** Every file under `dir` (SQLite, WAL, logs, settings…) containing any encoding of any secret: `file: which`. */
export function findSecrets(dir: string, secrets: Record<string, string>): string[] {
  const hits: string[] = [];
  for (const file of filesUnder(dir)) {
    const bytes = fs.readFileSync(file);
    for (const [name, secret] of Object.entries(secrets)) {
      if (secretEncodings(secret).some((enc) => bytes.includes(enc))) hits.push(`${path.relative(dir, file)}: ${name}`);
    }
  }
  return hits;
}

/** The same check over strings (log lines kept in memory, a settings object). */
export function textContainsSecret(text: string, secret: string): boolean {
  const bytes = Buffer.from(text, 'utf8');
  return secretEncodings(secret).some((enc) => bytes.includes(enc));
}
