/** One UTC day's counters: the visits made that day and the distinct visitors who made them. */
export interface DailyVisits {
  /** The UTC calendar day, `YYYY-MM-DD`. */
  readonly day: string;
  readonly visits: number;
  readonly uniqueVisitors: number;
}
