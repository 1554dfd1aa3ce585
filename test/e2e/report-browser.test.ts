/**
 * report.html in a real browser: a failing run of the command line (a fault of
 * the embedded reference server switched on) writes the report, and headless
 * Chromium opens it from disk. It must render the verdict, the counts and one
 * row per check, fetch nothing, filter, show each failure with its exchange and
 * curl line, leak no bearer token, and render the coverage, timeline and
 * latency sections.
 */
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResults } from '../../lib/results/run-results.ts';
import { launchHeadlessChromium } from '../support/headless-chromium.ts';
import { runCli, ROOT } from '../support/run-cli.ts';

// app-list-bad-mode breaks response.schema in the apps suite (area responses); version-empty breaks
// meta.version.ok in the meta suite (area meta). Two failing areas make the combined filters tell
// something the single ones do not.
const FAULTS = 'app-list-bad-mode,version-empty';
const SCREENSHOT = join(ROOT, 'reports/screenshots/report-failing-view.png');
const FILTERS = ['status', 'area', 'level'] as const;
type Filter = (typeof FILTERS)[number];

let browser: Browser | undefined;
let page: Page;
let results: RunResults;
let html: string;
let reportUrl: string;
const requested: string[] = [];

async function filter(values: Partial<Record<Filter, string>>): Promise<void> {
  for (const name of FILTERS) await page.selectOption(`.filters select[name=${name}]`, values[name] ?? '');
}

async function visibleRows(selector = ''): Promise<number> {
  return page.locator(`tr.check${selector}:visible`).count();
}

async function shown(): Promise<number> {
  return Number(await page.locator('#shown').textContent());
}

