import type { Clock } from '../shared/clock.js';
import { type FieldIssue, ValidationError } from '../shared/validation-error.js';
import type { DailyVisits } from './daily-visits.js';
import { SettledDays } from './settled-days.js';
import { utcDay } from './visit.js';
import type { VisitRepository } from './visit-repository.js';
import type { VisitStatistics } from './visit-statistics.js';

/** How many days of history a caller may ask for: 30 unless it says otherwise, at most a year. */
export const VISIT_HISTORY_DAYS = { default: 30, min: 1, max: 365 } as const;

const DAY_MS = 24 * 60 * 60 * 1000;

export interface VisitHistoryInput {
  readonly days: number;
  /** Today's figures as the caller's statistics, taken just before, answered them: today is not read again. */
  readonly today: VisitStatistics['today'];
}

/** Every day of the range, oldest first and ending today (UTC), days without a visit included as zeros. */
export interface VisitHistory {
  readonly from: string;
  readonly to: string;
  readonly days: readonly DailyVisits[];
}

/** The rule for `days`, exported so an adapter can state it in people's words before it does anything else. */
export function historyDaysIssue(days: number): FieldIssue | undefined {
  const { min, max } = VISIT_HISTORY_DAYS;
  if (Number.isInteger(days) && days >= min && days <= max) return undefined;
  return { field: 'days', message: `must be a whole number of days from ${min} to ${max}` };
}

/**
 * Visits and unique visitors per UTC day, read from the per-day counters (never from the visits). The home page
 * asks on every visit, so the days before today are read once they are settled (see SettledDays) and today's
 * figures are the ones the caller was just answered. Until the settle margin has passed since midnight, every
 * day is read, today's too: the caller's figures may then still be yesterday's.
 */
export class GetVisitHistory {
  /** The last calendar made: it changes once a day, and the home page asks for one on every visit. */
  private calendar: { readonly to: string; readonly days: readonly string[] } | undefined;
  private readonly settledDays: SettledDays;

  constructor(
    private readonly visits: VisitRepository,
    private readonly clock: Clock,
    /** Longer than a visit can take from its stamp to its commit, and its statistics to reach the caller. */
    settleMs: number,
  ) {
    this.settledDays = new SettledDays(settleMs);
  }

  async execute(input: VisitHistoryInput): Promise<VisitHistory> {
    const issue = historyDaysIssue(input.days);
    if (issue) throw new ValidationError([issue]);
    const now = this.clock.now();
    const to = utcDay(now);
    const calendar = this.calendarOf(input.days, to);
    const from = calendar[0] as string;
    const counted = new Map((await this.countsOf(from, to, now, input.today)).map((daily) => [daily.day, daily]));
    return {
      from,
      to,
      days: calendar.map((day) => counted.get(day) ?? { day, visits: 0, uniqueVisitors: 0 }),
    };
  }

  /** The days from `from` to `to` that have counts: today's as given once the days before are settled. */
  private async countsOf(from: string, to: string, now: Date, today: VisitHistoryInput['today']): Promise<readonly DailyVisits[]> {
    if (!this.settledDays.settled(to, now)) return this.visits.dailyCounts(from, to);
    let past = this.settledDays.from(from, to);
    if (past === undefined) {
      // Read after `now`, which is settled: the read sees every visit of the days before.
      this.settledDays.keep(from, to, await this.visits.dailyCounts(from, to));
      past = this.settledDays.from(from, to) ?? [];
    }
    return [...past, { day: to, ...today }];
  }

  /** The `length` days ending with `to`, oldest first. */
  private calendarOf(length: number, to: string): readonly string[] {
    if (this.calendar?.to === to && this.calendar.days.length === length) return this.calendar.days;
    const last = new Date(`${to}T00:00:00.000Z`).getTime();
    const days = Array.from({ length }, (_, index) => utcDay(new Date(last - (length - 1 - index) * DAY_MS)));
    this.calendar = { to, days };
    return days;
  }
}
