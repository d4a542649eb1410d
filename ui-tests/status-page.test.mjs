// Browser test of alertgate's status page: Debian's chromium driven by playwright-core.
// Run by io.alertgate.app.StatusPageBrowserTest against a running gateway and a fake Slack, or by hand:
//   ALERTGATE_URL=http://127.0.0.1:9095 ALERTGATE_TOKEN=… node ui-tests/status-page.test.mjs
// Env: ALERTGATE_URL, ALERTGATE_TOKEN (required); CHROMIUM (default /usr/bin/chromium);
// OUT_DIR (default target): status-page.png, and status-page-failure.png when a check fails.
// Exit 0 when every check passed, 1 otherwise.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const BASE = process.env.ALERTGATE_URL;
const TOKEN = process.env.ALERTGATE_TOKEN;
const OUT = process.env.OUT_DIR || 'target';
const WAIT = { timeout: 15000 };
if (!BASE || !TOKEN) {
  console.error('ALERTGATE_URL and ALERTGATE_TOKEN are required');
  process.exit(2);
}
mkdirSync(OUT, { recursive: true });

/** The admin API as a script sees it (bearer token), to compare the page against. */
async function api(path, method = 'GET') {
  const r = await fetch(BASE + path, { method, headers: { Authorization: 'Bearer ' + TOKEN } });
  return { status: r.status, body: r.headers.get('content-type')?.includes('json') ? await r.json() : null };
}

const checks = [];
function check(name) { checks.push(name); console.log('ok -', name); }

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run'],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await context.newPage();
const consoleErrors = [];
page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
page.on('pageerror', (e) => consoleErrors.push(String(e)));

