import type { Clock } from '../shared/clock.js';
import { utcDay } from './visit.js';
import type { VisitRepository } from './visit-repository.js';
import type { VisitStatistics } from './visit-statistics.js';

export class GetVisitStatistics {
  constructor(
    private readonly visits: VisitRepository,
    private readonly clock: Clock,
  ) {}

  execute(): Promise<VisitStatistics> {
    return this.visits.statistics(utcDay(this.clock.now()));
  }
}
