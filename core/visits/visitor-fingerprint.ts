/** Who is visiting, as the adapter sees it; `visitor` is an API client's own stable identifier, if it sent one. */
export interface VisitorFingerprint {
  readonly clientAddress: string;
  readonly userAgent: string;
  readonly visitor?: string;
}

const encoder = new TextEncoder();

/** Every visit hashes under the same salt: its key is imported once, not on each visit of the hot path. */
type HmacKey = ReturnType<typeof crypto.subtle.importKey>;
const keys = new Map<string, HmacKey>();

function keyFor(salt: string): HmacKey {
  let key = keys.get(salt);
  if (key === undefined) {
    key = crypto.subtle.importKey('raw', encoder.encode(salt), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    keys.set(salt, key);
  }
  return key;
}

/**
 * HMAC-SHA-256 of the fingerprint under the salt, as hex. Web Crypto keeps core free of Node modules; the
 * parts are joined with a separator no header can contain, so two different fingerprints never collide.
 */
export async function hashVisitor(fingerprint: VisitorFingerprint, salt: string): Promise<string> {
  const material =
    fingerprint.visitor === undefined
      ? `address\n${fingerprint.clientAddress}\n${fingerprint.userAgent}`
      : `visitor\n${fingerprint.visitor}`;
  const signature = await crypto.subtle.sign('HMAC', await keyFor(salt), encoder.encode(material));
  return Array.from(new Uint8Array(signature), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