try {
  // Logged out: only the login form; a wrong token says so.
  await page.goto(BASE + '/ui/');
  await page.getByLabel('Admin token').waitFor(WAIT);
  assert.equal(await page.locator('#panels').isVisible(), false, 'panels hidden before login');
  await page.getByLabel('Admin token').fill('wrong-token-wrong-token');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByText('That token was not accepted.').waitFor(WAIT);
  check('a wrong token is refused with a visible message');

  // Log in with the keyboard only.
  await page.getByLabel('Admin token').fill(TOKEN);
  await page.getByLabel('Admin token').press('Enter');
  await page.locator('#panels').waitFor({ state: 'visible', ...WAIT });
  await page.waitForSelector('body[data-loaded]', WAIT);
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name === 'alertgate_session');
  assert.ok(session, 'session cookie set');
  assert.equal(session.httpOnly, true, 'cookie is HttpOnly');
  assert.equal(session.sameSite, 'Strict', 'cookie is SameSite=Strict');
  assert.ok(!session.value.includes(TOKEN), 'cookie is not the token');
  assert.equal(await page.evaluate(() => document.cookie.includes('alertgate_session')), false, 'script cannot read the cookie');
  check('login sets an HttpOnly, SameSite=Strict session cookie that is not the token');

  // Destinations: every figure the API gives is on the page.
  const dests = await api('/api/v1/destinations');
  assert.equal(dests.status, 200);
  assert.ok(dests.body.count >= 1, 'the gateway under test has used a destination');
  const destRows = page.locator('#destinations tbody tr');
  assert.equal(await destRows.count(), dests.body.count, 'one row per destination');
  for (const d of dests.body.destinations) {
    const row = destRows.filter({ hasText: d.destination }).filter({ hasText: d.tenant });
    assert.equal(await row.count(), 1, `row of ${d.tenant} ${d.destination}`);
    const cells = await row.locator('td').allInnerTexts();
    assert.equal(cells[0], d.tenant);
    assert.equal(cells[1], d.destination);
    assert.ok(cells[2].includes(d.breaker.replace('_', '-')), `breaker shown as text: ${cells[2]}`);
    if (d.bucket) assert.ok(cells[3].includes(`of ${d.bucket.burst} tokens, ${d.bucket.rate_per_second}/s`), cells[3]);
    else assert.equal(cells[3], 'no rate limit');
    for (const [lane, n] of Object.entries(d.lanes)) assert.ok(cells[4].includes(`${lane} ${n}`), cells[4]);
    assert.equal(cells[5], String(d.backlog));
  }
  check(`destinations match the API (${dests.body.count} rows: breaker, bucket, lanes, backlog)`);

  // Dead letters: same count, reason and destination as the API.
  const dls = await api('/api/v1/deadletters');
  assert.ok(dls.body.count >= 1, 'the gateway under test has a dead letter');
  const dlRows = page.locator('#deadletters tbody tr');
  assert.equal(await dlRows.count(), dls.body.count);
  for (const l of dls.body.deadletters) {
    const row = dlRows.filter({ has: page.getByRole('button', { name: `Replay dead letter ${l.id}` }) });
    const text = await row.innerText();
    for (const v of [l.tenant, l.destination, l.reason, l.error_code, String(l.attempts)]) {
      assert.ok(text.includes(v), `dead letter ${l.id} shows ${v}: ${text}`);
    }
  }
  check(`dead letters match the API (${dls.body.count})`);

  // Escalations: rows and Acknowledge when the API exists; a clear "not available" otherwise.
  const escs = await api('/api/v1/escalations');
  if (escs.status === 404) {
    await page.locator('#escalations').getByText('Not available').waitFor(WAIT);
    check('escalations: API absent, the section says "Not available"');
  } else {
    assert.equal(escs.status, 200);
    const list = escs.body.escalations || [];
    if (list.length === 0) {
      await page.locator('#escalations').getByText('No active escalation.').waitFor(WAIT);
    } else {
      assert.equal(await page.locator('#escalations tbody tr').count(), list.length);
    }
    for (const e of list) {
      const row = page.locator('#escalations tbody tr')
        .filter({ has: page.getByRole('button', { name: `Acknowledge escalation ${e.id}` }) });
      const text = await row.innerText();
      const want = [e.tenant, e.alertname || e.group_key, e.state];
      if (e.next_step) want.push(`level ${e.next_step.level}`, ...e.next_step.targets);
      if (e.steps) want.push(`of ${e.steps}`);
      for (const v of want) assert.ok(text.includes(v), `escalation ${e.id} shows ${v}: ${text}`);
    }
    check(`escalations match the API (${list.length}: level, next step, targets)`);
  }

  const prof = await api('/api/v1/profile');
  if (prof.status === 404) {
    await page.locator('#profile').getByText('Not available').waitFor(WAIT);
    check('profile: API absent, the section says "Not available"');
  } else {
    assert.equal(prof.status, 200);
    // The figures move as traffic is timed, so compare right after a refresh, a few times at most.
    let mismatch = 'not compared';
    for (let i = 0; i < 3 && mismatch; i++) {
      await page.getByRole('button', { name: 'Refresh now' }).click();
      const before = await page.locator('body').getAttribute('data-loaded');
      await page.waitForFunction((b) => document.body.dataset.loaded !== b, before, WAIT).catch(() => {});
      const now = await api('/api/v1/profile');
      mismatch = '';
      for (const st of now.body.stages) {
        const fig = page.locator('#profile figure').filter({ hasText: st.stage });
        if (await fig.count() !== 1) { mismatch = `no chart for ${st.stage}`; break; }
        if (!st.count) continue;
        const label = await fig.locator('svg').getAttribute('aria-label');
        for (const k of ['p50', 'p90', 'p99']) {
          if (!label.includes(`${k} ${st[k + '_ms'].toFixed(3)} ms`)) mismatch = `${st.stage} ${k}: ${label}`;
        }
      }
    }
    assert.equal(mismatch, '', 'profile charts match the API');
    check('profile: one SVG chart per stage with the API\'s p50/p90/p99');
  }

  // Screenshot for the README, with the dead letter (and escalation) on screen.
  await page.screenshot({ path: join(OUT, 'status-page.png'), fullPage: true });

  // Accessibility: named buttons, labelled inputs, the Replay button reachable with Tab.
  const unnamed = await page.evaluate(() => [...document.querySelectorAll('button, input, select')]
    .filter((e) => e.offsetParent !== null)
    .filter((e) => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.textContent.trim())
    .map((e) => e.outerHTML));
  assert.deepEqual(unnamed, [], 'every visible control has a name');
  const firstReplay = `Replay dead letter ${dls.body.deadletters[0].id}`;
  await page.locator('body').focus();
  let reached = false;
  for (let i = 0; i < 60 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate((n) => document.activeElement?.getAttribute('aria-label') === n, firstReplay);
  }
  assert.ok(reached, 'Replay is reachable with the Tab key');
  check('controls are named and Replay is reachable with Tab');

  // Tenant filter: another tenant's view has no dead letters and says so.
  const other = (await page.locator('#tenant option').allInnerTexts()).find((t) => t !== 'All tenants'
    && !dls.body.deadletters.some((l) => l.tenant === t));
  if (other) {
    await page.getByLabel('Tenant').selectOption(other);
    await page.locator('#deadletters').getByText('No dead letters.').waitFor(WAIT);
    await page.getByLabel('Tenant').selectOption('');
    check(`tenant filter: ${other} shows the empty state`);
  }

  // Replay with the keyboard: the letter leaves the API and the page.
  await page.getByRole('button', { name: firstReplay }).focus();
  await page.keyboard.press('Enter');
  await page.getByText(`Dead letter ${dls.body.deadletters[0].id} re-queued.`).waitFor(WAIT);
  const after = await api('/api/v1/deadletters');
  assert.ok(!after.body.deadletters.some((l) => l.id === dls.body.deadletters[0].id), 'replayed letter gone from the API');
  await page.getByRole('button', { name: firstReplay }).waitFor({ state: 'detached', ...WAIT });
  check('Replay re-queues the dead letter and the page shows it gone');

  if (escs.status === 200 && (escs.body.escalations || []).length) {
    const e = escs.body.escalations[0];
    await page.getByRole('button', { name: `Acknowledge escalation ${e.id}` }).click();
    await page.getByText(`Escalation ${e.id} acknowledged.`).waitFor(WAIT);
    const afterAck = await api('/api/v1/escalations');
    const still = (afterAck.body.escalations || []).find((x) => x.id === e.id);
    assert.ok(!still || /ack/i.test(String(still.state)), 'acknowledged escalation no longer active');
    if (!still) await page.getByRole('button', { name: `Acknowledge escalation ${e.id}` }).waitFor({ state: 'detached', ...WAIT });
    check('Acknowledge stops the escalation');
  }

  // Trace search: the fingerprint's notifications as the API lists them, or a clear state.
  const fingerprint = process.env.TRACE_FINGERPRINT || 'no-such-fingerprint';
  await page.getByLabel('Value').fill(fingerprint);
  await page.getByRole('button', { name: 'Search' }).click();
  await page.locator('#trace .empty, #trace .unavailable, #trace article, #trace .error').first().waitFor(WAIT);
  const tr = await api('/api/v1/trace?fingerprint=' + encodeURIComponent(fingerprint));
  if (tr.status === 200) {
    const n = (tr.body.notifications || []).length;
    if (n) assert.equal(await page.locator('#trace article').count(), n, 'one block per traced notification');
    else await page.locator('#trace').getByText('Nothing recorded').waitFor(WAIT);
    if (n) assert.ok((await page.locator('#trace').innerText()).includes(tr.body.notifications[0].correlation_id));
    check(`trace search for ${fingerprint}: ${n} notification(s), as the API says`);
  } else {
    check('trace search answers: ' + (await page.locator('#trace').innerText()).split('\n')[0]);
  }

  // 200 % zoom: a 1280 px window at 200 % lays out in 640 CSS px; nothing may need sideways page scrolling.
  await page.setViewportSize({ width: 640, height: 900 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `page scrolls sideways at 200 % zoom by ${overflow} px`);
  check('readable at 200 % zoom (no sideways page scroll at 640 CSS px)');

  // No secret reaches the page.
  const html = await page.content();
  assert.ok(!html.includes(TOKEN), 'the admin token is not in the page');
  assert.ok(!/hooks\.slack\.com|\/services\/T|xox[bp]-/.test(html), 'no webhook URL or bot token in the page');
  assert.deepEqual(consoleErrors.filter((e) => !/status of 40[14]/.test(e)), [], 'no script errors');
  check('no secret in the page, no script errors');

  console.log(`# ${checks.length} checks passed`);
  await browser.close();
  process.exit(0);
} catch (e) {
  console.error('FAILED:', e && e.stack || e);
  try { await page.screenshot({ path: join(OUT, 'status-page-failure.png'), fullPage: true }); } catch (_) { /* ignore */ }
  console.error(`screenshot: ${join(OUT, 'status-page-failure.png')}`);
  await browser.close();
  process.exit(1);
}
