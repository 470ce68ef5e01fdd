import type { FastifyInstance } from 'fastify';
import type { VisitStatistics } from '../../core/visits/visit-statistics.js';

interface Rendered {
  readonly days: number;
  readonly body: Promise<Buffer>;
}

/**
 * The home page as bytes, made once for every request that shows the same statistics. The visits recorded in
 * one statement are all answered one statistics object per day (visit-batch-record.ts), and the statistics read
 * together are shared too, so under load a whole batch shows one page: its history is read and drawn, the page
 * rendered in the layout and encoded (node encodes a string body again for every response, and writes bytes as
 * they are) once for all of them. `historySection` is asked only for a page not made yet. Kept only while its
 * statistics object lives.
 */
export function homePages(
  app: FastifyInstance,
): (statistics: VisitStatistics, days: number, historySection: () => Promise<string>) => Promise<Buffer> {
  const made = new WeakMap<VisitStatistics, Rendered>();
  return (statistics, days, historySection) => {
    const last = made.get(statistics);
    if (last !== undefined && last.days === days) return last.body;
    const body = historySection()
      .then((section) => app.view('home', { statistics, historySection: section }))
      .then((html) => Buffer.from(html));
    const entry = { days, body };
    made.set(statistics, entry);
    // A page that failed is not kept: the next request tries again.
    body.catch(() => {
      if (made.get(statistics) === entry) made.delete(statistics);
    });
    return body;
  };
}
