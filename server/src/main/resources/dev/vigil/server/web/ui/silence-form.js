// A new silence: matchers (prefilled from ?filter={...}, as a "Silence" button on an alert
// links here), its length, author and comment, and a preview of the alerts it would match.
import { badge, errorBox, fetchJson, fill, formatDuration, h, labelChips, parseDuration } from './dom.js';
import { matcherText, parseMatchers } from './matchers.js';

const OPS = ['=', '!=', '=~', '!~'];

export async function render(main) {
  let initial = [];
  const problems = h('div', { role: 'alert' });
  const filter = new URLSearchParams(location.search).get('filter');
  if (filter) {
    try {
      initial = parseMatchers(filter);
    } catch (e) {
      fill(problems, errorBox('Cannot read the filter: ' + e.message));
    }
  }
  if (!initial.length) initial = [{ name: '', value: '', isRegex: false, isEqual: true }];
  const rows = h('div', { class: 'matchers' });
  const addRow = (m) => {
    const name = h('input', { type: 'text', class: 'm-name', 'aria-label': 'Label name', required: true });
    name.value = m.name;
    const op = h('select', { class: 'm-op', 'aria-label': 'Operator' },
      OPS.map((o) => h('option', { value: o }, o)));
    op.value = m.isRegex ? (m.isEqual ? '=~' : '!~') : (m.isEqual ? '=' : '!=');
    const value = h('input', { type: 'text', class: 'm-value', 'aria-label': 'Label value' });
    value.value = m.value;
    const row = h('div', { class: 'matcher-row' }, name, op, value,
      h('button', { type: 'button', class: 'secondary', 'aria-label': 'Remove matcher', onclick: () => {
        row.remove();
        preview();
      } }, '×'));
    for (const el of [name, op, value]) el.addEventListener('input', schedule);
    rows.append(row);
  };
  initial.forEach(addRow);

  const duration = h('input', { type: 'text', id: 'duration', class: 'short', required: true });
  duration.value = '2h';
  const createdBy = h('input', { type: 'text', id: 'createdBy', required: true, autocomplete: 'username' });
  createdBy.value = localStorage.getItem('vigil.silenceAuthor') || '';
  const comment = h('textarea', { id: 'comment', rows: 3, required: true });
  const ends = h('span', { class: 'muted' });
  const matching = h('div', { class: 'preview', 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Create');
  const form = h('form', { class: 'silence-form card', novalidate: true },
    h('fieldset', null, h('legend', null, 'Matchers'), rows,
      h('button', { type: 'button', class: 'secondary', onclick: () => {
        addRow({ name: '', value: '', isRegex: false, isEqual: true });
        rows.lastChild.querySelector('input').focus();
      } }, 'Add matcher')),
    h('div', { class: 'field' }, h('label', { for: 'duration' }, 'Duration'), duration, ' ', ends),
    h('div', { class: 'field' }, h('label', { for: 'createdBy' }, 'Creator'), createdBy),
    h('div', { class: 'field' }, h('label', { for: 'comment' }, 'Comment'), comment),
    problems, h('div', { class: 'actions' }, submit,
      h('a', { class: 'button secondary', href: '/alertmanager/silences' }, 'Cancel')));
  fill(main, h('h1', null, 'New silence'), form,
    h('section', { class: 'card' }, h('h2', null, 'Alerts this silence matches'), matching));

  function matchers() {
    return [...rows.querySelectorAll('.matcher-row')].map((r) => {
      const o = r.querySelector('.m-op').value;
      return { name: r.querySelector('.m-name').value.trim(), value: r.querySelector('.m-value').value,
        isRegex: o.includes('~'), isEqual: !o.startsWith('!') };
    }).filter((m) => m.name);
  }

  function showEnds() {
    const d = parseDuration(duration.value);
    ends.textContent = isNaN(d) || d <= 0 ? 'not a duration (e.g. 2h, 1d, 30m)'
      : 'ends ' + new Date(Date.now() + d).toISOString().replace('T', ' ').replace(/\.\d+Z/, ' UTC')
        + ' (' + formatDuration(d) + ')';
  }
  duration.addEventListener('input', showEnds);
  showEnds();

  let timer = null;
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(preview, 250);
  }

  async function preview() {
    const ms = matchers();
    if (!ms.length) {
      fill(matching, h('p', { class: 'muted' }, 'Add a matcher to see the alerts it matches.'));
      return;
    }
    const q = new URLSearchParams();
    ms.forEach((m) => q.append('filter', matcherText(m)));
    try {
      const alerts = await fetchJson('/api/v2/alerts?' + q);
      fill(matching, h('p', { class: 'match-count' }, alerts.length + (alerts.length === 1 ? ' alert matches' : ' alerts match')),
        h('ul', { class: 'am-alerts' }, alerts.map((a) => h('li', { class: 'am-alert' },
          badge(a.status.silencedBy.length ? 'silenced' : a.status.state), ' ', labelChips(a.labels)))));
    } catch (e) {
      fill(matching, errorBox(e));
    }
  }
  preview();

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const ms = matchers();
    const d = parseDuration(duration.value);
    const missing = [];
    if (!ms.length) missing.push('at least one matcher');
    if (isNaN(d) || d <= 0) missing.push('a duration');
    if (!createdBy.value.trim()) missing.push('a creator');
    if (!comment.value.trim()) missing.push('a comment');
    if (missing.length) {
      fill(problems, errorBox('A silence needs ' + missing.join(', ') + '.'));
      return;
    }
    localStorage.setItem('vigil.silenceAuthor', createdBy.value.trim());
    const now = Date.now();
    submit.disabled = true;
    try {
      const res = await fetchJson('/api/v2/silences', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ matchers: ms, startsAt: new Date(now).toISOString(),
          endsAt: new Date(now + d).toISOString(), createdBy: createdBy.value.trim(), comment: comment.value }),
      });
      location.assign('/alertmanager/silences?created=' + encodeURIComponent(res.silenceID));
    } catch (err) {
      submit.disabled = false;
      fill(problems, errorBox(err));
    }
  });
}
