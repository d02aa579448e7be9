// Small DOM helpers. Every piece of data becomes a text node or an attribute value set through
// the DOM, never markup, so a label value such as "<script>" shows as those characters.

/** Creates an element; attributes starting with "on" become listeners. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'href') el.setAttribute('href', safeUrl(v));
    else if (typeof v === 'boolean') el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  add(el, children);
  return el;
}

/** Appends children: nodes as they are, anything else as text. */
export function add(el, children) {
  for (const c of [children].flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** Replaces an element's content. */
export function fill(el, ...children) {
  el.replaceChildren();
  return add(el, children);
}

/** A link target from data: only http(s) and same-site paths, anything else goes nowhere. */
export function safeUrl(u) {
  const s = String(u);
  if (s.startsWith('/') && !s.startsWith('//')) return s;
  if (s.startsWith('?') || s.startsWith('#')) return s;
  try {
    const parsed = new URL(s);
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return parsed.href;
  } catch (e) {
    // not a URL: fall through
  }
  return '#';
}

/** GET or POST to the server; JSON back, or an Error with the server's own words. */
export async function fetchJson(path, options) {
  const res = await fetch(path, Object.assign({ headers: { Accept: 'application/json' } }, options));
  const text = await res.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch (e) {
    body = text;
  }
  if (!res.ok) {
    const msg = body && body.error ? body.error : typeof body === 'string' && body ? body.trim()
      : res.status + ' ' + res.statusText;
    const err = new Error(msg);
    err.status = res.status;
    throw err;
  }
  return body;
}

/** An /api/v1 call: its "data", or an Error with its "error". */
export async function api(path, params) {
  const q = params ? '?' + new URLSearchParams(params).toString() : '';
  const body = await fetchJson(path + q);
  if (!body || body.status !== 'success') throw new Error(body && body.error ? body.error : 'bad response');
  return body.data;
}

const pad = (n, w = 2) => String(n).padStart(w, '0');

/** Milliseconds as "YYYY-MM-DD HH:MM:SS" in UTC, the form the URL parameters use. */
export function formatUtc(ms) {
  const d = new Date(ms);
  return d.getUTCFullYear() + '-' + pad(d.getUTCMonth() + 1) + '-' + pad(d.getUTCDate()) + ' '
    + pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes()) + ':' + pad(d.getUTCSeconds());
}

/** "YYYY-MM-DD HH:MM[:SS]" (UTC), an RFC 3339 time or Unix seconds; NaN when none of them. */
export function parseTime(s) {
  const t = String(s).trim();
  if (/^\d+(\.\d+)?$/.test(t)) return parseFloat(t) * 1000;
  const m = /^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d)(?::(\d\d)(?:\.\d+)?)?(Z|[+-]\d\d:\d\d)?$/.exec(t);
  if (!m) return NaN;
  if (m[7]) return Date.parse(t.replace(' ', 'T'));
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] || 0));
}

/** A time as text, with the distance from now: "2026-01-02 03:04:05 (12s ago)". */
export function timeCell(iso) {
  const ms = typeof iso === 'number' ? iso : Date.parse(iso);
  if (!ms || ms <= 0 || new Date(ms).getUTCFullYear() < 1971) return h('span', { class: 'muted' }, 'never');
  return h('time', { datetime: new Date(ms).toISOString(), title: new Date(ms).toISOString() },
    ago(ms));
}

/** "12s ago", "3m ago", "in 2h". */
export function ago(ms) {
  const diff = Date.now() - ms;
  const s = Math.abs(diff) / 1000;
  const text = s < 1 ? Math.round(s * 1000) + 'ms' : s < 60 ? s.toFixed(s < 10 ? 1 : 0) + 's'
    : s < 3600 ? Math.floor(s / 60) + 'm ' + Math.floor(s % 60) + 's'
      : s < 86400 ? Math.floor(s / 3600) + 'h ' + Math.floor((s % 3600) / 60) + 'm'
        : Math.floor(s / 86400) + 'd ' + Math.floor((s % 86400) / 3600) + 'h';
  return diff >= 0 ? text + ' ago' : 'in ' + text;
}

/** Seconds as "1.234s" or "12.3ms". */
export function seconds(s) {
  if (typeof s !== 'number' || isNaN(s)) return '';
  return s >= 1 ? s.toFixed(3) + 's' : (s * 1000).toFixed(s * 1000 < 10 ? 2 : 1) + 'ms';
}

const UNITS = { y: 31536000000, w: 604800000, d: 86400000, h: 3600000, m: 60000, s: 1000, ms: 1 };

/** A Prometheus duration ("1h30m") in milliseconds; NaN when it is not one. */
export function parseDuration(s) {
  const t = String(s).trim();
  if (!/^(\d+(ms|y|w|d|h|m|s))+$/.test(t)) return NaN;
  let total = 0;
  for (const m of t.matchAll(/(\d+)(ms|y|w|d|h|m|s)/g)) total += +m[1] * UNITS[m[2]];
  return total;
}

/** Milliseconds as a Prometheus duration: the largest units that add up exactly. */
export function formatDuration(ms) {
  if (!ms) return '0s';
  let rest = ms;
  let out = '';
  for (const [u, size] of Object.entries(UNITS)) {
    if (rest >= size) {
      out += Math.floor(rest / size) + u;
      rest %= size;
    }
  }
  return out;
}

/** A series' labels as one string: name{a="b", ...}. */
export function seriesName(metric) {
  const name = metric.__name__ || '';
  const pairs = Object.keys(metric).filter((k) => k !== '__name__')
    .map((k) => k + '=' + JSON.stringify(metric[k]));
  return pairs.length ? name + '{' + pairs.join(', ') + '}' : name || '{}';
}

/** Labels as a row of chips. */
export function labelChips(labels, skip) {
  const keys = Object.keys(labels || {}).filter((k) => !skip || !skip.includes(k)).sort();
  return h('span', { class: 'chips' },
    keys.map((k) => h('span', { class: 'chip' }, h('b', null, k), '=', labels[k])));
}

/** A coloured state word: firing, pending, up, down, active, ... */
export function badge(state) {
  return h('span', { class: 'badge state-' + String(state).replace(/[^a-z]/gi, '') }, state);
}

/** A page's heading, and an area for errors. */
export function errorBox(err) {
  return h('div', { class: 'error', role: 'alert' }, String(err && err.message ? err.message : err));
}

/** A table from a header row and body rows (arrays of cells). */
export function table(headers, rows, cls) {
  return h('table', { class: cls || 'data' },
    h('thead', null, h('tr', null, headers.map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', null, rows));
}
