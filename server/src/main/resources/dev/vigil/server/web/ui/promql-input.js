// The PromQL input: autocompletion (metric names, label names and values, functions), a syntax
// check against /api/v1/parse_query shown inline at the error's position, and query history.
import { api, fill, h } from './dom.js';

const FUNCTIONS = ['abs', 'absent', 'absent_over_time', 'acos', 'acosh', 'asin', 'asinh', 'atan',
  'atanh', 'avg_over_time', 'ceil', 'changes', 'clamp', 'clamp_max', 'clamp_min', 'cos', 'cosh',
  'count_over_time', 'day_of_month', 'day_of_week', 'day_of_year', 'days_in_month', 'deg',
  'delta', 'deriv', 'exp', 'floor', 'histogram_count', 'histogram_fraction',
  'histogram_quantile', 'histogram_sum', 'holt_winters', 'hour', 'idelta', 'increase', 'irate',
  'label_join', 'label_replace', 'last_over_time', 'ln', 'log10', 'log2', 'max_over_time',
  'min_over_time', 'minute', 'month', 'pi', 'predict_linear', 'present_over_time',
  'quantile_over_time', 'rad', 'rate', 'resets', 'round', 'scalar', 'sgn', 'sin', 'sinh', 'sort',
  'sort_desc', 'sqrt', 'stddev_over_time', 'stdvar_over_time', 'sum_over_time', 'tan', 'tanh',
  'time', 'timestamp', 'vector', 'year'];
const AGGREGATIONS = ['sum', 'min', 'max', 'avg', 'group', 'stddev', 'stdvar', 'count',
  'count_values', 'bottomk', 'topk', 'quantile'];
const KEYWORDS = ['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'offset', 'bool',
  'and', 'or', 'unless'];
const HISTORY_KEY = 'vigil.queryHistory';
const MAX_ITEMS = 30;

let metricNames = null;
let labelNames = null;
const labelValues = new Map();

async function metrics() {
  if (!metricNames) metricNames = api('/api/v1/label/__name__/values').catch(() => []);
  return metricNames;
}
async function labels() {
  if (!labelNames) labelNames = api('/api/v1/labels').catch(() => []);
  return labelNames;
}
async function values(name, metric) {
  const key = name + '\u0000' + metric;
  if (!labelValues.has(key)) {
    const params = new URLSearchParams();
    if (metric) params.append('match[]', metric);
    labelValues.set(key, api('/api/v1/label/' + encodeURIComponent(name) + '/values?' + params)
      .catch(() => []));
  }
  return labelValues.get(key);
}

export function history() {
  try {
    const v = JSON.parse(localStorage.getItem(HISTORY_KEY) || '[]');
    return Array.isArray(v) ? v.filter((x) => typeof x === 'string') : [];
  } catch (e) {
    return [];
  }
}

export function remember(expr) {
  if (!expr.trim()) return;
  const next = [expr, ...history().filter((x) => x !== expr)].slice(0, 50);
  try {
    localStorage.setItem(HISTORY_KEY, JSON.stringify(next));
  } catch (e) {
    // storage full or disabled: history is a convenience
  }
}

/**
 * What is being typed at the caret: {kind, prefix, start, label?, metric?}. kind is "metric"
 * (names, functions, keywords), "label" (a label name inside braces) or "value".
 */
