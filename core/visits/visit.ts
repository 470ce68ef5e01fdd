export interface Visit {
  /** Salted hash of who visited; the raw address never reaches storage. */
  readonly visitorId: string;
  readonly visitedAt: Date;
  /** The UTC calendar day the visit counts towards, `YYYY-MM-DD`. */
  readonly day: string;
}

export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}
