import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashVisitor, type VisitorFingerprint } from '../../../core/visits/visitor-fingerprint.js';

const salt = 'test-salt';
const browser: VisitorFingerprint = { clientAddress: '203.0.113.7', userAgent: 'Mozilla/5.0 (X11; Linux x86_64)' };

describe('hashVisitor', () => {
  it('is a 64-character hex digest', async () => {
    expect(await hashVisitor(browser, salt)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is the same for the same address, user agent and salt', async () => {
    expect(await hashVisitor({ ...browser }, salt)).toBe(await hashVisitor(browser, salt));
  });

  it('stays the same across releases, so returning visitors are not counted again', async () => {
    expect(await hashVisitor(browser, salt)).toBe(
      createHmac('sha256', salt).update(`address\n${browser.clientAddress}\n${browser.userAgent}`).digest('hex'),
    );
    expect(await hashVisitor({ ...browser, visitor: 'client-42' }, salt)).toBe(
      createHmac('sha256', salt).update('visitor\nclient-42').digest('hex'),
    );
  });

  it('does not contain the address or the user agent', async () => {
    const hash = await hashVisitor(browser, salt);

    expect(hash).not.toContain('203.0.113.7');
    expect(hash).not.toContain('2030113');
  });

  it('differs for another address', async () => {
    expect(await hashVisitor({ ...browser, clientAddress: '203.0.113.8' }, salt)).not.toBe(
      await hashVisitor(browser, salt),
    );
  });

  it('differs for another user agent', async () => {
    expect(await hashVisitor({ ...browser, userAgent: 'curl/8.5.0' }, salt)).not.toBe(await hashVisitor(browser, salt));
  });

  it('differs under another salt, so the database alone cannot be matched against guessed addresses', async () => {
    expect(await hashVisitor(browser, 'another-salt')).not.toBe(await hashVisitor(browser, salt));
  });

  it('keeps address and user agent apart, so moving text between them changes the hash', async () => {
    const one = await hashVisitor({ clientAddress: '10.0.0.1', userAgent: '2 agent' }, salt);
    const other = await hashVisitor({ clientAddress: '10.0.0.12', userAgent: ' agent' }, salt);

    expect(one).not.toBe(other);
  });

  describe('with a visitor identifier sent by an API client', () => {
    it('identifies the visitor by it alone, whatever the address and user agent', async () => {
      const fromHome = await hashVisitor({ ...browser, visitor: 'client-42' }, salt);
      const fromWork = await hashVisitor(
        { clientAddress: '198.51.100.1', userAgent: 'other', visitor: 'client-42' },
        salt,
      );

      expect(fromWork).toBe(fromHome);
    });

    it('differs for another identifier', async () => {
      expect(await hashVisitor({ ...browser, visitor: 'client-43' }, salt)).not.toBe(
        await hashVisitor({ ...browser, visitor: 'client-42' }, salt),
      );
    });

    it('never collides with an address-based visitor, even when it spells out that address and agent', async () => {
      const byAddress = await hashVisitor(browser, salt);
      const spoofed = await hashVisitor(
        { ...browser, visitor: `${browser.clientAddress}\n${browser.userAgent}` },
        salt,
      );

      expect(spoofed).not.toBe(byAddress);
    });
  });
});
