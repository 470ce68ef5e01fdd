import { describe, expect, it } from 'vitest';
import { HmacVisitorHash } from '../../adapters/system/hmac-visitor-hash.js';

const salt = 'test-salt';
const text = 'address\n203.0.113.7\nMozilla/5.0 (X11; Linux x86_64)';

describe('HmacVisitorHash', () => {
  it('is a 64-character hex digest', () => {
    expect(new HmacVisitorHash(salt).digest(text)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is the same for the same text and salt', () => {
    expect(new HmacVisitorHash(salt).digest(text)).toBe(new HmacVisitorHash(salt).digest(text));
  });

  it('stays what tally has always stored (HMAC-SHA-256 under the salt), so returning visitors are not counted again', async () => {
    // Web Crypto, as the ids were made before: an independent implementation of the same HMAC.
    const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(salt), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const signature = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(text));
    expect(new HmacVisitorHash(salt).digest(text)).toBe(Buffer.from(signature).toString('hex'));
  });

  it('does not contain the text it was given', () => {
    const hash = new HmacVisitorHash(salt).digest(text);

    expect(hash).not.toContain('203.0.113.7');
    expect(hash).not.toContain('2030113');
  });

  it('differs for another text', () => {
    expect(new HmacVisitorHash(salt).digest(`${text}.`)).not.toBe(new HmacVisitorHash(salt).digest(text));
  });

  it('differs under another salt, so the database alone cannot be matched against guessed addresses', () => {
    expect(new HmacVisitorHash('another-salt').digest(text)).not.toBe(new HmacVisitorHash(salt).digest(text));
  });
});
