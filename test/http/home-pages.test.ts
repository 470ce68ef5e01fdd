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

/** A history section that counts how often it was drawn. */
function counted(html: string) {
  const section = async () => {
    section.calls += 1;
    return html;
  };
  section.calls = 0;
  return section;
}

describe('homePages', () => {
  it('makes a page once for every request answered the same statistics: one history, one rendering, the same bytes', async () => {
    const { app, renders } = fakeApp();
    const pageOf = homePages(app);
    const shared = statistics(7);
    const section = counted('chart');

    const pages = await Promise.all(Array.from({ length: 20 }, () => pageOf(shared, 30, section)));

    expect(section.calls).toBe(1);
    expect(renders).toEqual(['home']);
    expect(new Set(pages).size).toBe(1);
    expect(pages[0]?.toString()).toBe('home: 7 visits – chart');
  });

  it('makes another page for other statistics, even equal ones, and for another range of days', async () => {
    const { app, renders } = fakeApp();
    const pageOf = homePages(app);
    const shared = statistics(7);

    await pageOf(shared, 30, counted('30 days'));
    expect((await pageOf(statistics(7), 30, counted('30 days'))).toString()).toBe('home: 7 visits – 30 days');
    expect((await pageOf(shared, 90, counted('90 days'))).toString()).toBe('home: 7 visits – 90 days');
    expect(renders).toHaveLength(3);
  });

  it('does not keep a page that failed', async () => {
    const { app } = fakeApp();
    const pageOf = homePages(app);
    const shared = statistics(1);
    const failing = async () => {
      throw new Error('the history could not be read');
    };

    await expect(pageOf(shared, 30, failing)).rejects.toThrow('the history could not be read');
    expect((await pageOf(shared, 30, counted('chart'))).toString()).toBe('home: 1 visits – chart');
  });
});