beforeAll(async () => {
  // The browser first, so a machine without Chromium fails at once with the install hint.
  browser = await launchHeadlessChromium();
  const run = await runCli(['run', 'meta', 'apps', 'device-flow'], { env: { DIFY_REFERENCE_FAULTS: FAULTS, DIFY_FUZZ_RUNS: '5' }, timeoutMs: 90_000 });
  expect(run.code, run.stderr).toBe(1);
  results = run.results();
  const reportPath = join(run.reportDir, 'report.html');
  html = readFileSync(reportPath, 'utf8');
  reportUrl = pathToFileURL(reportPath).href;

  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(10_000);
  page.on('request', (request) => {
    requested.push(request.url());
  });
  await page.goto(reportUrl, { waitUntil: 'load', timeout: 15_000 });
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe('report.html in headless Chromium', () => {
  it('renders the FAIL verdict, the summary counts and one row per check', async () => {
    expect(results.summary.verdict).toBe('fail');
    expect(results.summary.failed).toBeGreaterThanOrEqual(2);
    await expect.poll(() => page.locator('.verdict.fail').textContent()).toBe('FAIL');
    const counts = await page.locator('#counts span').allTextContents();
    const s = results.summary;
    expect(counts).toEqual([
      `passed ${s.passed}`,
      `failed ${s.failed}`,
      `warnings ${s.warnings}`,
      `skipped ${s.skipped}`,
      `errored ${s.errored}`,
      `required failed ${s.requiredFailed}`,
    ]);
    expect(await page.locator('tr.check').count()).toBe(results.checks.length);
    expect(await visibleRows()).toBe(results.checks.length);
    expect(await shown()).toBe(results.checks.length);
  });

  it('opens on the failing check ids, each once, before the table of every check', async () => {
    const failing = [...new Set(results.checks.filter((c) => c.status === 'failed' && c.required).map((c) => c.id))].sort();
    expect(await page.locator('section#failing li.problem').evaluateAll((items) => items.map((li) => li.getAttribute('data-check')))).toEqual(failing);
    const top = async (selector: string): Promise<number> => (await page.locator(selector).first().boundingBox())?.y ?? Number.NaN;
    expect(await top('section#failing')).toBeLessThan(await top('tr.check'));
  });

  it('filters by status, area and level, alone and combined, and resets', async () => {
    const failed = results.checks.filter((c) => c.status === 'failed' && c.required);
    await filter({ status: 'failed' });
    expect(await visibleRows()).toBe(results.summary.failed);
    expect(await visibleRows('[data-status="failed"]')).toBe(results.summary.failed);
    expect(await shown()).toBe(results.summary.failed);
    expect(failed).toHaveLength(results.summary.failed);

    const area = failed[0]?.area ?? '';
    const inArea = results.checks.filter((c) => c.area === area);
    await filter({ area });
    expect(await visibleRows()).toBe(inArea.length);
    expect(await visibleRows(`[data-area="${area}"]`)).toBe(inArea.length);
    expect(await shown()).toBe(inArea.length);

    const failedInArea = failed.filter((c) => c.area === area).length;
    await filter({ status: 'failed', area });
    expect(await visibleRows()).toBe(failedInArea);
    expect(await visibleRows(`[data-status="failed"][data-area="${area}"]`)).toBe(failedInArea);
    expect(failedInArea).toBeLessThan(failed.length);
    expect(failedInArea).toBeLessThan(inArea.length);
    expect(await shown()).toBe(failedInArea);

    const mustInArea = inArea.filter((c) => c.level === 'MUST').length;
    await filter({ area, level: 'MUST' });
    expect(await visibleRows()).toBe(mustInArea);
    expect(await visibleRows(`[data-area="${area}"][data-level="MUST"]`)).toBe(mustInArea);
    expect(await shown()).toBe(mustInArea);

    await filter({});
    expect(await visibleRows()).toBe(results.checks.length);
    expect(await shown()).toBe(results.checks.length);
  });

  it('opens every failure with its request, response and a curl line that reproduces it', async () => {
    const rows = page.locator('tr.check[data-status="failed"]');
    expect(await rows.count()).toBe(results.summary.failed);
    for (const row of await rows.all()) {
      const open = row.locator('details[open]');
      expect(await open.count()).toBe(1);
      const headings = await open.locator('.exchange h4').allTextContents();
      expect(headings).toEqual(expect.arrayContaining(['Request', 'Response', 'Reproduce']));
      expect(await open.locator('pre.curl').first().textContent()).toMatch(/^curl\s/);
    }
  });

  it('carries no bearer token: only [REDACTED] or a $VARIABLE stands in for one', async () => {
    const text = (await page.locator('html').textContent()) ?? '';
    for (const content of [html, text]) {
      expect(content).not.toMatch(/\bdfo[ae]_[A-Za-z0-9_-]{10,}/);
      // A credential after the scheme, not prose ("the Bearer scheme"). Curl lines send
      // "Authorization: Bearer $DIFY_TOKEN", exchanges show "Bearer [REDACTED]", a 401 challenge
      // "Bearer realm=…"; anything else token-like after it would be a leak.
      expect(content).not.toMatch(/Bearer\s+(?!\[REDACTED\]|\$[A-Z_]+\b|realm=)[A-Za-z0-9._~+/=-]{16,}/);
    }
    expect(text).toContain('[REDACTED]');
  });

  it('renders the coverage line and the device-flow timelines', async () => {
    expect((await page.locator('#coverage-line').textContent())?.trim()).not.toBe('');
    expect(await page.locator('section#timelines tbody tr').count()).toBeGreaterThan(0);
  });

  it('renders the latency of each operation', async () => {
    const section = page.locator('section#latency');
    expect(await section.locator('tr.latency').count()).toBeGreaterThan(0);
    // Columns are found by their headings, so a column added to the table does not break this.
    for (const table of await section.locator('table:has(tr.latency)').all()) {
      const headings = (await table.locator('thead th').allTextContents()).map((h) => h.trim());
      const columns = [/^(requests|streams)$/, /^p50\b/, /^p95\b/, /^p99\b/].map((heading) => headings.findIndex((h) => heading.test(h)));
      expect(columns, headings.join(' | ')).not.toContain(-1);
      for (const row of await table.locator('tr.latency').all()) {
        const cells = await row.locator('td').allTextContents();
        expect(cells[0]?.trim()).not.toBe('');
        const [count, p50, p95, p99] = columns.map((i) => Number.parseFloat(cells[i] ?? ''));
        expect(count).toBeGreaterThanOrEqual(1);
        expect(p50).toBeLessThanOrEqual(p95 ?? Number.NaN);
        expect(p95).toBeLessThanOrEqual(p99 ?? Number.NaN);
      }
    }
  });

  it('screenshots the failing view', async () => {
    await filter({ status: 'failed' });
    mkdirSync(join(ROOT, 'reports/screenshots'), { recursive: true });
    rmSync(SCREENSHOT, { force: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true, timeout: 15_000 });
    expect(statSync(SCREENSHOT).size).toBeGreaterThan(10 * 1024);
    console.info(`report screenshot: ${SCREENSHOT}`);
  });

  // Last, so that it covers every interaction above: loading, filtering, the screenshot.
  it('is self-contained: the page requested nothing but its own file', () => {
    expect(requested.length).toBeGreaterThan(0);
    expect(requested.filter((url) => url !== reportUrl)).toEqual([]);
  });
});
