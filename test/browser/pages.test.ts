/// <reference lib="dom" />
// The DOM types are for the functions passed to page.evaluate, which run in the browser.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../support/sql.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { seriousViolations } from './support/axe.js';
import { type Chromium, launchChromium, type PageProblems, watchProblems } from './support/chromium.js';

/**
 * The two pages in a real browser (Debian's Chromium driven by playwright-core) against the real app and
 * PostgreSQL: what a person sees and does, accessibility (axe-core), the CSP, and screenshots for the README.
 */
const SCREENSHOTS = process.env.TALLY_SCREENSHOTS_DIR ?? 'test-output/screenshots';
const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 800 };

let testApp: TestApp;
let baseUrl: string;
let browser: Chromium;
let page: Page;
let problems: PageProblems;

/** The app's own idea of today (UTC), read from its page, so the seeded history lines up with its clock. */
async function appToday(): Promise<string> {
  const response = await testApp.app.inject({ method: 'GET', url: '/?days=1', headers: { 'user-agent': 'seeder' } });
  const today = /<time datetime="(\d{4}-\d{2}-\d{2})">/.exec(response.body)?.[1];
  if (today === undefined) throw new Error('the home page shows no day');
  return today;
}

/**
 * Four weeks of earlier traffic, written as the per-day counters the chart reads (the page never reads the
 * visits): a weekly rhythm, so the chart and the screenshots look like a site in use.
 */
async function seedHistory(): Promise<void> {
  const today = new Date(`${await appToday()}T00:00:00.000Z`);
  for (let back = 1; back < 30; back += 1) {
    const day = new Date(today.getTime() - back * 86_400_000).toISOString().slice(0, 10);
    const visits = 18 + ((back * 7) % 13) + (back % 7 < 2 ? 10 : 0);
    const unique = Math.ceil(visits * 0.6);
    await sql(
      testApp,
      'insert into visit_counter (day, shard, visits, unique_visitors, new_visitors) values ($1, 0, $2, $3, $4)',
      [day, visits, unique, Math.ceil(unique / 3)],
    );
  }
}

beforeAll(async () => {
  testApp = await startTestApp({ USER_NAME: 'Ada Lovelace', USER_URL: 'https://ada.example.org/' });
  await seedHistory();
  baseUrl = await testApp.app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchChromium();
  await mkdir(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await testApp?.close();
});

// A new tab per test, with its own problem log; the profile (and so the cookies) is the browser's.
afterEach(async () => {
  await page?.close();
});

async function openPage(path: string): Promise<void> {
  page = await browser.context.newPage();
  problems = await watchProblems(page);
  await page.setViewportSize(DESKTOP);
  const response = await page.goto(`${baseUrl}${path}`);
  expect(response?.status()).toBe(200);
}

function expectNoProblems(): void {
  expect(problems.consoleErrors, 'console errors').toEqual([]);
  expect(problems.pageErrors, 'uncaught exceptions').toEqual([]);
  expect(problems.cspViolations, 'CSP violations').toEqual([]);
}

async function number(selector: string): Promise<number> {
  return Number(await page.locator(selector).textContent());
}

/** The newest day's bar: its height and the figures in its tooltip title. */
async function todaysBar(): Promise<{ height: number; title: string }> {
  const bar = page.locator('#visits-chart .bars rect').last();
  return { height: Number(await bar.getAttribute('height')), title: String(await bar.locator('title').textContent()) };
}

async function screenshots(name: string): Promise<void> {
  await page.setViewportSize(DESKTOP);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-desktop.png`), fullPage: true });
  await page.setViewportSize(PHONE);
  // Nothing wider than the phone: no sideways scrolling.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-phone.png`), fullPage: true });
}

describe('the home page in Chromium', () => {
  it('shows the figures and a chart that grow when the page is visited again', async () => {
    await openPage('/');
    const total = await number('#total-visits');
    const today = await number('#today-visits');
    const bar = await todaysBar();

    await page.reload();
    await page.reload();

    expect(await number('#total-visits')).toBe(total + 2);
    expect(await number('#today-visits')).toBe(today + 2);
    const grown = await todaysBar();
    expect(grown.height).toBeGreaterThan(bar.height);
    expect(grown.title).toMatch(new RegExp(`: ${today + 2} visits,`));
    expect(await page.locator('#visits-table tbody tr').first().locator('td').first().textContent()).toBe(String(today + 2));
  });

  it('has a title, a language, the chart with its text alternative, the UTC boundary, the owner and the version', async () => {
    await openPage('/');

    expect(await page.title()).toBe('Visits · tally');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await expect(page.locator('#visits-chart').getAttribute('role')).resolves.toBe('img');
    expect(await page.locator('#chart-summary').textContent()).toMatch(/^From \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2} \(UTC\): \d+ visits in all/);
    expect(await page.locator('#visits-table tbody tr').count()).toBe(30);
    expect(await page.locator('main').textContent()).toContain('midnight UTC');
    expect(await page.locator('footer a').getAttribute('href')).toBe('https://ada.example.org/');
    expect(await page.locator('footer').textContent()).toContain('tally 1.0.0');
  });

  it('shows a longer range by the link the page offers', async () => {
    await openPage('/');

    await page.getByRole('link', { name: '90 days' }).click();
    // click() returns once the navigation commits; the new page's table may not be parsed yet.
    await page.waitForLoadState();

    expect(page.url()).toBe(`${baseUrl}/?days=90`);
    expect(await page.locator('#visits-table tbody tr').count()).toBe(90);
    expect(await page.locator('h2').first().textContent()).toBe('The last 90 days');
  });

  it('loads its stylesheet and icon with no console error and no CSP violation, and has no serious accessibility violation', async () => {
    await openPage('/');

    // The stylesheet applied (a refused one would leave the browser's white default).
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(246, 247, 249)');
    expect(await seriousViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(21, 23, 26)');
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'home-dark-desktop.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'light' });
    await screenshots('home');
    expectNoProblems();
  });
});

