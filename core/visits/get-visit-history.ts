import type { Clock } from '../shared/clock.js';
import { type FieldIssue, ValidationError } from '../shared/validation-error.js';
import type { DailyVisits } from './daily-visits.js';
import { utcDay } from './visit.js';
import type { VisitRepository } from './visit-repository.js';

/** How many days of history a caller may ask for: 30 unless it says otherwise, at most a year. */
export const VISIT_HISTORY_DAYS = { default: 30, min: 1, max: 365 } as const;

const DAY_MS = 24 * 60 * 60 * 1000;

export interface VisitHistoryInput {
  readonly days: number;
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

/** Visits and unique visitors per UTC day, read from the per-day counters (never from the visits). */
export class GetVisitHistory {
  /** The last calendar made: it changes once a day, and the home page asks for one on every visit. */
  private calendar: { readonly to: string; readonly days: readonly string[] } | undefined;

  constructor(
    private readonly visits: VisitRepository,
    private readonly clock: Clock,
  ) {}

  async execute(input: VisitHistoryInput): Promise<VisitHistory> {
    const issue = historyDaysIssue(input.days);
    if (issue) throw new ValidationError([issue]);
    const to = utcDay(this.clock.now());
    const calendar = this.calendarOf(input.days, to);
    const from = calendar[0] as string;
    const counted = new Map((await this.visits.dailyCounts(from, to)).map((daily) => [daily.day, daily]));
    return {
      from,
      to,
      days: calendar.map((day) => counted.get(day) ?? { day, visits: 0, uniqueVisitors: 0 }),
    };
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
