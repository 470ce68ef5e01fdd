/** Who is visiting, as the adapter sees it; `visitor` is an API client's own stable identifier, if it sent one. */
export interface VisitorFingerprint {
  readonly clientAddress: string;
  readonly userAgent: string;
  readonly visitor?: string;
}

/**
 * What identifies the visitor, as the text its id is hashed from: its own identifier when it sent one, else its
 * address and user agent. The parts are joined with a separator no header can contain, and the two kinds are
 * told apart by their first line, so two different fingerprints never give the same text.
 */
export function fingerprintText(fingerprint: VisitorFingerprint): string {
  return fingerprint.visitor === undefined
    ? `address\n${fingerprint.clientAddress}\n${fingerprint.userAgent}`
    : `visitor\n${fingerprint.visitor}`;
}
