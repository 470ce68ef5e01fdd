import type { DailyVisits } from '../../core/visits/daily-visits.js';
import type { VisitHistory } from '../../core/visits/get-visit-history.js';

/**
 * The geometry of the home page's chart, computed here so the template only draws: one bar per day for the
 * visits and a line through each day's unique visitors, on a shared scale with a few round gridlines.
 * Coordinates are in the SVG's viewBox units; the stylesheet scales the picture to the page's width.
 */
export interface VisitsChart {
  readonly width: number;
  readonly height: number;
  readonly plot: { readonly left: number; readonly right: number; readonly top: number; readonly bottom: number };
  readonly bars: readonly { readonly x: number; readonly y: number; readonly width: number; readonly height: number; readonly label: string }[];
  /** The unique-visitors line as SVG `points`. */
  readonly line: string;
  /** One dot per day where days are few enough to tell apart. */
  readonly dots: readonly { readonly x: number; readonly y: number }[];
  readonly gridlines: readonly { readonly y: number; readonly value: number }[];
  readonly dayLabels: readonly { readonly x: number; readonly text: string }[];
}

const WIDTH = 640;
const HEIGHT = 300;
// Room on the left for the scale and on the right for half of the newest day's label, which sits under its bar.
const PLOT = { left: 48, right: WIDTH - 30, top: 14, bottom: HEIGHT - 40 } as const;
const DAY_LABELS = 4;
const MAX_DOTS = 45;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * "2026-03-07" → "7 Mar": short enough for an axis, unambiguous in any locale. Read by position: a page draws two
 * per day, and splitting the text took a quarter of the time a page took to draw (bench/README.md, seventh session).
 */
export function shortDay(day: string): string {
  return `${Number(day.slice(8, 10))} ${MONTHS[Number(day.slice(5, 7)) - 1]}`;
}

/** The smallest of 1, 2, 5 × 10ⁿ that splits `max` into at most four steps. */
function gridStep(max: number): number {
  const rough = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  return [1, 2, 5, 10].map((factor) => factor * magnitude).find((step) => step >= rough) ?? 10 * magnitude;
}

function describe(daily: DailyVisits): string {
  const visits = `${daily.visits} ${daily.visits === 1 ? 'visit' : 'visits'}`;
  return `${shortDay(daily.day)}: ${visits}, ${daily.uniqueVisitors} unique`;
}

export function visitsChart(history: VisitHistory): VisitsChart {
  const days = history.days;
  // Visits are never fewer than unique visitors, so the busiest day's visits fit both series; 4 keeps a quiet
  // month from looking busy.
  const peak = Math.max(4, ...days.map((daily) => daily.visits));
  const step = gridStep(peak);
  const top = step * Math.ceil(peak / step);
  const plotHeight = PLOT.bottom - PLOT.top;
  const slot = (PLOT.right - PLOT.left) / days.length;
  const yOf = (value: number) => PLOT.bottom - (value / top) * plotHeight;
  const centreOf = (index: number) => PLOT.left + slot * (index + 0.5);
  const barWidth = Math.max(1, slot * 0.7);

  const bars = days.map((daily, index) => ({
    x: round(centreOf(index) - barWidth / 2),
    y: round(yOf(daily.visits)),
    width: round(barWidth),
    height: round(PLOT.bottom - yOf(daily.visits)),
    label: describe(daily),
  }));
  const points = days.map((daily, index) => ({ x: round(centreOf(index)), y: round(yOf(daily.uniqueVisitors)) }));
  const labelEvery = Math.ceil(days.length / DAY_LABELS);
  // Counted back from today, so the newest day always has its label.
  const dayLabels = days
    .map((daily, index) => ({ index, text: shortDay(daily.day) }))
    .filter(({ index }) => (days.length - 1 - index) % labelEvery === 0)
    .map(({ index, text }) => ({ x: round(centreOf(index)), text }));

  return {
    width: WIDTH,
    height: HEIGHT,
    plot: PLOT,
    bars,
    line: points.map((point) => `${point.x},${point.y}`).join(' '),
    dots: days.length <= MAX_DOTS ? points : [],
    gridlines: Array.from({ length: top / step + 1 }, (_, index) => ({ y: round(yOf(index * step)), value: index * step })),
    dayLabels,
  };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
