// Browser checks of the admin area (/admin), run by suite.mjs after the public pages.
//
// Logs in through the form (ADMIN_EMAIL, ADMIN_PASSWORD) and checks the session cookie; edits a
// project and finds the change on the public page; marks a milestone reached and finds it on the
// public project page and under /aktuelles; provokes an editing conflict from two logged-in
// contexts and resolves it; and audits every admin page type (login, dashboard, lists, forms,
// the validation-error page, the conflict page, …): HTTP status, `Cache-Control: no-store`, a
// Content-Security-Policy without 'unsafe-inline', no CSP violation in the console, exactly one
// <h1>, <html lang="de">, no axe-core WCAG 2.1 A/AA violation. Each audited page's HTML is handed
// to suite.mjs for its single Nu HTML Checker run. Also takes desktop screenshots of the work
// screen and the conflict page.
//
// The database is throwaway: the checks change a project's title, mark a milestone reached and
// publish updates, and restore nothing.

import fs from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';

const ADMIN_EMAIL = process.env.ADMIN_EMAIL || '';
const ADMIN_PASSWORD = process.env.ADMIN_PASSWORD || '';

// Admin pages without an id in the address, audited after login.
const FIXED_ADMIN_PAGES = [
  '/admin/board',
  '/admin/freigaben',
  '/admin/projekte',
  '/admin/online-dienste',
  '/admin/online-dienste/import',
  '/admin/inhalte',
  '/admin/benutzer',
  '/admin/benutzer/neu',
  '/admin/konto',
  '/admin/meilensteine/neu',
];

const firstLine = (err) => String(err && err.message ? err.message : err).split('\n')[0];

