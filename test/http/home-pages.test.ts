import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { homePages } from '../../adapters/http/home-pages.js';
import type { VisitStatistics } from '../../core/visits/visit-statistics.js';

/** An app whose `view` renders a line from what it is given, and counts how often it was asked. */
function fakeApp() {
  const renders: unknown[] = [];
  const app = {
    view: async (name: string, data: { statistics: VisitStatistics; historySection: string }) => {
      renders.push(name);
      return `${name}: ${data.statistics.totalVisits} visits – ${data.historySection}`;
    },
  } as unknown as FastifyInstance;
  return { app, renders };
}

const statistics = (totalVisits: number): VisitStatistics => ({ totalVisits, uniqueVisitors: 1, today: { visits: 1, uniqueVisitors: 1 } });

describe('homePages', () => {
  it('renders and encodes a page once for every request answered the same statistics', async () => {
    const { app, renders } = fakeApp();
    const pageOf = homePages(app);
    const shared = statistics(7);

    const pages = await Promise.all(Array.from({ length: 20 }, () => pageOf(shared, 30, 'chart')));

    expect(renders).toEqual(['home']);
    expect(new Set(pages).size).toBe(1);
    expect(pages[0]?.toString()).toBe('home: 7 visits – chart');
  });

  it('renders again for other statistics, another range of days or another history, even when equal', async () => {
    const { app, renders } = fakeApp();
    const pageOf = homePages(app);
    const shared = statistics(7);

    await pageOf(shared, 30, 'chart');
    expect((await pageOf(statistics(7), 30, 'chart')).toString()).toBe('home: 7 visits – chart');
    expect((await pageOf(shared, 90, 'chart')).toString()).toBe('home: 7 visits – chart');
    expect((await pageOf(shared, 90, 'another chart')).toString()).toBe('home: 7 visits – another chart');
    expect(renders).toHaveLength(4);
  });

  it('does not keep a rendering that failed', async () => {
    let fail = true;
    const app = {
      view: async () => {
        if (fail) throw new Error('template error');
        return 'page';
      },
    } as unknown as FastifyInstance;
    const pageOf = homePages(app);
    const shared = statistics(1);

    await expect(pageOf(shared, 30, 'chart')).rejects.toThrow('template error');
    fail = false;
    expect((await pageOf(shared, 30, 'chart')).toString()).toBe('page');
  });
});
