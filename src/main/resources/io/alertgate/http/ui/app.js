// alertgate status page: reads the admin API with the session cookie and draws it with DOM calls
// (textContent only: nothing the API returns is ever parsed as HTML). No framework, no build step.
'use strict';

const REFRESH_MS = 5000;
const CSRF = { 'X-Alertgate-Csrf': '1' };
const $ = (id) => document.getElementById(id);
let timer = null;
let lastData = {};

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null) continue;
    if (k === 'class') e.className = v; else e.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
  return e;
}

function announce(text) { $('announce').textContent = text; }

/** GET one admin endpoint: {ok, status, body}; 404 means the API is not in this build. */
async function get(path) {
  const r = await fetch(path, { credentials: 'same-origin', cache: 'no-store' });
  let body = null;
  try { body = await r.json(); } catch (e) { /* not JSON */ }
  return { ok: r.ok, status: r.status, body };
}

function tenantFilter() { return $('tenant').value; }
function ofTenant(rows) {
  const t = tenantFilter();
  return t ? rows.filter((r) => r.tenant === t) : rows;
}

function table(caption, columns, rows) {
  const head = el('tr', null, ...columns.map((c) => el('th', { scope: 'col' }, c.label)));
  const body = rows.map((r) => el('tr', null, ...columns.map((c) => {
    const v = c.cell(r);
    return el('td', c.num ? { class: 'num' } : null, v);
  })));
  return el('table', null, el('caption', null, caption), el('thead', null, head), el('tbody', null, ...body));
}

function put(id, ...nodes) { $(id).replaceChildren(...nodes); }
function empty(text) { return el('p', { class: 'empty' }, text); }
function unavailable(what) {
  return el('p', { class: 'unavailable' }, `Not available: this gateway has no ${what} endpoint.`);
}
function failed(res) {
  return el('p', { class: 'error', role: 'alert' }, `Could not load (HTTP ${res.status}${res.body && res.body.error ? ': ' + res.body.error : ''}).`);
}

function stateText(s) {
  const name = String(s || 'UNKNOWN').toUpperCase();
  const icon = name === 'OPEN' ? '✖ ' : name === 'HALF_OPEN' ? '◐ ' : name === 'CLOSED' ? '✔ ' : '';
  return el('span', { class: 'state state-' + name.toLowerCase() }, icon + name.replace('_', '-'));
}

function age(seconds) {
  if (seconds === undefined || seconds === null) return '—';
  const s = Number(seconds);
  if (s < 60) return s.toFixed(1) + ' s';
  if (s < 3600) return Math.floor(s / 60) + ' min ' + Math.round(s % 60) + ' s';
  return Math.floor(s / 3600) + ' h ' + Math.round((s % 3600) / 60) + ' min';
}

function lanesText(lanes) {
  const parts = Object.entries(lanes || {}).map(([p, n]) => `${p} ${n}`);
  return parts.length ? parts.join(', ') : '—';
}

function drawDestinations(res) {
  if (res.status === 404) return put('destinations', unavailable('destinations'));
  if (!res.ok) return put('destinations', failed(res));
  const rows = ofTenant(res.body.destinations || []);
  if (!rows.length) return put('destinations', empty('No destination has had a message since the gateway started.'));
  put('destinations', table(`${rows.length} destination(s)`, [
    { label: 'Tenant', cell: (r) => r.tenant },
    { label: 'Destination', cell: (r) => r.destination },
    { label: 'Breaker', cell: (r) => stateText(r.breaker) },
    { label: 'Token bucket', cell: (r) => r.bucket
        ? `${r.bucket.available_tokens} of ${r.bucket.burst} tokens, ${r.bucket.rate_per_second}/s` : 'no rate limit' },
    { label: 'Lanes (queued)', cell: (r) => lanesText(r.lanes) },
    { label: 'Backlog', num: true, cell: (r) => r.backlog },
    { label: 'Oldest', num: true, cell: (r) => r.backlog ? age(r.oldest_age_seconds) : '—' },
  ], rows));
}

function list(v) { return Array.isArray(v) ? v.join(', ') : (v === undefined || v === null ? '—' : String(v)); }

function drawEscalations(res) {
  if (res.status === 404) return put('escalations', unavailable('escalations'));
  if (!res.ok) return put('escalations', failed(res));
  const rows = ofTenant(res.body.escalations || []);
  if (!rows.length) return put('escalations', empty('No active escalation.'));
  put('escalations', table(`${rows.length} active escalation(s)`, [
    { label: 'Tenant', cell: (r) => r.tenant },
    { label: 'Alert', cell: (r) => r.alertname || r.group_key || r.id },
    { label: 'State', cell: (r) => stateText(r.state || 'ACTIVE') },
    { label: 'Level', cell: (r) => levelText(r) },
    { label: 'Next step', cell: (r) => nextText(r) },
    { label: 'Next targets', cell: (r) => list(r.targets || (r.next_step && r.next_step.targets)) },
    { label: 'Started', cell: (r) => r.started_at || '—' },
    { label: 'Action', cell: (r) => el('button', { type: 'button', 'data-ack': r.id,
        'aria-label': `Acknowledge escalation ${r.id}` }, 'Acknowledge') },
  ], rows));
}

