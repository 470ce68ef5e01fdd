import { describe, expect, it } from 'vitest';
import { shortDay, visitsChart } from '../../adapters/http/visits-chart.js';

describe('the chart’s day labels', () => {
  it.each([
    ['2026-01-01', '1 Jan'],
    ['2026-03-07', '7 Mar'],
    ['2026-10-10', '10 Oct'],
    ['2026-12-31', '31 Dec'],
  ])('writes %s as %s', (day, label) => {
    expect(shortDay(day)).toBe(label);
  });

  it('names each bar by its day and figures, and labels the newest day under the axis', () => {
    const chart = visitsChart({
      from: '2026-11-29',
      to: '2026-12-01',
      days: [
        { day: '2026-11-29', visits: 0, uniqueVisitors: 0 },
        { day: '2026-11-30', visits: 1, uniqueVisitors: 1 },
        { day: '2026-12-01', visits: 12, uniqueVisitors: 5 },
      ],
    });

    expect(chart.bars.map((bar) => bar.label)).toEqual([
      '29 Nov: 0 visits, 0 unique',
      '30 Nov: 1 visit, 1 unique',
      '1 Dec: 12 visits, 5 unique',
    ]);
    expect(chart.dayLabels.at(-1)?.text).toBe('1 Dec');
  });
});
