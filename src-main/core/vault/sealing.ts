import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

// The sealed-secret format, one place. A sealed value is
//   version (1 byte) | key generation (uint32 BE) | IV (12) | GCM tag (16) | ciphertext
// The associated data is `${owner}\u0000${field}` so a row copied onto another
// owner or field fails authentication instead of decrypting. The header (version,
// generation) is bound too, so it cannot be edited to confuse key selection.

const VERSION = 1;
const HEADER = 5;
const IV = 12;
const TAG = 16;

export function associatedData(owner: string, field: string): Buffer {
  return Buffer.from(`${owner}\u0000${field}`, 'utf8');
}

export function seal(key: Buffer, generation: number, owner: string, field: string, value: string): Buffer {
  const header = Buffer.alloc(HEADER);
  header.writeUInt8(VERSION, 0);
  header.writeUInt32BE(generation, 1);
  const iv = randomBytes(IV);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.concat([header, associatedData(owner, field)]));
  const ct = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return Buffer.concat([header, iv, cipher.getAuthTag(), ct]);
}

/** The key generation a sealed value claims, or null when the blob is not in our format. */
export function sealedGeneration(sealed: Buffer): number | null {
  if (sealed.length < HEADER + IV + TAG || sealed.readUInt8(0) !== VERSION) return null;
  return sealed.readUInt32BE(1);
}

/** Throws on any tampering (GCM authentication failure). */
export function open(key: Buffer, owner: string, field: string, sealed: Buffer): string {
  const header = sealed.subarray(0, HEADER);
  const iv = sealed.subarray(HEADER, HEADER + IV);
  const tag = sealed.subarray(HEADER + IV, HEADER + IV + TAG);
  const ct = sealed.subarray(HEADER + IV + TAG);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(Buffer.concat([header, associatedData(owner, field)]));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(ct), decipher.final()]).toString('utf8');
}

/** A 256-bit key sealed with AES-256-GCM under a key-encryption key (the stand-in key store). */
export function wrapKey(kek: Buffer, plain: Buffer): Buffer {
  const iv = randomBytes(IV);
  const cipher = createCipheriv('aes-256-gcm', kek, iv);
  const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ct]);
}

export function unwrapKey(kek: Buffer, blob: Buffer): Buffer {
  if (blob.length < IV + TAG) throw new Error('wrapped key is too short');
  const decipher = createDecipheriv('aes-256-gcm', kek, blob.subarray(0, IV));
  decipher.setAuthTag(blob.subarray(IV, IV + TAG));
  return Buffer.concat([decipher.update(blob.subarray(IV + TAG)), decipher.final()]);
}
