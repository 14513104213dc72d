// Browser test suite for the sachstand portal (headless Chromium via playwright-core).
//
// For every public page type (fixed paths plus the first detail page linked from each list
// page) it checks: the HTTP status, that no request leaves BASE_URL's host, that no cookie is
// set, exactly one <h1>, <html lang> of the page's language (English under /en), a language
// switch and hreflang alternates, no axe-core WCAG 2.1 A/AA violation, no horizontal
// overflow at 320 px width, and HTML validity with the Nu HTML Checker (one vnu run over all
// saved response bodies). It also checks that the project list works without JavaScript and
// takes full-page screenshots (phone and desktop) of the overview, a project and the services.
// Then the admin area (admin.mjs): login and session cookie, editing, a milestone, an editing
// conflict, and axe/headers/HTML of every admin page type; its HTML joins the same vnu run.
//
// Run from the repository root (the account must exist, see scripts/test):
//   ADMIN_EMAIL=… ADMIN_PASSWORD=… BASE_URL=http://127.0.0.1:PORT SCREENSHOT_DIR=/path \
//     node tests/browser/suite.mjs
// Prints one line per check and finally "N passed, M failed"; exits 1 if anything failed.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { runAdminChecks } from './admin.mjs';

const BASE_URL = (process.env.BASE_URL || 'http://127.0.0.1:3000').replace(/\/+$/, '');
const SCREENSHOT_DIR = process.env.SCREENSHOT_DIR || 'target/screenshots';
const BASE = new URL(BASE_URL);
const VNU_JAR = fileURLToPath(new URL('./node_modules/vnu-jar/build/dist/vnu.jar', import.meta.url));

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  // The second city's host reaches the same server (on IPv4, where it listens).
  '--host-resolver-rules=MAP musterstadt.localhost 127.0.0.1',
];
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 800 };
const NARROW = { width: 320, height: 800 };

// Fixed paths and the status each must answer with.
const FIXED_PAGES = [
  ['/', 200],
  ['/strategie', 200],
  ['/organisation', 200],
  ['/handlungsfelder', 200],
  ['/projekte', 200],
  ['/projekte?art=flagship&status=final_report_drafted', 200],
  ['/meilensteine', 200],
  ['/meilensteine?ansicht=erreicht&seite=2', 200],
  ['/online-dienste', 200],
  ['/online-dienste?status=online&reifegrad=3', 200],
  ['/berichte', 200],
  // The 2023 report refers to figures: tables and charts frozen at release, and the document's checksum.
  ['/berichte/2023', 200],
  ['/berichte/vergleich', 200],
  ['/anfragen', 200],
  ['/daten', 200],
  ['/aktuelles', 200],
  ['/aktuelles?projekt=arbeitsplatz-der-zukunft', 200],
  ['/suche?q=Digitalisierung', 200],
  ['/barrierefreiheit', 200],
  ['/leichte-sprache', 200],
  ['/impressum', 200],
  ['/datenschutz', 200],
  ['/gibt-es-nicht', 404],
  ['/projekte?art=unsinn', 400],
  // Dated views (`?stand=`): the banner, the open date picker, links that keep the date.
  ['/?stand=2023-05-12', 200],
  ['/online-dienste?stand=2023-05-12', 200],
  ['/projekte/arbeitsplatz-der-zukunft?stand=2023-05-12', 200],
  ['/projekte?stand=2019-01-01', 400],
];

// The English pages (issue 14): the same paths under /en, with their own 404 and 400.
const ENGLISH_PAGES = [
  ['/en', 200],
  ['/en/strategie', 200],
  ['/en/organisation', 200],
  ['/en/handlungsfelder', 200],
  ['/en/projekte', 200],
  ['/en/meilensteine', 200],
  ['/en/online-dienste', 200],
  ['/en/berichte', 200],
  ['/en/berichte/2023', 200],
  ['/en/berichte/vergleich', 200],
  ['/en/anfragen', 200],
  ['/en/daten', 200],
  ['/en/aktuelles', 200],
  ['/en/suche?q=Daten', 200],
  ['/en/barrierefreiheit', 200],
  ['/en/impressum', 200],
  ['/en/datenschutz', 200],
  ['/en/gibt-es-nicht', 404],
  ['/en/projekte?art=unsinn', 400],
  ['/en?stand=2023-05-12', 200],
];

