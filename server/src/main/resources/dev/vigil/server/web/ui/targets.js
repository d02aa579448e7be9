// Targets per scrape pool (/targets) and service discovery (/service-discovery): discovered
// labels against the labels left after relabelling, and the targets relabelling dropped.
import { api, badge, errorBox, fill, h, labelChips, seconds, table, timeCell } from './dom.js';

export async function render(main, path) {
  if (path === '/service-discovery') return discovery(main);
  const unhealthy = h('input', { type: 'checkbox' });
  unhealthy.checked = new URLSearchParams(location.search).get('unhealthy') === '1';
  const content = h('div', null, h('p', { class: 'muted' }, 'Loading…'));
  fill(main, h('h1', null, 'Targets'),
    h('div', { class: 'controls' }, h('label', { class: 'check' }, unhealthy, ' Unhealthy only')), content);
  let data;
  try {
    data = await api('/api/v1/targets', { state: 'active' });
  } catch (e) {
    fill(content, errorBox(e));
    return;
  }
  unhealthy.addEventListener('change', () => {
    history.replaceState(null, '', unhealthy.checked ? '?unhealthy=1' : location.pathname);
    draw();
  });
  draw();

  function draw() {
    const pools = byPool(data.activeTargets);
    const out = [];
    for (const [pool, targets] of pools) {
      const up = targets.filter((t) => t.health === 'up').length;
      const shown = unhealthy.checked ? targets.filter((t) => t.health !== 'up') : targets;
      if (!shown.length) continue;
      out.push(h('section', { class: 'pool card' },
        h('h2', null, pool, ' ', h('span', { class: up === targets.length ? 'ok' : 'bad' },
          '(' + up + '/' + targets.length + ' up)')),
        table(['Endpoint', 'State', 'Labels', 'Last scrape', 'Scrape duration', 'Error'],
          shown.map((t) => h('tr', { class: 'target health-' + t.health },
            h('td', null, h('a', { href: t.scrapeUrl }, t.scrapeUrl)),
            h('td', null, badge(t.health)),
            h('td', null, labelChips(t.labels)),
            h('td', null, timeCell(t.lastScrape)),
            h('td', null, t.lastScrape && !t.lastScrape.startsWith('0001') ? seconds(t.lastScrapeDuration) : ''),
            h('td', { class: 'error-text' }, t.lastError || ''))))));
    }
    fill(content, out.length ? out : h('p', { class: 'muted' },
      unhealthy.checked ? 'All targets are healthy.' : 'No targets.'));
  }
}

function byPool(targets) {
  const pools = new Map();
  for (const t of targets) {
    if (!pools.has(t.scrapePool)) pools.set(t.scrapePool, []);
    pools.get(t.scrapePool).push(t);
  }
  return [...pools.entries()].sort((a, b) => a[0].localeCompare(b[0]));
}

async function discovery(main) {
  const content = h('div', null, h('p', { class: 'muted' }, 'Loading…'));
  fill(main, h('h1', null, 'Service discovery'), content);
  let data;
  try {
    data = await api('/api/v1/targets', { state: 'any' });
  } catch (e) {
    fill(content, errorBox(e));
    return;
  }
  const pools = new Map();
  const entry = (p) => {
    if (!pools.has(p)) pools.set(p, { active: [], dropped: [] });
    return pools.get(p);
  };
  data.activeTargets.forEach((t) => entry(t.scrapePool).active.push(t));
  data.droppedTargets.forEach((t) => entry(t.scrapePool || t.discoveredLabels.job || '').dropped.push(t));
  const counts = data.droppedTargetCounts || {};
  const names = [...pools.keys()].sort();
  fill(content,
    h('nav', { class: 'toc', 'aria-label': 'Scrape pools' }, h('ul', null, names.map((n) => {
      const p = pools.get(n);
      const dropped = counts[n] !== undefined ? counts[n] : p.dropped.length;
      return h('li', null, h('a', { href: '#pool-' + encodeURIComponent(n) }, n),
        ' (' + p.active.length + ' active / ' + (p.active.length + dropped) + ' discovered)');
    }))),
    names.map((n) => {
      const p = pools.get(n);
      const rows = p.active.map((t) => h('tr', null, h('td', null, labelChips(t.discoveredLabels)),
        h('td', null, labelChips(t.labels))))
        .concat(p.dropped.map((t) => h('tr', { class: 'dropped' }, h('td', null, labelChips(t.discoveredLabels)),
          h('td', null, h('span', { class: 'badge state-dropped' }, 'Dropped')))));
      return h('section', { class: 'pool card', id: 'pool-' + encodeURIComponent(n) },
        h('h2', null, n), table(['Discovered labels', 'Target labels'], rows));
    }));
}
