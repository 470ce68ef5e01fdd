import type { FastifyInstance } from 'fastify';
import type { VisitStatistics } from '../../core/visits/visit-statistics.js';

interface Rendered {
  readonly days: number;
  readonly historySection: string;
  readonly body: Promise<Buffer>;
}

/**
 * The home page as bytes, rendered once for every request that shows the same statistics. The visits recorded
 * in one statement are all answered one statistics object per day (visit-batch-record.ts), and the statistics
 * read together are shared too, so under load a page is the same for a whole batch: rendering it in the layout
 * and encoding it (node encodes a string body again for every response, and writes bytes as they are) is done
 * once for all of them. Kept only while its statistics object lives.
 */
export function homePages(app: FastifyInstance): (statistics: VisitStatistics, days: number, historySection: string) => Promise<Buffer> {
  const rendered = new WeakMap<VisitStatistics, Rendered>();
  return (statistics, days, historySection) => {
    const last = rendered.get(statistics);
    if (last !== undefined && last.days === days && last.historySection === historySection) return last.body;
    const body = app.view('home', { statistics, historySection }).then((html) => Buffer.from(html));
    const entry = { days, historySection, body };
    rendered.set(statistics, entry);
    // A rendering that failed is not kept: the next page tries again.
    body.catch(() => {
      if (rendered.get(statistics) === entry) rendered.delete(statistics);
    });
    return body;
  };
}