// The second demo city, Musterstadt, on its own host (browsers resolve *.localhost to loopback).
const MUSTER_BASE = `${BASE.protocol}//musterstadt.localhost:${BASE.port}`;
const MUSTER_PAGES = [
  ['/', 200],
  ['/projekte', 200],
  ['/online-dienste', 200],
  ['/berichte', 200],
  ['/impressum', 200],
  ['/en', 200],
];

// Detail pages: the first link matching `selector` on the list page `list`.
const DETAIL_PAGES = [
  { name: 'handlungsfeld', list: '/handlungsfelder', selector: 'a[href^="/handlungsfelder/"]' },
  { name: 'project', list: '/projekte', selector: 'main a[href^="/projekte/"]' },
  { name: 'service', list: '/online-dienste', selector: 'main a[href^="/online-dienste/"]' },
  { name: 'report', list: '/berichte', selector: 'a[href^="/berichte/"]' },
  { name: 'inquiry', list: '/anfragen', selector: 'a[href^="/anfragen/"]' },
  { name: 'en-handlungsfeld', list: '/en/handlungsfelder', selector: 'a[href^="/en/handlungsfelder/"]' },
  { name: 'en-project', list: '/en/projekte', selector: 'main a[href^="/en/projekte/"]' },
  { name: 'en-service', list: '/en/online-dienste', selector: 'main a[href^="/en/online-dienste/"]' },
  { name: 'en-inquiry', list: '/en/anfragen', selector: 'a[href^="/en/anfragen/"]' },
];

// ---------------------------------------------------------------------------------------------
// Reporting

let passed = 0;
let failed = 0;

function ok(name) {
  passed += 1;
  console.log(`ok  ${name}`);
}

function fail(name, details = []) {
  failed += 1;
  console.log(`FAIL ${name}`);
  for (const line of [].concat(details)) console.log(`       ${line}`);
}

function check(name, condition, details) {
  if (condition) ok(name);
  else fail(name, details);
}

// ---------------------------------------------------------------------------------------------
// Helpers

const url = (pathAndQuery) => BASE_URL + pathAndQuery;

// Path and query of an href found on a page, relative to BASE_URL (fragment dropped).
function localPath(href) {
  const u = new URL(href, BASE_URL + '/');
  return u.pathname + u.search;
}

// True if a request URL points somewhere other than `base`'s host (data:/blob: are local).
function isForeign(requestUrl, base = BASE) {
  const u = new URL(requestUrl);
  if (u.protocol === 'data:' || u.protocol === 'blob:' || u.protocol === 'about:') return false;
  return u.host !== base.host || u.protocol !== base.protocol;
}

function describeTarget(target) {
  // axe targets are selectors, or arrays of selectors for iframes / shadow DOM.
  return Array.isArray(target) ? target.join(' >>> ') : String(target);
}

// ---------------------------------------------------------------------------------------------
// Per-page checks

const htmlDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sachstand-html-'));
const savedHtml = new Map(); // file name -> name of its html-valid check

// Saves one page's HTML for the vnu run at the end; `checkName` names its result line.
function saveHtml(checkName, html) {
  const file = `page-${String(savedHtml.size + 1).padStart(3, '0')}.html`;
  fs.writeFileSync(path.join(htmlDir, file), html);
  savedHtml.set(file, checkName);
}
const discovered = {}; // detail page name -> path

