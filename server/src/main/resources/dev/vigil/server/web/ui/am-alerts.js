// The alert handling's alerts, grouped as its routes group them (/api/v2/alerts/groups), each
// with a button that opens a silence prefilled with its labels.
import { add, badge, errorBox, fetchJson, fill, h, labelChips, timeCell } from './dom.js';
import { annotationList } from './alerts.js';
import { silenceLink } from './matchers.js';

export async function render(main) {
  const params = new URLSearchParams(location.search);
  const silenced = h('input', { type: 'checkbox' });
  silenced.checked = params.get('silenced') !== 'false';
  const inhibited = h('input', { type: 'checkbox' });
  inhibited.checked = params.get('inhibited') !== 'false';
  const content = h('div', null, h('p', { class: 'muted' }, 'Loading…'));
  fill(main, h('h1', null, 'Alert groups'),
    h('div', { class: 'controls' },
      h('label', { class: 'check' }, silenced, ' Show silenced'),
      h('label', { class: 'check' }, inhibited, ' Show inhibited'),
      h('a', { class: 'button secondary', href: '/alertmanager/silences/new' }, 'New silence')),
    content);
  for (const cb of [silenced, inhibited]) {
    cb.addEventListener('change', () => {
      const q = new URLSearchParams();
      if (!silenced.checked) q.set('silenced', 'false');
      if (!inhibited.checked) q.set('inhibited', 'false');
      history.replaceState(null, '', location.pathname + (q.toString() ? '?' + q : ''));
      load();
    });
  }
  await load();

  async function load() {
    let groups;
    try {
      groups = await fetchJson('/api/v2/alerts/groups?' + new URLSearchParams({
        silenced: String(silenced.checked), inhibited: String(inhibited.checked) }));
    } catch (e) {
      fill(content, errorBox(e.status === 404 ? 'The embedded alert handling is off (--no-alertmanager.embedded).' : e));
      return;
    }
    if (!groups.length) {
      fill(content, h('p', { class: 'muted' }, 'No alerts.'));
      return;
    }
    fill(content, groups.map((g) => h('section', { class: 'am-group card' },
      h('h2', null, h('span', { class: 'muted' }, 'receiver '), g.receiver.name, ' ',
        Object.keys(g.labels).length ? labelChips(g.labels) : h('span', { class: 'muted' }, '(not grouped)')),
      h('ul', { class: 'am-alerts' }, g.alerts.map(alertItem)))));
  }
}

function alertItem(a) {
  const st = a.status || {};
  const silencedBy = st.silencedBy || [];
  const inhibitedBy = st.inhibitedBy || [];
  const state = silencedBy.length ? 'silenced' : inhibitedBy.length ? 'inhibited' : st.state;
  const li = h('li', { class: 'am-alert', 'data-state': state },
    h('div', { class: 'row' }, badge(state), ' ', labelChips(a.labels)),
    h('div', { class: 'muted' }, 'Started ', timeCell(a.startsAt),
      a.generatorURL ? [' · ', h('a', { href: a.generatorURL }, 'Source')] : null),
    annotationList(a.annotations));
  const actions = h('div', { class: 'actions' });
  if (silencedBy.length) {
    add(actions, ['Silenced by ', silencedBy.map((id, i) => [i ? ', ' : '',
      h('a', { href: '/alertmanager/silences#' + encodeURIComponent(id) }, id.slice(0, 8))])]);
  } else {
    add(actions, h('a', { class: 'button secondary silence-link', href: silenceLink(a.labels) }, 'Silence'));
  }
  li.append(actions);
  return li;
}