// Today as the admin forms write it (TT.MM.JJJJ), in the machine's time zone like the server.
function germanToday() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${pad(d.getDate())}.${pad(d.getMonth() + 1)}.${d.getFullYear()}`;
}

/**
 * Runs all admin checks. `t` carries the reporting and helpers of suite.mjs:
 * { BASE_URL, SCREENSHOT_DIR, DESKTOP, AXE_TAGS, ok, fail, check, saveHtml, describeTarget }.
 */
export async function runAdminChecks(browser, t) {
  const { ok, fail, check } = t;
  const url = (p) => t.BASE_URL + p;
  const contexts = [];
  // Every admin document response (redirects included), for the header check over all of them.
  const adminResponses = [];
  const audited = new Set();

  if (!ADMIN_EMAIL || !ADMIN_PASSWORD) {
    fail('admin credentials', 'ADMIN_EMAIL and ADMIN_PASSWORD must be set; the admin checks did not run');
    return;
  }

  // -------------------------------------------------------------------------------------------
  // Helpers

  async function newContext() {
    const context = await browser.newContext({ viewport: t.DESKTOP });
    contexts.push(context);
    context.on('response', (response) => {
      const req = response.request();
      if (req.resourceType() !== 'document') return;
      const u = new URL(response.url());
      if (u.pathname === '/admin' || u.pathname.startsWith('/admin/')) {
        adminResponses.push({ method: req.method(), path: u.pathname + u.search, status: response.status(), headers: response.headers() });
      }
    });
    const page = await context.newPage();
    page.cspViolations = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) page.cspViolations.push(msg.text());
    });
    return { context, page };
  }

  // The final (non-redirect) response of the next main-frame navigation started by `action`.
  async function navigation(page, action) {
    const final = page.waitForResponse(
      (r) => r.request().isNavigationRequest() && r.frame() === page.mainFrame() && !(r.status() >= 300 && r.status() < 400),
      { timeout: 30000 },
    );
    await action();
    const response = await final;
    await page.waitForLoadState('load');
    return response;
  }

  const goto = (page, pagePath) => navigation(page, () => page.goto(url(pagePath), { waitUntil: 'commit', timeout: 30000 }));

  function pathOf(page) {
    const u = new URL(page.url());
    return u.pathname + u.search;
  }

  async function notice(page) {
    return ((await page.locator('main .alert--success').first().textContent({ timeout: 1000 }).catch(() => '')) || '').trim();
  }

  function checkHeaders(label, headers) {
    const cc = headers['cache-control'] || '';
    check(`admin cache-control ${label}`, cc.split(',').some((d) => d.trim().toLowerCase() === 'no-store'),
      `Cache-Control: ${cc || '(missing)'}`);
    const csp = headers['content-security-policy'] || '';
    check(`admin csp-header ${label}`, csp !== '' && !csp.includes("'unsafe-inline'"),
      csp ? `Content-Security-Policy: ${csp}` : 'no Content-Security-Policy header');
  }

  // Status, headers, HTML (for vnu), CSP violations, one <h1>, lang, axe; once per label.
  async function audit(page, label, response, expectedStatus = 200) {
    if (audited.has(label)) return;
    audited.add(label);
    const status = response ? response.status() : 0;
    check(`admin status ${label}`, status === expectedStatus, `expected ${expectedStatus}, got ${status} (${pathOf(page)})`);
    if (!response) return;
    checkHeaders(label, response.headers());

    let html;
    try {
      html = await response.text();
    } catch {
      html = await page.content(); // body not retrievable (should not happen for final responses)
    }
    t.saveHtml(`admin html-valid ${label}`, html);

    const h1Count = await page.locator('h1').count();
    check(`admin h1 ${label}`, h1Count === 1, `expected exactly one <h1>, found ${h1Count}`);
    const lang = await page.evaluate(() => document.documentElement.getAttribute('lang'));
    check(`admin lang ${label}`, lang === 'de', `expected <html lang="de">, found ${JSON.stringify(lang)}`);

    try {
      const axe = await new AxeBuilder({ page }).withTags(t.AXE_TAGS).analyze();
      check(
        `admin axe ${label}`,
        axe.violations.length === 0,
        axe.violations.map((v) => {
          const targets = v.nodes.slice(0, 3).map((n) => t.describeTarget(n.target)).join(', ');
          return `${v.id} (${v.impact}): ${v.help} — ${v.nodes.length} node(s): ${targets}`;
        }),
      );
    } catch (err) {
      fail(`admin axe ${label}`, firstLine(err));
    }

    check(`admin csp-violations ${label}`, page.cspViolations.length === 0,
      [...new Set(page.cspViolations)].slice(0, 3));
    page.cspViolations = [];
  }

  async function gotoAndAudit(page, pagePath, expectedStatus = 200) {
    try {
      const response = await goto(page, pagePath);
      await audit(page, pagePath, response, expectedStatus);
      return response;
    } catch (err) {
      fail(`admin load ${pagePath}`, firstLine(err));
      return null;
    }
  }

  async function screenshot(page, name) {
    fs.mkdirSync(t.SCREENSHOT_DIR, { recursive: true });
    const file = path.join(t.SCREENSHOT_DIR, `${name}.png`);
    try {
      await page.screenshot({ path: file, fullPage: true });
      ok(`admin screenshot ${name} ${pathOf(page)} -> ${file}`);
    } catch (err) {
      fail(`admin screenshot ${name}`, firstLine(err));
    }
  }

  // Logs in through the form; returns the final response (the dashboard), or null.
  async function login(page, name) {
    await page.locator('#email').fill(ADMIN_EMAIL);
    await page.locator('#password').fill(ADMIN_PASSWORD);
    const response = await navigation(page, () => page.getByRole('button', { name: 'Anmelden', exact: true }).click());
    const landed = new URL(page.url()).pathname;
    const problem = (await page.locator('.error-summary').textContent({ timeout: 500 }).catch(() => '')) || '';
    check(`admin login ${name} lands on /admin`, landed === '/admin' && response.status() === 200,
      `landed on ${landed} with status ${response.status()} ${problem.replace(/\s+/g, ' ').trim()}`);
    return landed === '/admin' ? response : null;
  }

  // Project ids linked from the admin project list.
  async function projectIds(page) {
    const hrefs = await page.locator('main a[href^="/admin/projekte/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    return [...new Set(hrefs.filter((h) => /^\/admin\/projekte\/\d+$/.test(h)).map((h) => h.split('/').pop()))];
  }

  // Saves the edit form on `page` (button "Speichern") and returns the final response.
  const saveForm = (page, form = page.locator('main form.form').filter({ has: page.locator('button[value="speichern"]') }).first()) =>
    navigation(page, () => form.locator('button[name="aktion"][value="speichern"]').click());

  async function step(name, fn) {
    try {
      return await fn();
    } catch (err) {
      fail(`admin ${name} (aborted)`, String(err && err.stack ? err.stack : err).split('\n').slice(0, 4));
      return undefined;
    }
  }

  // -------------------------------------------------------------------------------------------
  // 1. Login in a fresh context; the session cookie.

  const a = await newContext();
  const loggedIn = await step('login', async () => {
    const loginResponse = await goto(a.page, '/admin/anmelden');
    await audit(a.page, '/admin/anmelden', loginResponse); // logged out
    const dashboard = await login(a.page, 'A');
    if (!dashboard) return false;
    const cookies = await a.context.cookies(t.BASE_URL);
    const session = cookies.find((c) => c.name.includes('sachstand'));
    check('admin session cookie set', Boolean(session), `cookies: ${cookies.map((c) => c.name).join(', ') || '(none)'}`);
    if (session) {
      check(`admin session cookie ${session.name} HttpOnly`, session.httpOnly === true, `httpOnly is ${session.httpOnly}`);
      check(`admin session cookie ${session.name} SameSite=Strict`, session.sameSite === 'Strict', `sameSite is ${session.sameSite}`);
    }
    await audit(a.page, '/admin', dashboard);
    return true;
  });
  if (!loggedIn) {
    for (const c of contexts) await c.close();
    return;
  }

  // -------------------------------------------------------------------------------------------
  // Admin pages without ids.

  for (const pagePath of FIXED_ADMIN_PAGES) {
    await gotoAndAudit(a.page, pagePath);
    if (pagePath === '/admin/konto') {
      const svgs = await a.page.locator('main .qr svg').count();
      check('admin konto shows the inline SVG QR code', svgs === 1, `found ${svgs} <svg> in .qr`);
    }
  }

  const ids = await step('discover projects', async () => {
    await goto(a.page, '/admin/projekte');
    const found = await projectIds(a.page);
    check('admin discover projects /admin/projekte', found.length > 0, 'no project links in the list');
    return found;
  }) || [];
  const [p1, p2 = ids[0]] = ids;

  // -------------------------------------------------------------------------------------------
  // 2. Edit a project; the public page shows the new title.

  if (p1) await step('edit', async () => {
    const editPath = `/admin/projekte/${p1}`;
    await gotoAndAudit(a.page, editPath);
    const oldTitle = await a.page.locator('#f-title').inputValue();
    const slug = await a.page.locator('#f-slug').inputValue();
    const readonly = await a.page.locator('#f-slug').getAttribute('readonly');
    check(`admin edit slug field is readonly ${editPath}`, readonly !== null && slug !== '', `slug ${JSON.stringify(slug)}, readonly ${readonly}`);
    const newTitle = `${oldTitle} (geprüft)`;
    await a.page.locator('#f-title').fill(newTitle);
    const saved = await saveForm(a.page);
    const n = await notice(a.page);
    check(`admin edit save ${editPath}`, saved.status() === 200 && n.startsWith('Gespeichert'),
      `status ${saved.status()} at ${pathOf(a.page)}, notice ${JSON.stringify(n)}`);
    const titleAfter = await a.page.locator('#f-title').inputValue();
    check(`admin edit form shows the saved title ${editPath}`, titleAfter === newTitle, `title field is ${JSON.stringify(titleAfter)}`);

    // Saving the form unchanged apart from the title records exactly that one change.
    const historyPath = `/admin/projekte/${p1}/verlauf`;
    await gotoAndAudit(a.page, historyPath);
    const newest = a.page.locator('.history__item').first();
    const changed = await newest.locator('tbody th').allTextContents();
    check(`admin edit history records only the title change ${historyPath}`,
      changed.length === 1 && changed[0].trim() === 'Titel',
      `newest revision changes: ${changed.map((c) => c.trim()).join(', ') || '(none)'}`);

    const publicPath = `/projekte/${slug}`;
    const pub = await goto(a.page, publicPath);
    const h1 = ((await a.page.locator('h1').first().textContent()) || '').replace(/\s+/g, ' ').trim();
    check(`admin edit public page ${publicPath} shows the new title`, pub.status() === 200 && h1.includes(newTitle),
      `status ${pub.status()}, h1 ${JSON.stringify(h1)}, want ${JSON.stringify(newTitle)}`);
  });

  // A new annual report: the preview renders its sections with the live figures they refer to
  // (tables and charts drawn on the server, no JavaScript), checked like every page.
  await step('annual report preview', async () => {
    await gotoAndAudit(a.page, '/admin/berichte/neu');
    await a.page.locator('#f-year').fill('2027');
    await a.page.locator('#f-title').fill('Sachstandsbericht 2027');
    const form = a.page.locator('main form.form').filter({ has: a.page.locator('button[value="vorschau"]') }).first();
    const response = await navigation(a.page, () => form.locator('button[name="aktion"][value="vorschau"]').click());
    await audit(a.page, '/admin/berichte/neu [Vorschau mit Kennzahlen]', response, 200);
    const captions = await a.page.locator('main figure.report-figure caption').allTextContents();
    const charts = await a.page.locator('main figure.chart svg').count();
    check('admin report preview shows referenced tables and charts',
      captions.some((c) => c.includes('Projekte nach Status')) && charts >= 2,
      `captions ${JSON.stringify(captions)}, ${charts} charts`);
    await screenshot(a.page, 'admin-report-preview-desktop');
  });

  // The same form re-rendered with a validation error (empty title).
  if (p1) await step('validation error', async () => {
    const editPath = `/admin/projekte/${p1}`;
    await goto(a.page, editPath);
    await a.page.locator('#f-title').fill('');
    const response = await saveForm(a.page);
    const label = `${editPath} [422 Validierungsfehler]`;
    await audit(a.page, label, response, 422);
    const summary = ((await a.page.locator('.error-summary').first().textContent({ timeout: 1000 }).catch(() => '')) || '').trim();
    check(`admin validation error summary ${label}`, summary.includes('Es gibt ein Problem'), `error summary: ${JSON.stringify(summary)}`);
    const invalid = await a.page.locator('#f-title').getAttribute('aria-invalid');
    check(`admin validation aria-invalid #f-title ${label}`, invalid === 'true', `aria-invalid is ${JSON.stringify(invalid)}`);
    const link = await a.page.locator('.error-summary a[href="#f-title"]').count();
    check(`admin validation summary links to #f-title ${label}`, link === 1, `${link} link(s) to #f-title`);
  });

  // -------------------------------------------------------------------------------------------
  // 3. Mark a milestone reached; it shows on the public page and under /aktuelles.

  if (ids.length > 0) await step('milestone', async () => {
    let projectId = null;
    for (const id of ids) {
      await goto(a.page, `/admin/projekte/${id}/arbeit`);
      if (await a.page.locator('form[action$="/erreicht"]').count() > 0) {
        projectId = id;
        break;
      }
    }
    if (!projectId) {
      fail('admin milestone: no project with an open milestone', `looked at ${ids.length} project(s)`);
      return;
    }
    const workPath = `/admin/projekte/${projectId}/arbeit`;
    const response = await goto(a.page, workPath);
    await audit(a.page, workPath, response);
    await screenshot(a.page, 'admin-work-desktop');

    const slug = ((await a.page.locator('main p.actions a[href^="/projekte/"]').first().getAttribute('href')) || '').split('/').pop();
    const form = a.page.locator('form[action$="/erreicht"]').first();
    const action = await form.getAttribute('action');
    const button = form.getByRole('button', { name: /^Als erreicht markieren/ });
    const title = ((await button.locator('.visually-hidden').textContent()) || '').replace(/^:\s*/, '').trim();
    const date = await form.locator('input[name="date"]').inputValue();
    check(`admin milestone date prefilled with today ${action}`, date === germanToday(), `date field ${JSON.stringify(date)}, today ${germanToday()}`);

    const done = await navigation(a.page, () => button.click());
    const n = await notice(a.page);
    check(`admin milestone reached ${action}`, done.status() === 200 && n.includes('Meilenstein als erreicht eingetragen'),
      `status ${done.status()} at ${pathOf(a.page)}, notice ${JSON.stringify(n)}`);

    const publicPath = `/projekte/${slug}`;
    await goto(a.page, publicPath);
    const item = a.page.locator('.timeline__item').filter({ has: a.page.locator('.timeline__title', { hasText: title }) }).first();
    const badge = ((await item.locator('.timeline__title .badge').first().textContent({ timeout: 1000 }).catch(() => '')) || '').trim();
    const when = ((await item.locator('.timeline__date').textContent({ timeout: 1000 }).catch(() => '')) || '').replace(/\s+/g, ' ').trim();
    check(`admin milestone public timeline ${publicPath} shows „${title}“ erreicht`, badge === 'erreicht' && when.includes(germanToday()),
      `badge ${JSON.stringify(badge)}, date ${JSON.stringify(when)}`);

    await goto(a.page, '/aktuelles');
    const want = `Meilenstein erreicht: ${title}`;
    const titles = (await a.page.locator('.update-list__title').allTextContents()).map((s) => s.trim());
    check(`admin milestone update on /aktuelles „${want}“`, titles.includes(want),
      `first update titles: ${titles.slice(0, 3).map((s) => JSON.stringify(s)).join(', ') || '(none)'}`);
  });

  // -------------------------------------------------------------------------------------------
  // 4. Conflict: two contexts edit the same project; B saves after A.

  if (p2) await step('conflict', async () => {
    const b = await newContext();
    await goto(b.page, '/admin/anmelden');
    if (!(await login(b.page, 'B'))) return;

    const editPath = `/admin/projekte/${p2}`;
    await goto(a.page, editPath);
    await goto(b.page, editPath);
    const original = await a.page.locator('#f-title').inputValue();
    const titleA = `${original} (Fassung A)`;
    const titleB = `${original} (Fassung B)`;

    await a.page.locator('#f-title').fill(titleA);
    await saveForm(a.page);
    const nA = await notice(a.page);
    check(`admin conflict A saves ${editPath}`, nA.startsWith('Gespeichert'), `notice ${JSON.stringify(nA)} at ${pathOf(a.page)}`);

    await b.page.locator('#f-title').fill(titleB);
    const response = await saveForm(b.page);
    const label = `${editPath} [409 Bearbeitungskonflikt]`;
    check(`admin conflict B gets 409 ${editPath}`, response.status() === 409, `status ${response.status()}`);
    const h1 = ((await b.page.locator('h1').first().textContent()) || '').trim();
    check(`admin conflict page heading ${label}`, h1 === 'Bearbeitungskonflikt', `h1 ${JSON.stringify(h1)}`);
    await audit(b.page, label, response, 409);
    await screenshot(b.page, 'admin-conflict-desktop');

    const form = b.page.locator('main form.form').filter({ has: b.page.locator('button[value="speichern"]') }).first();
    const kept = await form.locator('#f-title').inputValue();
    check(`admin conflict keeps B's input in the form ${label}`, kept === titleB, `title field ${JSON.stringify(kept)}, want ${JSON.stringify(titleB)}`);
    const row = b.page.locator('table.table--compare tbody tr').filter({ has: b.page.locator('th', { hasText: /^\s*Titel\b/ }) }).first();
    const cells = (await row.locator('td').allTextContents()).map((s) => s.trim());
    check(`admin conflict table compares B's and A's title ${label}`, cells[0] === titleB && cells[1] === titleA,
      `row Titel: yours ${JSON.stringify(cells[0])}, saved ${JSON.stringify(cells[1])}`);
    const marked = await row.locator('.badge').count();
    check(`admin conflict table marks the title as differing ${label}`, marked === 1, `${marked} badge(s) in the Titel row`);
    // A and B changed nothing but the title, so no other row may be flagged.
    const flagged = (await b.page.locator('table.table--compare tbody tr:has(th .badge) th').allTextContents())
      .map((s) => s.replace(/unterschiedlich/, '').replace(/\s+/g, ' ').trim());
    check(`admin conflict table flags only the title ${label}`, flagged.length === 1 && flagged[0] === 'Titel',
      `rows flagged „unterschiedlich“: ${flagged.join(', ') || '(none)'}`);
    // Choice fields are shown as in the form (labels), not as database codes.
    const statusLabel = ((await form.locator('#f-status option:checked').textContent()) || '').trim();
    const statusRow = b.page.locator('table.table--compare tbody tr').filter({ has: b.page.locator('th', { hasText: /^\s*Status\b/ }) }).first();
    const statusCells = (await statusRow.locator('td').allTextContents()).map((s) => s.trim());
    check(`admin conflict table shows the status label ${label}`, statusCells[0] === statusLabel && statusCells[1] === statusLabel,
      `row Status: ${JSON.stringify(statusCells)}, the form shows ${JSON.stringify(statusLabel)}`);

    await saveForm(b.page, form);
    const nB = await notice(b.page);
    const saved = await b.page.locator('#f-title').inputValue().catch(() => '');
    check(`admin conflict B saves again ${editPath}`, nB.startsWith('Gespeichert') && saved === titleB,
      `notice ${JSON.stringify(nB)} at ${pathOf(b.page)}, title ${JSON.stringify(saved)}`);

    const historyPath = `/admin/projekte/${p2}/verlauf`;
    await gotoAndAudit(b.page, historyPath);
    const revisions = await b.page.locator('.history__item').evaluateAll((items) => items.map((li) => {
      const row = [...li.querySelectorAll('tbody tr')].find((tr) => tr.querySelector('th')?.textContent.trim() === 'Titel');
      return row ? [row.querySelector('del')?.textContent ?? '', row.querySelector('ins')?.textContent ?? ''] : null;
    }).filter(Boolean));
    const has = (before, after) => revisions.some(([b0, a0]) => b0 === before && a0 === after);
    check(`admin conflict history lists A's change ${historyPath}`, has(original, titleA),
      `title changes: ${revisions.slice(0, 3).map(([x, y]) => `${JSON.stringify(x)} → ${JSON.stringify(y)}`).join('; ') || '(none)'}`);
    check(`admin conflict history lists B's change ${historyPath}`, has(titleA, titleB),
      `title changes: ${revisions.slice(0, 3).map(([x, y]) => `${JSON.stringify(x)} → ${JSON.stringify(y)}`).join('; ') || '(none)'}`);
  });

  // -------------------------------------------------------------------------------------------
  // Remaining page types with ids.

  if (p1) await gotoAndAudit(a.page, `/admin/projekte/${p1}/abschlussbericht`);
  await step('handlungsfeld form', async () => {
    await goto(a.page, '/admin/handlungsfelder');
    const hrefs = await a.page.locator('main a[href^="/admin/handlungsfelder/"]').evaluateAll((as) => as.map((x) => x.getAttribute('href')));
    const href = hrefs.find((h) => /^\/admin\/handlungsfelder\/\d+$/.test(h));
    check('admin discover handlungsfeld /admin/handlungsfelder', Boolean(href), 'no /admin/handlungsfelder/{id} link');
    if (href) await gotoAndAudit(a.page, href);
  });

  // -------------------------------------------------------------------------------------------
  // 6 (all responses). Every admin document response, redirects included.

  const bad = adminResponses.filter(({ headers }) => {
    const cc = (headers['cache-control'] || '').split(',').map((d) => d.trim().toLowerCase());
    const csp = headers['content-security-policy'] || '';
    return !cc.includes('no-store') || csp === '' || csp.includes("'unsafe-inline'");
  });
  check(`admin headers on all ${adminResponses.length} admin document responses (redirects included)`,
    adminResponses.length > 0 && bad.length === 0,
    adminResponses.length === 0 ? 'no admin responses recorded'
      : bad.slice(0, 5).map((r) => `${r.method} ${r.path} ${r.status}: Cache-Control ${JSON.stringify(r.headers['cache-control'] || '')}, CSP ${JSON.stringify(r.headers['content-security-policy'] || '')}`));

  for (const c of contexts) await c.close();
}
