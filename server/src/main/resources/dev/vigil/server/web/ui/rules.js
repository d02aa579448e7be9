// Rule groups (/api/v1/rules): health, last evaluation and evaluation time per group and rule.
import { api, badge, errorBox, fill, h, labelChips, seconds, table, timeCell } from './dom.js';

export async function render(main) {
  const content = h('div', null, h('p', { class: 'muted' }, 'Loading…'));
  fill(main, h('h1', null, 'Rules'), content);
  let groups;
  try {
    groups = (await api('/api/v1/rules')).groups;
  } catch (e) {
    fill(content, errorBox(e));
    return;
  }
  if (!groups.length) {
    fill(content, h('p', { class: 'muted' }, 'No rule groups are configured.'));
    return;
  }
  fill(content, groups.map((g) => h('section', { class: 'group card' },
    h('h2', null, g.name),
    h('p', { class: 'muted' }, 'File ', h('code', null, g.file), ' · interval ', g.interval + 's',
      ' · last evaluation ', timeCell(g.lastEvaluation), ' · took ', seconds(g.evaluationTime)),
    table(['Rule', 'State', 'Error', 'Last evaluation', 'Evaluation time'], g.rules.map((r) =>
      h('tr', null,
        h('td', null, h('div', null, h('strong', null, r.type === 'alerting' ? 'alert: ' : 'record: '), r.name),
          h('div', null, h('code', null, r.query)),
          Object.keys(r.labels || {}).length ? labelChips(r.labels) : null),
        h('td', null, badge(r.health)),
        h('td', { class: 'error-text' }, r.lastError || ''),
        h('td', null, timeCell(r.lastEvaluation)),
        h('td', null, seconds(r.evaluationTime))))))));
}
