// Every secret the process handles is registered here the moment it is read or
// issued, so that no log line, error message or crash report can carry it even
// when a provider echoes it back in an error body. Patterns catch the common
// shapes of secrets we never registered (a token pasted into a URL, say).
//
// Issue 13: any non-empty secret is registered (a 5-character password is
// still a password), and each is also matched in its JSON-escaped and
// URL-encoded forms, so quoting a secret inside JSON text does not unmask it.
// The logger redacts values before it serialises them (logger.ts). Names in
// the patterns start at a non-alphanumeric character, so `code` masks
// `?code=…` and `auth_code=…` but leaves `exitCode: 1` alone.

const NAMES = 'access_token|refresh_token|id_token|client_secret|code|password|ticket|code_verifier|apiKey|api_key';
const PATTERNS: RegExp[] = [
  /(?<![A-Za-z0-9])(bearer\s+)[A-Za-z0-9._~+/=-]{6,}/gi,
  /(?<![A-Za-z0-9])(apikey\s+)[A-Za-z0-9._~+/=-]{6,}/gi,
  new RegExp(`(?<![A-Za-z0-9])((?:${NAMES})\\\\?["']?\\s*[=:]\\s*\\\\?["']?)[^"'&\\s,}\\\\]+`, 'gi'),
];

/** The forms a secret can take once it has been written into other text. */
function variants(secret: string): string[] {
  const out = new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]);
  return [...out];
}

export class Redactor {
  private readonly secrets = new Set<string>();

  /** Remember a secret so it is masked wherever it appears later. */
  add(secret: string | null | undefined): void {
    if (secret) this.secrets.add(secret);
  }

  remove(secret: string): void {
    this.secrets.delete(secret);
  }

  redact(text: string): string {
    let out = text;
    // Longest first: a secret that contains another must be masked whole.
    const secrets = [...this.secrets].sort((a, b) => b.length - a.length);
    for (const s of secrets) {
      for (const form of variants(s)) if (out.includes(form)) out = out.split(form).join('[redacted]');
    }
    for (const p of PATTERNS) out = out.replace(p, '$1[redacted]');
    return out;
  }

  /**
   * A copy of a value for serialising, with every string redacted, Errors
   * reduced to name and (redacted) message, and cycles or depth past 8 cut.
   */
  redactValue(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (value === null || typeof value !== 'object') return typeof value === 'bigint' ? String(value) : value;
    if (seen.has(value) || depth > 8) return '[…]';
    seen.add(value);
    if (value instanceof Error) return { name: value.name, message: this.redact(value.message) };
    if (value instanceof Date) return value.toISOString();
    if (Array.isArray(value)) return value.map((v) => this.redactValue(v, depth + 1, seen));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[this.redact(k)] = this.redactValue(v, depth + 1, seen);
    return out;
  }
}

/** The process-wide redactor: secrets are process-wide, so is their mask. */
export const redactor = new Redactor();