// The escalation API: "step" (steps fired so far), "steps" (in all), "level" (of the last step
// fired, 0 before the first) and "next_step" ({"step", "level", "delay_minutes", "targets"} or null).
function levelText(r) {
  if (r.step === undefined) return r.level === undefined ? '—' : String(r.level);
  const of = r.steps ? ` of ${r.steps}` : '';
  return r.step === 0 ? `none fired yet (step 0${of})` : `level ${r.level} (step ${r.step}${of})`;
}
function nextText(r) {
  const n = r.next_step;
  if (n && typeof n === 'object') {
    const started = r.step === 0 && r.started_at ? Date.parse(r.started_at) : NaN;
    const due = Number.isNaN(started) ? '' : `, due ${new Date(started + n.delay_minutes * 60000).toISOString()}`;
    return `level ${n.level} ${n.delay_minutes} min after the ${r.step === 0 ? 'start' : 'previous step'}${due}`;
  }
  return r.state && r.state !== 'ACTIVE' ? 'none (' + String(r.state).toLowerCase() + ')' : 'none left';
}

function drawDeadLetters(res) {
  if (res.status === 404) return put('deadletters', unavailable('dead letters'));
  if (!res.ok) return put('deadletters', failed(res));
  const rows = ofTenant(res.body.deadletters || []);
  if (!rows.length) return put('deadletters', empty('No dead letters.'));
  put('deadletters', table(`${rows.length} dead letter(s)`, [
    { label: 'When', cell: (r) => r.at },
    { label: 'Tenant', cell: (r) => r.tenant },
    { label: 'Destination', cell: (r) => r.destination },
    { label: 'Priority', cell: (r) => r.priority },
    { label: 'Reason', cell: (r) => el('span', { class: 'state state-failed' }, r.reason + (r.error_code ? ` (${r.error_code})` : '')) },
    { label: 'Attempts', num: true, cell: (r) => r.attempts },
    { label: 'Message', cell: (r) => el('div', { class: 'msg' }, (r.text || '').split('\n')[0]) },
    { label: 'Action', cell: (r) => el('button', { type: 'button', 'data-replay': r.id,
        'aria-label': `Replay dead letter ${r.id}` }, 'Replay') },
  ], rows));
}

// The profile endpoint: {"unit": "ms", "stages": [{"stage", "count", "p50_ms", "p90_ms", "p99_ms",
// "p99_9_ms", "max_ms"}]}; read loosely (a map of stages, or _us/_ns suffixes, work too).
function stages(body) {
  const raw = body && (body.stages || body.profile || body);
  const entries = Array.isArray(raw) ? raw.map((s) => [s.stage || s.name, s]) : Object.entries(raw || {});
  const out = [];
  for (const [name, v] of entries) {
    if (!v || typeof v !== 'object') continue;
    const pct = {};
    for (const [k, x] of Object.entries(v)) {
      const m = /^p(\d+)(?:[._](\d+))?(?:_(ms|us|ns|s))?$/.exec(k);
      if (!m || typeof x !== 'number') continue;
      const unit = m[3] || 'ms';
      const ms = unit === 'us' ? x / 1e3 : unit === 'ns' ? x / 1e6 : unit === 's' ? x * 1e3 : x;
      pct['p' + m[1] + (m[2] ? '.' + m[2] : '')] = ms;
    }
    if (Object.keys(pct).length) out.push({ name, count: v.count, pct });
  }
  return out;
}