describe('the form in Chromium', () => {
  it('saves what a person fills in and thanks them after the redirect', async () => {
    await openPage('/form');

    await page.getByLabel('Name').fill('Grace Hopper');
    await page.getByLabel('Favourite colour').fill('navy blue');
    await page.getByLabel('dogs').check();
    await page.getByRole('button', { name: 'Send' }).click();
    await page.waitForURL(/\/form\?submitted=/);

    await expect(page.getByRole('status').textContent()).resolves.toContain('your answers were saved');
    const id = new URL(page.url()).searchParams.get('submitted');
    const rows = await sql(testApp, 'select name, favorite_color, pet from form_submission where id = $1', [id]);
    expect(rows).toEqual([{ name: 'Grace Hopper', favorite_color: 'navy blue', pet: 'dogs' }]);
    expectNoProblems();
  });

  it('shows each error next to its field, in words, keeping what was typed', async () => {
    await openPage('/form');

    await page.getByLabel('Name').fill('Ada');
    await page.getByLabel('Favourite colour').fill('   ');
    const answer = page.waitForResponse((response) => response.request().method() === 'POST');
    await page.getByRole('button', { name: 'Send' }).click();
    expect((await answer).status()).toBe(400);
    await page.waitForLoadState();

    await expect(page.getByRole('alert').textContent()).resolves.toContain('Your answers were not saved');
    const colour = page.getByLabel('Favourite colour');
    await expect(colour.getAttribute('aria-invalid')).resolves.toBe('true');
    // Next to the field: in its own block, and announced with it through aria-describedby.
    expect(await page.locator('.field:has(#favoriteColor) .field-error').textContent()).toBe('Favourite colour must not be empty.');
    expect(await colour.getAttribute('aria-describedby')).toContain('favoriteColor-error');
    expect(await page.locator('fieldset:has(input[name="pet"]) .field-error').textContent()).toMatch(/must be one of cats, dogs\.$/);
    expect(await page.getByLabel('Name').inputValue()).toBe('Ada');
    expect(await page.locator('#name-error').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: join(SCREENSHOTS, 'form-errors-phone.png'), fullPage: true });
  });

  it('refuses a form posted without its CSRF token and stores nothing', async () => {
    await openPage('/form');
    await page.evaluate(() => document.querySelector('input[name="_csrf"]')?.remove());

    await page.getByLabel('Name').fill('Mallory');
    await page.getByLabel('Favourite colour').fill('grey');
    await page.getByLabel('cats').check();
    const answer = page.waitForResponse((response) => response.request().method() === 'POST');
    await page.getByRole('button', { name: 'Send' }).click();

    expect((await answer).status()).toBe(403);
    await page.waitForLoadState();
    expect(await page.locator('h1').textContent()).toBe('That form could not be accepted');
    expect(await sql(testApp, "select id from form_submission where name = 'Mallory'")).toEqual([]);
  });

  it('has a title, labelled inputs, no console error, no CSP violation and no serious accessibility violation', async () => {
    await openPage('/form');

    expect(await page.title()).toBe('The form · tally');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await seriousViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await seriousViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'light' });
    await screenshots('form');
    expectNoProblems();
  });
});

describe('the problem watch itself', () => {
  it('notices a CSP violation when one happens, so the pages’ clean record means something', async () => {
    await openPage('/form');

    await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<p style="color: red">injected</p>'));
    await expect.poll(() => problems.cspViolations.length).toBeGreaterThan(0);
    expect(problems.cspViolations[0]).toMatch(/^style-src/);
  });
});

describe('a page that does not exist, in Chromium', () => {
  it('is a 404 page in the site’s layout with a way back', async () => {
    page = await browser.context.newPage();
    const response = await page.goto(`${baseUrl}/no-such-page`);

    expect(response?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('Page not found');
    await page.getByRole('link', { name: 'the visits page' }).click();
    expect(page.url()).toBe(`${baseUrl}/`);
  });
});
