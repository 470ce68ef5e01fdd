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

function sameHistory(one: VisitHistory, other: VisitHistory): boolean {
  return (
    one.from === other.from &&
    one.to === other.to &&
    one.days.length === other.days.length &&
    one.days.every((daily, index) => {
      const twin = other.days[index];
      return twin !== undefined && daily.visits === twin.visits && daily.uniqueVisitors === twin.uniqueVisitors;
    })
  );
}

/**
 * Renders the home page's history section (chart, summary, table of days) as HTML, again only when the day
 * counts differ from the last ones rendered. Drawing and escaping the days is most of a page's work, and under
 * load it is the same work for many pages: the visits recorded together read their day counts together.
 */
export function visitsHistorySection(app: FastifyInstance): (history: VisitHistory) => Promise<string> {
  // The promise, not its result: the pages of one batch ask at once, before the first rendering has finished.
  let last: { readonly history: VisitHistory; readonly html: Promise<string> } | undefined;
  return (history) => {
    if (last !== undefined && sameHistory(last.history, history)) return last.html;
    const html = app.view('visits-history', { history, chart: visitsChart(history), summary: summaryOf(history), ranges: RANGES });
    const rendering = { history, html };
    last = rendering;
    // A rendering that failed is not kept: the next page tries again.
    html.catch(() => {
      if (last === rendering) last = undefined;
    });
    return html;
  };
}