// `base` is another city's address (its host); the name of its checks then starts with that host.
async function checkPage(browser, pagePath, expectedStatus, base = BASE_URL) {
  const context = await browser.newContext({ viewport: DESKTOP });
  const page = await context.newPage();
  const foreign = [];
  const baseUrl = new URL(base);
  page.on('request', (req) => {
    if (isForeign(req.url(), baseUrl)) foreign.push(req.url());
  });
  const englishPage = pagePath === '/en' || pagePath.startsWith('/en/') || pagePath.startsWith('/en?');
  const expectedLang = englishPage ? 'en' : 'de';
  const address = base + pagePath;
  // The checks' names: the path, with the host for another city's pages.
  if (base !== BASE_URL) pagePath = `${baseUrl.host}${pagePath}`;

  try {
    let response;
    try {
      response = await page.goto(address, { waitUntil: 'load', timeout: 30000 });
    } catch (err) {
      fail(`load ${pagePath}`, err.message.split('\n')[0]);
      return;
    }
    if (!response) {
      fail(`load ${pagePath}`, 'no response');
      return;
    }

    const status = response.status();
    check(`status ${pagePath}`, status === expectedStatus, `expected ${expectedStatus}, got ${status}`);

    // Raw HTTP body for the Nu HTML Checker (run once at the end).
    try {
      saveHtml(`html-valid ${pagePath}`, await response.text());
    } catch (err) {
      fail(`html-save ${pagePath}`, err.message.split('\n')[0]);
    }

    const h1Count = await page.locator('h1').count();
    check(`h1 ${pagePath}`, h1Count === 1, `expected exactly one <h1>, found ${h1Count}`);

    const lang = await page.evaluate(() => document.documentElement.getAttribute('lang'));
    check(`lang ${pagePath}`, lang === expectedLang, `expected <html lang="${expectedLang}">, found ${JSON.stringify(lang)}`);

    // Every page links to itself in the other language, and names both in hreflang alternates.
    const alternates = await page.locator('link[rel="alternate"][hreflang]').evaluateAll(
      (links) => links.map((l) => `${l.getAttribute('hreflang')} ${l.getAttribute('href')}`));
    const switchLink = await page.locator('a.lang-switch[hreflang]').first().getAttribute('href', { timeout: 1000 }).catch(() => null);
    check(`language-switch ${pagePath}`, alternates.length === 2 && switchLink !== null &&
      alternates.some((a) => a.startsWith('de ')) && alternates.some((a) => a.startsWith('en ')),
      `alternates ${JSON.stringify(alternates)}, switch ${JSON.stringify(switchLink)}`);

    try {
      const axe = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
      check(
        `axe ${pagePath}`,
        axe.violations.length === 0,
        axe.violations.map((v) => {
          const targets = v.nodes.slice(0, 3).map((n) => describeTarget(n.target)).join(', ');
          return `${v.id} (${v.impact}): ${v.help} — ${v.nodes.length} node(s): ${targets}`;
        }),
      );
    } catch (err) {
      fail(`axe ${pagePath}`, err.message.split('\n')[0]);
    }

    // Detail page discovery: the first matching link on this list page.
    for (const d of DETAIL_PAGES.filter((d) => d.list === pagePath)) {
      const href = await page.locator(d.selector).first().getAttribute('href', { timeout: 1000 }).catch(() => null);
      if (href) {
        discovered[d.name] = localPath(href);
        ok(`discover ${d.name} ${pagePath} -> ${discovered[d.name]}`);
      } else {
        fail(`discover ${d.name} ${pagePath}`, `no ${d.selector} on ${pagePath}`);
      }
    }

    // No horizontal scrolling at 320 px (WCAG 1.4.10 reflow).
    await page.setViewportSize(NARROW);
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    check(`overflow-320 ${pagePath}`, scrollWidth <= NARROW.width,
      `document is ${scrollWidth}px wide at ${NARROW.width}px viewport`);

    check(`foreign-requests ${pagePath}`, foreign.length === 0,
      [...new Set(foreign)].slice(0, 5).map((u) => `request to ${u}`));

    const cookies = await context.cookies();
    check(`cookies ${pagePath}`, cookies.length === 0,
      cookies.map((c) => `cookie ${c.name} (domain ${c.domain})`));
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Without JavaScript: the project filter is a plain GET form, so results must render server-side.

async function checkWithoutJavaScript(browser) {
  const pagePath = '/projekte?art=quick_win';
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: DESKTOP });
  try {
    const page = await context.newPage();
    const response = await page.goto(url(pagePath), { waitUntil: 'load', timeout: 30000 });
    const status = response ? response.status() : 0;
    const links = await page.locator('main a[href^="/projekte/"]').count();
    check(`no-js ${pagePath}`, status === 200 && links > 0,
      `status ${status}, ${links} project link(s) in <main> (want 200 and at least one)`);
  } catch (err) {
    fail(`no-js ${pagePath}`, err.message.split('\n')[0]);
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Screenshots

async function takeScreenshots(browser) {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const targets = [
    ['overview', '/'],
    ['project', discovered.project],
    ['services', '/online-dienste'],
    ['report-2023', '/berichte/2023'],
    ['en-overview', '/en'],
    ['en-project', discovered['en-project']],
  ];
  for (const [name, pagePath] of targets) {
    for (const [size, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
      const file = path.join(SCREENSHOT_DIR, `${name}-${size}.png`);
      if (!pagePath) {
        fail(`screenshot ${name}-${size}`, `no ${name} page was discovered`);
        continue;
      }
      const context = await browser.newContext({ viewport });
      try {
        const page = await context.newPage();
        const response = await page.goto(url(pagePath), { waitUntil: 'load', timeout: 30000 });
        await page.screenshot({ path: file, fullPage: true });
        const status = response ? response.status() : 0;
        check(`screenshot ${name}-${size} ${pagePath} -> ${file}`, status === 200,
          `page answered ${status}; the screenshot shows an error page`);
      } catch (err) {
        fail(`screenshot ${name}-${size} ${pagePath}`, err.message.split('\n')[0]);
      } finally {
        await context.close();
      }
    }
  }
}

// A screenshot of another city's page (phone and desktop).
async function screenshotOf(browser, name, address) {
  for (const [size, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
    const file = path.join(SCREENSHOT_DIR, `${name}-${size}.png`);
    const context = await browser.newContext({ viewport });
    try {
      fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
      const page = await context.newPage();
      const response = await page.goto(address, { waitUntil: 'load', timeout: 30000 });
      await page.screenshot({ path: file, fullPage: true });
      check(`screenshot ${name}-${size} ${address} -> ${file}`, response && response.status() === 200,
        `page answered ${response ? response.status() : 0}`);
    } catch (err) {
      fail(`screenshot ${name}-${size} ${address}`, err.message.split('\n')[0]);
    } finally {
      await context.close();
    }
  }
}

// ---------------------------------------------------------------------------------------------
// HTML validity: one Nu HTML Checker run over every saved response body.

function validateHtml() {
  const files = [...savedHtml.keys()];
  if (files.length === 0) return;
  const result = spawnSync(
    'java',
    ['-jar', VNU_JAR, '--errors-only', '--format', 'json', ...files.map((f) => path.join(htmlDir, f))],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  // vnu writes its JSON report to stderr.
  let messages;
  try {
    messages = JSON.parse(result.stderr || result.stdout).messages;
  } catch {
    const output = `${result.error ? result.error.message : ''}${result.stderr}${result.stdout}`.trim();
    fail('html-valid (vnu did not produce a JSON report)', output.split('\n').slice(0, 10));
    return;
  }

  const byFile = new Map(files.map((f) => [f, []]));
  for (const m of messages) {
    if (m.type !== 'error' && m.type !== 'non-document-error') continue;
    const file = m.url ? path.basename(new URL(m.url).pathname) : '';
    const where = m.lastLine ? `line ${m.lastLine}: ` : '';
    const text = `${where}${m.message}${m.extract ? ` [${m.extract.replace(/\s+/g, ' ').trim()}]` : ''}`;
    if (byFile.has(file)) byFile.get(file).push(text);
    else fail('html-valid (unattributed message)', text);
  }
  for (const [file, errors] of byFile) {
    const details = errors.slice(0, 10);
    if (errors.length > 10) details.push(`… and ${errors.length - 10} more`);
    check(savedHtml.get(file), errors.length === 0, details);
  }
}

// ---------------------------------------------------------------------------------------------

async function main() {
  console.log(`Browser-Tests gegen ${BASE_URL}`);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    for (const [pagePath, status] of FIXED_PAGES) {
      await checkPage(browser, pagePath, status);
    }
    for (const [pagePath, status] of ENGLISH_PAGES) {
      await checkPage(browser, pagePath, status);
    }
    for (const d of DETAIL_PAGES) {
      if (discovered[d.name]) await checkPage(browser, discovered[d.name], 200);
    }
    for (const [pagePath, status] of MUSTER_PAGES) {
      await checkPage(browser, pagePath, status, MUSTER_BASE);
    }
    await screenshotOf(browser, 'musterstadt-overview', MUSTER_BASE + '/');
    await checkWithoutJavaScript(browser);
    await takeScreenshots(browser);
    await runAdminChecks(browser, {
      BASE_URL, SCREENSHOT_DIR, DESKTOP, AXE_TAGS, ok, fail, check, saveHtml, describeTarget,
    });
  } finally {
    await browser.close();
  }
  validateHtml();
}

try {
  await main();
} catch (err) {
  fail('suite crashed', String(err && err.stack ? err.stack : err).split('\n').slice(0, 5));
} finally {
  fs.rmSync(htmlDir, { recursive: true, force: true });
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
