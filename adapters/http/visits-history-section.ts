import type { FastifyInstance } from 'fastify';
import { VISIT_HISTORY_DAYS, type VisitHistory } from '../../core/visits/get-visit-history.js';
import { visitsChart } from './visits-chart.js';

/** The ranges the page offers as links; any other whole number of days up to the maximum works by hand. */
const RANGES = [VISIT_HISTORY_DAYS.default, 90, VISIT_HISTORY_DAYS.max];

/** The chart in one sentence, for people who cannot see it. */
function summaryOf(history: VisitHistory): string {
  const visits = history.days.reduce((sum, daily) => sum + daily.visits, 0);
  const busiest = history.days.reduce((best, daily) => (daily.visits > best.visits ? daily : best));
  const range = `From ${history.from} to ${history.to} (UTC)`;
  if (visits === 0) return `${range}: no visits.`;
  return `${range}: ${visits} visits in all; the busiest day was ${busiest.day} with ${busiest.visits}.`;
}

/**
 * Renders the home page's history section (chart, summary, table of days) as HTML. It is asked once per page
 * that home-pages.ts makes, which under load is once per batch of visits: today's figures change with every
 * batch, so a page never finds an earlier one to reuse.
 */
export function visitsHistorySection(app: FastifyInstance): (history: VisitHistory) => Promise<string> {
  return (history) => app.view('visits-history', { history, chart: visitsChart(history), summary: summaryOf(history), ranges: RANGES });
}
