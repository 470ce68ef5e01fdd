import type { DailyVisits } from './daily-visits.js';

/**
 * The counts of the days before today, kept once they can no longer change. A visit is counted on the day it
 * was stamped, but its statement may commit a little later (waiting its turn, then running up to the statement
 * timeout): so yesterday is final only once today is older than that settle margin. Until then nothing is kept
 * and every caller reads. One range is kept, the widest asked for today; a narrower one is cut from it.
 */
export class SettledDays {
  private kept: { readonly from: string; readonly today: string; readonly days: readonly DailyVisits[] } | undefined;

  constructor(
    /** Longer than a visit can take from its stamp to its commit (see the composition's binding). */
    private readonly settleMs: number,
  ) {}

  /** Whether the days before `today` are final at `now`. */
  settled(today: string, now: Date): boolean {
    return now.getTime() - Date.parse(`${today}T00:00:00.000Z`) >= this.settleMs;
  }

  /** The kept days from `from` to the day before `today` that have a visit, if a range covering them is kept. */
  from(from: string, today: string): readonly DailyVisits[] | undefined {
    if (this.kept?.today !== today || this.kept.from > from) return undefined;
    return this.kept.from === from ? this.kept.days : this.kept.days.filter((daily) => daily.day >= from);
  }

  /**
   * Keeps the days before `today` of `days`, read from `from` once `today` was settled, unless a range at least as
   * wide is kept already (a narrower read that finished last).
   */
  keep(from: string, today: string, days: readonly DailyVisits[]): void {
    if (this.kept?.today === today && this.kept.from <= from) return;
    this.kept = { from, today, days: days.filter((daily) => daily.day < today) };
  }
}
