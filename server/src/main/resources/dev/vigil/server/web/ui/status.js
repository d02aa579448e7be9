// Status pages: runtime and build information (/status), flags (/flags), the loaded
// configuration (/config) and TSDB statistics (/tsdb-status).
import { api, errorBox, fill, formatUtc, h, table } from './dom.js';

const TITLES = { '/status': 'Runtime & build information', '/flags': 'Command-line flags',
  '/config': 'Configuration', '/tsdb-status': 'TSDB status' };

export async function render(main, path) {
  const content = h('div', null, h('p', { class: 'muted' }, 'Loading…'));
  fill(main, h('nav', { class: 'subnav', 'aria-label': 'Status pages' }, Object.entries(TITLES)
    .map(([p, t]) => h('a', { href: p, 'aria-current': p === path ? 'page' : null }, t))),
  h('h1', null, TITLES[path]), content);
  try {
    if (path === '/status') await status(content);
    else if (path === '/flags') await flags(content);
    else if (path === '/config') await config(content);
    else await tsdb(content);
  } catch (e) {
    fill(content, errorBox(e));
  }
}

function kv(obj) {
  return table(['Name', 'Value'], Object.keys(obj).map((k) => h('tr', null, h('th', { scope: 'row' }, k),
    h('td', null, typeof obj[k] === 'object' ? JSON.stringify(obj[k]) : String(obj[k])))), 'data kv');
}

async function status(content) {
  const [runtime, build] = await Promise.all([api('/api/v1/status/runtimeinfo'),
    api('/api/v1/status/buildinfo')]);
  // Prometheus's field names come from Go; the JVM's meaning is written next to them.
  const names = { goroutineCount: 'threads', GOMAXPROCS: 'available processors', GOMEMLIMIT: 'max heap bytes' };
  const shown = {};
  for (const [k, v] of Object.entries(runtime)) {
    if (k === 'GOGC' || k === 'GODEBUG') continue;
    shown[names[k] ? k + ' (' + names[k] + ')' : k] = v;
  }
  fill(content, h('section', { class: 'card' }, h('h2', null, 'Runtime information'), kv(shown)),
    h('section', { class: 'card' }, h('h2', null, 'Build information'), kv(build)));
}

async function flags(content) {
  const data = await api('/api/v1/status/flags');
  const search = h('input', { type: 'search', placeholder: 'Filter by flag name or value', 'aria-label': 'Filter flags' });
  const body = h('div');
  const draw = () => {
    const q = search.value.toLowerCase();
    const keys = Object.keys(data).sort().filter((k) => !q || k.toLowerCase().includes(q)
      || String(data[k]).toLowerCase().includes(q));
    fill(body, table(['Flag', 'Value'], keys.map((k) => h('tr', null, h('td', null, h('code', null, '--' + k)),
      h('td', null, h('code', null, data[k]))))));
  };
  search.addEventListener('input', draw);
  draw();
  fill(content, h('div', { class: 'controls' }, search), body);
}

async function config(content) {
  const data = await api('/api/v1/status/config');
  const copy = h('button', { type: 'button', class: 'secondary', onclick: async () => {
    try {
      await navigator.clipboard.writeText(data.yaml);
      copy.textContent = 'Copied';
    } catch (e) {
      copy.textContent = 'Copy failed';
    }
  } }, 'Copy to clipboard');
  fill(content, h('div', { class: 'controls' }, copy), h('pre', { class: 'config card' }, data.yaml));
}

async function tsdb(content) {
  const d = await api('/api/v1/status/tsdb');
  const head = d.headStats || {};
  const stats = {
    'Number of series': head.numSeries,
    'Number of chunks': head.chunkCount,
    'Current min time': head.minTime ? formatUtc(head.minTime) + ' UTC (' + head.minTime + ')' : '',
    'Current max time': head.maxTime ? formatUtc(head.maxTime) + ' UTC (' + head.maxTime + ')' : '',
  };
  const top = (title, list, what) => h('section', { class: 'card' }, h('h2', null, title),
    list && list.length ? table(['Name', what], list.map((e) => h('tr', null, h('td', null, h('code', null, e.name)),
      h('td', { class: 'num' }, e.value)))) : h('p', { class: 'muted' }, 'None.'));
  fill(content, h('section', { class: 'card' }, h('h2', null, 'Head block'), kv(stats)),
    top('Highest-cardinality metric names', d.seriesCountByMetricName, 'Series count'),
    top('Highest-cardinality labels', d.labelValueCountByLabelName, 'Label value count'),
    top('Labels using the most memory', d.memoryInBytesByLabelName, 'Bytes'),
    top('Most common label pairs', d.seriesCountByLabelValuePair, 'Series count'));
}
