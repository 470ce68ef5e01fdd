import type { DailyVisits } from '../../core/visits/daily-visits.js';
import type { Visit } from '../../core/visits/visit.js';
import type { VisitRepository } from '../../core/visits/visit-repository.js';
import type { VisitStatistics } from '../../core/visits/visit-statistics.js';

/** Keeps every visit; a visitor counts once overall and once on each day it visited. */
export class InMemoryVisitRepository implements VisitRepository {
  private readonly recorded: Visit[] = [];

  async record(visit: Visit): Promise<VisitStatistics> {
    this.recorded.push(visit);
    return this.statistics(visit.day);
  }

  async statistics(day: string): Promise<VisitStatistics> {
    const today = this.recorded.filter((visit) => visit.day === day);
    return {
      totalVisits: this.recorded.length,
      uniqueVisitors: countVisitors(this.recorded),
      today: { visits: today.length, uniqueVisitors: countVisitors(today) },
    };
  }

  async dailyCounts(from: string, to: string): Promise<DailyVisits[]> {
    const days = [...new Set(this.recorded.map((visit) => visit.day))].filter((day) => day >= from && day <= to).sort();
    return days.map((day) => {
      const visits = this.recorded.filter((visit) => visit.day === day);
      return { day, visits: visits.length, uniqueVisitors: countVisitors(visits) };
    });
  }

  /** Every visit as stored, oldest first, for asserting on what reached storage. */
  get visits(): readonly Visit[] {
    return [...this.recorded];
  }
}

function countVisitors(visits: readonly Visit[]): number {
  return new Set(visits.map((visit) => visit.visitorId)).size;
}