export function context(text, caret) {
  const before = text.slice(0, caret);
  const open = before.lastIndexOf('{');
  if (open > before.lastIndexOf('}')) {
    const inside = before.slice(open + 1);
    const metric = (/([a-zA-Z_:][a-zA-Z0-9_:]*)\s*$/.exec(before.slice(0, open)) || [])[1] || '';
    const value = /([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)$/.exec(inside);
    if (value) {
      return { kind: 'value', label: value[1], metric, prefix: value[3], start: caret - value[3].length };
    }
    const name = /(?:^|[{,\s])([a-zA-Z_][a-zA-Z0-9_]*)?$/.exec(inside);
    if (name && !/(=~|!~|!=|=)\s*$/.test(inside)) {
      const p = name[1] || '';
      return { kind: 'label', metric, prefix: p, start: caret - p.length };
    }
    return null;
  }
  // Inside by (...) / without (...) / on (...): label names.
  const grouping = /\b(by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)$/.exec(before);
  if (grouping) {
    const p = (/([a-zA-Z_][a-zA-Z0-9_]*)$/.exec(grouping[2]) || [''])[0];
    return { kind: 'label', metric: '', prefix: p, start: caret - p.length };
  }
  const quotes = (before.match(/"/g) || []).length;
  if (quotes % 2 === 1) return null;
  const word = /([a-zA-Z_:][a-zA-Z0-9_:]*)$/.exec(before);
  if (!word) return null;
  return { kind: 'metric', prefix: word[1], start: caret - word[1].length };
}

function rank(list, prefix) {
  const p = prefix.toLowerCase();
  const starts = [];
  const contains = [];
  for (const x of list) {
    const l = x.text.toLowerCase();
    if (l === p) continue;
    if (l.startsWith(p)) starts.push(x);
    else if (p && l.includes(p)) contains.push(x);
  }
  return starts.concat(contains).slice(0, MAX_ITEMS);
}

let idSeq = 0;

/**
 * Builds the input. onRun(expr) is called on Enter (without Shift) or the Execute button;
 * returns {element, input, setError(err, expr)}.
 */
export function promqlInput(initial, onRun) {
  const id = 'promql-' + (++idSeq);
  const input = h('textarea', {
    id, class: 'promql', rows: 1, spellcheck: 'false', autocomplete: 'off',
    'aria-label': 'Expression (press Enter to execute, Shift+Enter for a new line)',
    placeholder: 'Expression (press Enter to execute)', role: 'combobox',
    'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': id + '-list',
  });
  input.value = initial || '';
  const list = h('ul', { id: id + '-list', class: 'suggest', role: 'listbox', hidden: true });
  const error = h('div', { class: 'parse-error', role: 'status', 'aria-live': 'polite' });
  let items = [];
  let active = -1;
  let source = null;
  let checkTimer = null;
  let lastChecked = null;
  let generation = 0;

  function grow() {
    input.style.height = 'auto';
    input.style.height = Math.min(input.scrollHeight + 2, 300) + 'px';
  }

  function close() {
    // A lookup still on its way must not reopen the list after Enter or Escape closed it.
    generation++;
    items = [];
    active = -1;
    list.hidden = true;
    list.replaceChildren();
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }

  function show(found, ctx) {
    items = found;
    source = ctx;
    active = -1;
    if (!found.length) {
      close();
      return;
    }
    fill(list, found.map((it, i) => h('li', {
      id: id + '-opt-' + i, role: 'option', 'aria-selected': 'false',
      onmousedown: (e) => {
        e.preventDefault();
        accept(i);
      },
    }, h('span', { class: 'kind kind-' + it.kind }, it.kind), ' ', h('span', null, it.text))));
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  }

  function highlight(i) {
    active = i;
    list.querySelectorAll('li').forEach((li, j) => li.setAttribute('aria-selected', String(i === j)));
    if (i >= 0) {
      input.setAttribute('aria-activedescendant', id + '-opt-' + i);
      list.children[i].scrollIntoView({ block: 'nearest' });
    }
  }

  function accept(i) {
    const it = items[i];
    if (!it) return;
    if (source === null) {
      input.value = it.text;
    } else {
      const caret = input.selectionStart;
      let insert = it.text;
      if (it.kind === 'function' || it.kind === 'aggregation') insert += '(';
      input.value = input.value.slice(0, source.start) + insert + input.value.slice(caret);
      const pos = source.start + insert.length;
      input.setSelectionRange(pos, pos);
    }
    close();
    grow();
    scheduleCheck();
  }

  async function suggest() {
    const text = input.value;
    const gen = ++generation;
    if (!text.trim()) {
      const past = history().map((x) => ({ text: x, kind: 'history' }));
      show(past.slice(0, MAX_ITEMS), null);
      return;
    }
    const ctx = context(text, input.selectionStart);
    if (!ctx) {
      close();
      return;
    }
    let found = [];
    if (ctx.kind === 'metric') {
      if (!ctx.prefix) {
        close();
        return;
      }
      const names = (await metrics()).map((x) => ({ text: x, kind: 'metric' }));
      const fns = FUNCTIONS.map((x) => ({ text: x, kind: 'function' }))
        .concat(AGGREGATIONS.map((x) => ({ text: x, kind: 'aggregation' })))
        .concat(KEYWORDS.map((x) => ({ text: x, kind: 'keyword' })));
      found = rank(fns.concat(names), ctx.prefix);
    } else if (ctx.kind === 'label') {
      found = rank((await labels()).filter((x) => x !== '__name__')
        .map((x) => ({ text: x, kind: 'label' })), ctx.prefix);
    } else {
      found = rank((await values(ctx.label, ctx.metric)).map((x) => ({ text: x, kind: 'value' })),
        ctx.prefix);
    }
    if (input.value !== text || gen !== generation || document.activeElement !== input) return;
    show(found, ctx);
  }

  function scheduleCheck() {
    clearTimeout(checkTimer);
    checkTimer = setTimeout(check, 300);
  }

  async function check() {
    const expr = input.value;
    if (expr === lastChecked) return;
    lastChecked = expr;
    if (!expr.trim()) {
      setError(null);
      return;
    }
    try {
      await api('/api/v1/parse_query', { query: expr });
      if (input.value === expr) setError(null);
    } catch (e) {
      if (input.value === expr) setError(e, expr);
    }
  }

  /** Shows an error; a "line:col: parse error" one also marks where in the expression. */
  function setError(err, expr) {
    if (!err) {
      error.replaceChildren();
      input.removeAttribute('aria-invalid');
      return;
    }
    const msg = String(err.message || err).replace(/^invalid parameter "query": /, '');
    const m = /^(\d+):(\d+): parse error: (.*)$/s.exec(msg);
    input.setAttribute('aria-invalid', 'true');
    if (!m || expr === undefined) {
      fill(error, h('div', { class: 'error' }, msg));
      return;
    }
    const line = (expr.split('\n')[+m[1] - 1] || '');
    const col = Math.max(0, Math.min(+m[2] - 1, line.length));
    fill(error, h('div', { class: 'error' },
      h('div', null, 'Syntax error at line ' + m[1] + ', column ' + m[2] + ': ' + m[3]),
      h('pre', { class: 'where' }, line.slice(0, col), h('mark', null, line.slice(col, col + 1) || ' '),
        line.slice(col + 1), '\n', ' '.repeat(col) + '^')));
  }

  input.addEventListener('input', () => {
    grow();
    suggest();
    scheduleCheck();
  });
  input.addEventListener('focus', () => {
    if (!input.value) suggest();
  });
  input.addEventListener('blur', () => setTimeout(close, 100));
  input.addEventListener('keydown', (e) => {
    const open = !list.hidden && items.length > 0;
    if (e.key === 'ArrowDown' && open) {
      e.preventDefault();
      highlight((active + 1) % items.length);
    } else if (e.key === 'ArrowUp' && open) {
      e.preventDefault();
      highlight((active - 1 + items.length) % items.length);
    } else if (e.key === 'ArrowDown' && !input.value) {
      e.preventDefault();
      suggest();
    } else if (e.key === 'Tab' && open && !e.shiftKey) {
      e.preventDefault();
      accept(active >= 0 ? active : 0);
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      close();
    } else if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      if (open && active >= 0) {
        accept(active);
        return;
      }
      close();
      onRun(input.value);
    }
  });
  queueMicrotask(grow);
  const element = h('div', { class: 'promql-box' }, input, list, error);
  return { element, input, setError, check };
}
