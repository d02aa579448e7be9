// Silences (/api/v2/silences) by state, with expiring.
import { badge, errorBox, fetchJson, fill, h, timeCell } from './dom.js';
import { matcherText } from './matchers.js';

const ORDER = ['active', 'pending', 'expired'];

export async function render(main) {
  const content = h('div', null, h('p', { class: 'muted' }, 'Loading…'));
  const notice = h('div', { role: 'status', 'aria-live': 'polite' });
  fill(main, h('h1', null, 'Silences'),
    h('div', { class: 'controls' }, h('a', { class: 'button primary', href: '/alertmanager/silences/new' }, 'New silence')),
    notice, content);
  const created = new URLSearchParams(location.search).get('created');
  if (created) fill(notice, h('p', { class: 'ok' }, 'Created silence ' + created + '.'));
  await load();

  async function load() {
    let list;
    try {
      list = await fetchJson('/api/v2/silences');
    } catch (e) {
      fill(content, errorBox(e.status === 404 ? 'The embedded alert handling is off.' : e));
      return;
    }
    const out = ORDER.map((state) => {
      const items = list.filter((s) => s.status.state === state)
        .sort((a, b) => (state === 'expired' ? b.endsAt.localeCompare(a.endsAt) : a.endsAt.localeCompare(b.endsAt)));
      return h('section', { class: 'card silences-' + state },
        h('h2', null, state[0].toUpperCase() + state.slice(1), ' (' + items.length + ')'),
        items.length ? h('ul', { class: 'silences' }, items.map((s) => item(s, state))) : h('p', { class: 'muted' }, 'None.'));
    });
    fill(content, out);
  }

  function item(s, state) {
    const expire = state === 'expired' ? null : h('button', { type: 'button', class: 'danger expire',
      onclick: async () => {
        expire.disabled = true;
        try {
          await fetchJson('/api/v2/silence/' + encodeURIComponent(s.id), { method: 'DELETE' });
          fill(notice, h('p', { class: 'ok' }, 'Expired silence ' + s.id + '.'));
          await load();
        } catch (e) {
          expire.disabled = false;
          fill(notice, errorBox(e));
        }
      } }, 'Expire');
    return h('li', { class: 'silence', id: s.id, 'data-state': state },
      h('div', { class: 'row' }, badge(state), ' ',
        h('span', { class: 'chips' }, s.matchers.map((m) => h('span', { class: 'chip' }, matcherText(m))))),
      h('div', { class: 'muted' }, 'From ', timeCell(s.startsAt), ' until ', timeCell(s.endsAt),
        ' · by ', s.createdBy, ' · id ', h('code', null, s.id)),
      s.comment ? h('p', { class: 'comment' }, s.comment) : null,
      h('div', { class: 'actions' },
        h('a', { class: 'button secondary', href: '/alertmanager/silences/new?filter='
          + encodeURIComponent('{' + s.matchers.map(matcherText).join(',') + '}') }, 'Recreate'),
        expire));
  }
}
