// Builds the JSON login body with the password copied byte for byte from a
// Buffer, so the password never becomes part of another JavaScript string
// (strings cannot be wiped; Buffers can). The caller zero-fills both the
// password Buffer and the returned body once the request has been sent.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const HEX = '0123456789abcdef';

/** Length of `bytes` as the inside of a JSON string literal. */
function escapedLength(bytes: Buffer): number {
  let n = 0;
  for (const b of bytes) n += b === QUOTE || b === BACKSLASH ? 2 : b < 0x20 ? 6 : 1;
  return n;
}

/** Writes `bytes` JSON-escaped into `out` at `at`; returns the next offset. UTF-8 multibyte sequences pass through unchanged, which JSON allows. */
function writeEscaped(bytes: Buffer, out: Buffer, at: number): number {
  let i = at;
  for (const b of bytes) {
    if (b === QUOTE || b === BACKSLASH) {
      out[i++] = BACKSLASH;
      out[i++] = b;
    } else if (b < 0x20) {
      out.write(`\\u00${HEX[b >> 4]}${HEX[b & 15]}`, i, 'latin1');
      i += 6;
    } else {
      out[i++] = b;
    }
  }
  return i;
}

/**
 * `{"username":…,"password":…,"rememberMe":false,"captchaToken":""}` as the
 * mobile login endpoint expects it. `rememberMe` stays false: Omnio keeps the
 * session tokens itself and asks Garmin for nothing longer-lived.
 */
export function credentialBody(email: string, password: Buffer): Buffer {
  const head = Buffer.from(`{"username":${JSON.stringify(email)},"password":"`, 'utf8');
  const tail = Buffer.from(`","rememberMe":false,"captchaToken":""}`, 'utf8');
  const out = Buffer.alloc(head.length + escapedLength(password) + tail.length);
  head.copy(out, 0);
  const end = writeEscaped(password, out, head.length);
  tail.copy(out, end);
  return out;
}
