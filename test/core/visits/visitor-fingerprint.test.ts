import { describe, expect, it } from 'vitest';
import { fingerprintText, type VisitorFingerprint } from '../../../core/visits/visitor-fingerprint.js';

const browser: VisitorFingerprint = { clientAddress: '203.0.113.7', userAgent: 'Mozilla/5.0 (X11; Linux x86_64)' };

describe('fingerprintText', () => {
  it('stays the same across releases, so returning visitors are not counted again', () => {
    expect(fingerprintText(browser)).toBe(`address\n${browser.clientAddress}\n${browser.userAgent}`);
    expect(fingerprintText({ ...browser, visitor: 'client-42' })).toBe('visitor\nclient-42');
  });

  it('differs for another address', () => {
    expect(fingerprintText({ ...browser, clientAddress: '203.0.113.8' })).not.toBe(fingerprintText(browser));
  });

  it('differs for another user agent', () => {
    expect(fingerprintText({ ...browser, userAgent: 'curl/8.5.0' })).not.toBe(fingerprintText(browser));
  });

  it('keeps address and user agent apart, so moving text between them changes it', () => {
    const one = fingerprintText({ clientAddress: '10.0.0.1', userAgent: '2 agent' });
    const other = fingerprintText({ clientAddress: '10.0.0.12', userAgent: ' agent' });

    expect(one).not.toBe(other);
  });

  describe('with a visitor identifier sent by an API client', () => {
    it('identifies the visitor by it alone, whatever the address and user agent', () => {
      const fromHome = fingerprintText({ ...browser, visitor: 'client-42' });
      const fromWork = fingerprintText({ clientAddress: '198.51.100.1', userAgent: 'other', visitor: 'client-42' });

      expect(fromWork).toBe(fromHome);
    });

    it('differs for another identifier', () => {
      expect(fingerprintText({ ...browser, visitor: 'client-43' })).not.toBe(fingerprintText({ ...browser, visitor: 'client-42' }));
    });

    it('never equals an address-based visitor’s, even when it spells out that address and agent', () => {
      const spoofed = fingerprintText({ ...browser, visitor: `${browser.clientAddress}\n${browser.userAgent}` });

      expect(spoofed).not.toBe(fingerprintText(browser));
    });
  });
});