const SVG = 'http://www.w3.org/2000/svg';
function svg(tag, attrs, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

// One scale for every stage, so bars compare across stages (the slowest p99.9 fills the width).
function chart(stage, scaleMax) {
  const keys = Object.keys(stage.pct).sort((a, b) => parseFloat(a.slice(1)) - parseFloat(b.slice(1)));
  const cls = (k) => 'p' + k.slice(1).replace('.', '_');
  const max = Math.max(scaleMax, 0.001);
  const rowH = 18, labelW = 56, barW = 220, valueW = 90;
  const s = svg('svg', { class: 'chart', role: 'img', width: labelW + barW + valueW, height: keys.length * rowH + 4,
    viewBox: `0 0 ${labelW + barW + valueW} ${keys.length * rowH + 4}`,
    'aria-label': `${stage.name}: ` + keys.map((k) => `${k} ${stage.pct[k].toFixed(3)} ms`).join(', ') });
  keys.forEach((k, i) => {
    const y = i * rowH + 2;
    const w = Math.max(1, (stage.pct[k] / max) * barW);
    s.append(svg('text', { x: 0, y: y + 13 }, k));
    s.append(svg('rect', { x: labelW, y, width: w.toFixed(1), height: rowH - 4, class: cls(k) }));
    s.append(svg('text', { x: labelW + w + 4, y: y + 13 }, stage.pct[k].toFixed(3) + ' ms'));
  });
  const caption = stage.name + (stage.count === undefined ? '' : ` (${stage.count} sample${stage.count === 1 ? '' : 's'})`);
  if (stage.count === 0) return el('figure', { class: 'stage' }, el('figcaption', null, caption), empty('No samples yet.'));
  return el('figure', { class: 'stage' }, el('figcaption', null, caption), s);
}

function drawProfile(res) {
  if (res.status === 404) return put('profile', unavailable('profile'));
  if (!res.ok) return put('profile', failed(res));
  const list = stages(res.body);
  if (!list.length) return put('profile', empty('No latency recorded yet.'));
  const scaleMax = Math.max(...list.flatMap((st) => Object.values(st.pct)));
  put('profile', ...list.map((st) => chart(st, scaleMax)));
}

function tenantsSeen() {
  const seen = new Set();
  for (const key of ['destinations', 'deadletters', 'escalations']) {
    const r = lastData[key];
    if (r && r.ok && r.body) for (const row of r.body[key] || []) if (row.tenant) seen.add(row.tenant);
  }
  const select = $('tenant');
  const have = new Set([...select.options].map((o) => o.value));
  for (const t of [...seen].sort()) if (!have.has(t)) select.append(el('option', { value: t }, t));
}

function redraw() {
  const d = lastData;
  if (d.destinations) drawDestinations(d.destinations);
  if (d.escalations) drawEscalations(d.escalations);
  if (d.deadletters) drawDeadLetters(d.deadletters);
  if (d.profile) drawProfile(d.profile);
}

async function refresh() {
  const [destinations, escalations, deadletters, profile] = await Promise.all([
    get('/api/v1/destinations'), get('/api/v1/escalations'), get('/api/v1/deadletters'), get('/api/v1/profile')]);
  if (destinations.status === 401 || deadletters.status === 401) return showLogin();
  showPanels();
  lastData = { destinations, escalations, deadletters, profile };
  tenantsSeen();
  redraw();
  $('updated').textContent = 'Updated ' + new Date().toLocaleTimeString();
  document.body.dataset.loaded = String(Date.now());
}

function showLogin() {
  stopTimer();
  $('login').hidden = false;
  $('panels').hidden = true;
  $('controls').hidden = true;
  $('login-failed').hidden = !/[?&]login=failed/.test(location.search);
}

function showPanels() {
  $('login').hidden = true;
  $('panels').hidden = false;
  $('controls').hidden = false;
}

function stopTimer() { if (timer) { clearInterval(timer); timer = null; } }
function startTimer() { stopTimer(); if ($('live').checked) timer = setInterval(() => refresh().catch(loadError), REFRESH_MS); }
function loadError(e) { $('updated').textContent = 'Refresh failed: ' + e.message; }

async function post(path, done) {
  const r = await fetch(path, { method: 'POST', credentials: 'same-origin', headers: CSRF });
  let body = null;
  try { body = await r.json(); } catch (e) { /* not JSON */ }
  announce(r.ok ? done : `Failed (HTTP ${r.status}${body && body.error ? ': ' + body.error : ''}).`);
  await refresh();
}

document.addEventListener('click', (ev) => {
  const b = ev.target.closest('button[data-replay], button[data-ack]');
  if (!b) return;
  b.disabled = true;
  if (b.dataset.replay) {
    post(`/api/v1/deadletters/${encodeURIComponent(b.dataset.replay)}/replay`, `Dead letter ${b.dataset.replay} re-queued.`);
  } else {
    post(`/api/v1/escalations/${encodeURIComponent(b.dataset.ack)}/ack`, `Escalation ${b.dataset.ack} acknowledged.`);
  }
});

async function trace(ev) {
  ev.preventDefault();
  const by = $('trace-by').value;
  const q = $('trace-q').value.trim();
  if (!q) return;
  const res = await get(`/api/v1/trace?${encodeURIComponent(by)}=${encodeURIComponent(q)}`);
  if (res.status === 404 && !(res.body && res.body.path)) return put('trace', unavailable('trace'));
  if (!res.ok) return put('trace', failed(res));
  const body = res.body || {};
  const found = body.notifications || [];
  if (!found.length) return put('trace', empty(`Nothing recorded for ${by} “${q}”.`));
  put('trace', ...found.map((n) => el('article', { class: 'trace' },
    el('h3', null, `${n.tenant} · ${n.status} · accepted ${n.accepted_at}`),
    el('p', { class: 'muted' }, `correlation ID ${n.correlation_id} · group ${n.group_key}`),
    generic('Routing', n.routing || []),
    generic('Events', n.events || []))));
}

/** A table whose columns are the union of the rows' keys (values shown as text). */
function generic(caption, rows) {
  if (!rows.length) return empty(`${caption}: none.`);
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return table(caption, cols.map((c) => ({ label: c,
    cell: (r) => (typeof r[c] === 'object' && r[c] !== null) ? JSON.stringify(r[c]) : String(r[c] ?? '') })), rows);
}

document.addEventListener('DOMContentLoaded', () => {
  $('tenant').addEventListener('change', redraw);
  $('live').addEventListener('change', startTimer);
  $('refresh').addEventListener('click', () => refresh().catch(loadError));
  $('trace-form').addEventListener('submit', (ev) => trace(ev).catch(loadError));
  refresh().then(startTimer).catch(loadError);
});
