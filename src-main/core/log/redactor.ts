// Every secret the process handles is registered here the moment it is read or
// issued, so that no log line, error message or crash report can carry it even
// when a provider echoes it back in an error body. Patterns catch the common
// shapes of secrets we never registered (a token pasted into a URL, say).

const PATTERNS: RegExp[] = [
  /(bearer\s+)[A-Za-z0-9._~+/=-]{6,}/gi,
  /(apikey\s+)[A-Za-z0-9._~+/=-]{6,}/gi,
  /((?:access_token|refresh_token|id_token|client_secret|code|password|ticket|code_verifier|apiKey|api_key)["']?\s*[=:]\s*["']?)[^"'&\s,}]+/gi,
];

export class Redactor {
  private readonly secrets = new Set<string>();

  /** Remember a secret so it is masked wherever it appears later. Short strings are ignored to avoid masking ordinary words. */
  add(secret: string | null | undefined): void {
    if (secret && secret.length >= 6) this.secrets.add(secret);
  }

  remove(secret: string): void {
    this.secrets.delete(secret);
  }

  redact(text: string): string {
    let out = text;
    for (const s of this.secrets) {
      if (out.includes(s)) out = out.split(s).join('[redacted]');
      const encoded = encodeURIComponent(s);
      if (encoded !== s && out.includes(encoded)) out = out.split(encoded).join('[redacted]');
    }
    for (const p of PATTERNS) out = out.replace(p, '$1[redacted]');
    return out;
  }
}

/** The process-wide redactor: secrets are process-wide, so is their mask. */
export const redactor = new Redactor();
