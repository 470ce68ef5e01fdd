export interface VisitStatistics {
  readonly totalVisits: number;
  readonly uniqueVisitors: number;
  readonly today: {
    readonly visits: number;
    readonly uniqueVisitors: number;
  };
}
