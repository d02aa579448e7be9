// Alerts as the rules see them (/api/v1/rules?type=alert): one collapsible block per alerting
// rule, its active alerts with labels, annotations and how long they have been active.
import { api, badge, errorBox, fill, h, labelChips, table, timeCell } from './dom.js';

const STATES = ['firing', 'pending', 'inactive'];

export async function render(main) {
  const shown = new Set(savedStates() || STATES);
  const boxes = STATES.map((s) => {
    const cb = h('input', { type: 'checkbox', value: s });
    cb.checked = shown.has(s);
    cb.addEventListener('change', () => {
      if (cb.checked) shown.add(s); else shown.delete(s);
      sessionStorage.setItem('vigil.alertStates', JSON.stringify([...shown]));
      draw();
    });
    return h('label', { class: 'check' }, cb, ' ', badge(s), h('span', { class: 'count', 'data-state': s }));
  });
  const content = h('div', null, h('p', { class: 'muted' }, 'Loading…'));
  fill(main, h('h1', null, 'Alerts'),
    h('fieldset', { class: 'controls filter' }, h('legend', null, 'Show rules in state'), boxes), content);
  let groups;
  try {
    groups = (await api('/api/v1/rules', { type: 'alert' })).groups;
  } catch (e) {
    fill(content, errorBox(e));
    return;
  }
  const counts = { firing: 0, pending: 0, inactive: 0 };
  for (const g of groups) for (const r of g.rules) counts[r.state] = (counts[r.state] || 0) + 1;
  for (const s of STATES) main.querySelector('.count[data-state="' + s + '"]').textContent = ' (' + counts[s] + ')';
  draw();

  function draw() {
    const out = [];
    for (const g of groups) {
      const rules = g.rules.filter((r) => shown.has(r.state));
      if (!rules.length) continue;
      out.push(h('section', { class: 'group' },
        h('h2', null, g.name, h('span', { class: 'muted file' }, ' ' + g.file)),
        rules.map(ruleBlock)));
    }
    fill(content, out.length ? out : h('p', { class: 'muted' }, 'No alerting rules in the selected states.'));
  }
}

function savedStates() {
  try {
    const v = JSON.parse(sessionStorage.getItem('vigil.alertStates'));
    return Array.isArray(v) ? v : null;
  } catch (e) {
    return null;
  }
}

function ruleBlock(r) {
  const alerts = r.alerts || [];
  const summary = h('summary', null, badge(r.state), ' ', h('strong', null, r.name),
    h('span', { class: 'muted' }, ' (' + alerts.length + ' active)'));
  const def = h('dl', { class: 'rule-def' },
    h('dt', null, 'expr'), h('dd', null, h('code', null, r.query)),
    r.duration ? [h('dt', null, 'for'), h('dd', null, r.duration + 's')] : null,
    Object.keys(r.labels || {}).length ? [h('dt', null, 'labels'), h('dd', null, labelChips(r.labels))] : null,
    Object.keys(r.annotations || {}).length
      ? [h('dt', null, 'annotations'), h('dd', null, annotationList(r.annotations))] : null);
  const rows = alerts.map((a) => h('tr', { class: 'alert-row' },
    h('td', null, labelChips(a.labels, ['alertname'])),
    h('td', null, badge(a.state)),
    h('td', null, timeCell(a.activeAt)),
    h('td', { class: 'num' }, a.value),
    h('td', null, annotationList(a.annotations))));
  return h('details', { class: 'rule card', 'data-state': r.state, open: r.state !== 'inactive' },
    summary, def,
    rows.length ? table(['Labels', 'State', 'Active since', 'Value', 'Annotations'], rows) : null);
}

export function annotationList(ann) {
  const keys = Object.keys(ann || {}).sort();
  if (!keys.length) return '';
  return h('dl', { class: 'annotations' }, keys.map((k) => [h('dt', null, k), h('dd', null, ann[k])]));
}
