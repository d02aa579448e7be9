// The expression browser: panels g0, g1, ... each with a PromQL input, a Table tab (instant
// query at an evaluation time) and a Graph tab (range query). The state is kept in the URL in
// Prometheus's parameters (g0.expr, g0.tab 0=graph 1=table, g0.range_input, g0.end_input,
// g0.moment_input, g0.step_input, g0.stacked) so a link opens the same view.
import { api, errorBox, fill, formatDuration, formatUtc, h, parseDuration, parseTime, seriesName }
  from './dom.js';
import { promqlInput, remember } from './promql-input.js';
import { drawChart } from './chart.js';

const RANGES = ['1m', '5m', '15m', '30m', '1h', '2h', '6h', '12h', '1d', '2d', '1w', '2w', '4w',
  '8w'].map(parseDuration);
const MAX_ROWS = 10000;

let panels = [];
let list;

/** Panels from the URL; one empty panel when there are none. */
export function readState(search) {
  const params = new URLSearchParams(search);
  const byIndex = new Map();
  for (const [k, v] of params) {
    const m = /^g(\d+)\.(\w+)$/.exec(k);
    if (!m) continue;
    if (!byIndex.has(+m[1])) byIndex.set(+m[1], {});
    byIndex.get(+m[1])[m[2]] = v;
  }
  const out = [...byIndex.keys()].sort((a, b) => a - b).map((i) => {
    const p = byIndex.get(i);
    const range = parseDuration(p.range_input || '1h');
    const end = p.end_input ? parseTime(p.end_input) : NaN;
    const moment = p.moment_input ? parseTime(p.moment_input) : NaN;
    return {
      expr: p.expr || '',
      // Prometheus 2 writes 0/1; its newer UI writes the tab's name.
      tab: p.tab === '0' || p.tab === 'graph' ? 'graph' : 'table',
      range: isNaN(range) ? 3600000 : range,
      end: isNaN(end) ? null : end,
      moment: isNaN(moment) ? null : moment,
      step: p.step_input && +p.step_input > 0 ? +p.step_input : null,
      stacked: p.stacked === '1',
    };
  });
  return out.length ? out : [blank()];
}

function blank() {
  return { expr: '', tab: 'table', range: 3600000, end: null, moment: null, step: null, stacked: false };
}

/** The URL's query string for the panels' state. */
export function writeState(states) {
  const params = new URLSearchParams();
  states.forEach((s, i) => {
    const g = 'g' + i + '.';
    params.set(g + 'expr', s.expr);
    params.set(g + 'tab', s.tab === 'graph' ? '0' : '1');
    params.set(g + 'stacked', s.stacked ? '1' : '0');
    params.set(g + 'range_input', formatDuration(s.range));
    if (s.end !== null) params.set(g + 'end_input', formatUtc(s.end));
    if (s.moment !== null) params.set(g + 'moment_input', formatUtc(s.moment));
    if (s.step !== null) params.set(g + 'step_input', String(s.step));
  });
  return '?' + params.toString();
}

function saveUrl() {
  const q = writeState(panels.map((p) => p.state));
  if (q !== location.search) history.replaceState(null, '', location.pathname + q);
}

export async function render(main) {
  list = h('div', { class: 'panels' });
  const addBtn = h('button', { type: 'button', class: 'secondary', onclick: () => {
    addPanel(blank()).input.input.focus();
    saveUrl();
  } }, 'Add panel');
  fill(main, h('h1', { class: 'visually-hidden' }, 'Expression browser'), list, h('p', null, addBtn));
  panels = [];
  for (const s of readState(location.search)) addPanel(s);
  saveUrl();
  for (const p of panels) if (p.state.expr) p.run();
  if (!panels[0].state.expr) panels[0].input.input.focus();
}

function addPanel(state) {
  const p = new Panel(state);
  panels.push(p);
  list.append(p.el);
  renumber();
  return p;
}

function renumber() {
  panels.forEach((p, i) => {
    p.el.setAttribute('aria-label', 'Panel ' + (i + 1));
    p.el.dataset.panel = String(i);
    p.removeBtn.hidden = panels.length < 2;
  });
}

class Panel {
  constructor(state) {
    this.state = state;
    this.chart = null;
    this.seq = 0;
    this.input = promqlInput(state.expr, (expr) => {
      this.state.expr = expr;
      this.run();
    });
    const run = h('button', { type: 'button', class: 'primary', onclick: () => {
      this.state.expr = this.input.input.value;
      this.run();
    } }, 'Execute');
    this.removeBtn = h('button', { type: 'button', class: 'secondary', 'aria-label': 'Remove panel',
      onclick: () => this.remove() }, 'Remove');
    this.tabTable = h('button', { type: 'button', role: 'tab', class: 'tab',
      onclick: () => this.setTab('table') }, 'Table');
    this.tabGraph = h('button', { type: 'button', role: 'tab', class: 'tab',
      onclick: () => this.setTab('graph') }, 'Graph');
    this.stats = h('span', { class: 'muted stats', 'aria-live': 'polite' });
    this.tableControls = this.buildTableControls();
    this.graphControls = this.buildGraphControls();
    this.body = h('div', { class: 'panel-body', role: 'tabpanel' });
    this.el = h('section', { class: 'panel card' },
      h('div', { class: 'query-row' }, this.input.element, run, this.removeBtn),
      h('div', { class: 'tabs', role: 'tablist' }, this.tabTable, this.tabGraph, this.stats),
      this.tableControls, this.graphControls, this.body);
    this.showTab();
  }

  buildTableControls() {
    this.moment = h('input', { type: 'text', class: 'time', placeholder: 'now',
      'aria-label': 'Evaluation time (UTC, YYYY-MM-DD HH:MM:SS)', title: 'UTC, YYYY-MM-DD HH:MM:SS' });
    this.moment.value = this.state.moment === null ? '' : formatUtc(this.state.moment);
    const set = (ms) => {
      this.state.moment = ms;
      this.moment.value = ms === null ? '' : formatUtc(ms);
      this.run();
    };
    const shift = (sign) => set((this.state.moment === null ? Date.now() : this.state.moment)
      + sign * this.state.range / 4);
    this.moment.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') this.applyMoment();
    });
    this.moment.addEventListener('change', () => this.applyMoment());
    return h('div', { class: 'controls' },
      h('label', null, 'Evaluation time ', this.moment, ' UTC'),
      h('button', { type: 'button', class: 'secondary', 'aria-label': 'Earlier', onclick: () => shift(-1) }, '‹'),
      h('button', { type: 'button', class: 'secondary', 'aria-label': 'Later', onclick: () => shift(1) }, '›'),
      h('button', { type: 'button', class: 'secondary', onclick: () => set(null) }, 'Now'));
  }

  applyMoment() {
    const v = this.moment.value.trim();
    const ms = v ? parseTime(v) : null;
    if (Number.isNaN(ms)) {
      this.moment.setAttribute('aria-invalid', 'true');
      return;
    }
    this.moment.removeAttribute('aria-invalid');
    if (ms === this.state.moment) return;
    this.state.moment = ms;
    this.run();
  }

  buildGraphControls() {
    this.rangeIn = h('input', { type: 'text', class: 'short', 'aria-label': 'Range' });
    this.rangeIn.value = formatDuration(this.state.range);
    this.endIn = h('input', { type: 'text', class: 'time', placeholder: 'now',
      'aria-label': 'End time (UTC, YYYY-MM-DD HH:MM:SS)', title: 'UTC, YYYY-MM-DD HH:MM:SS' });
    this.endIn.value = this.state.end === null ? '' : formatUtc(this.state.end);
    this.stepIn = h('input', { type: 'text', class: 'short', placeholder: 'auto',
      'aria-label': 'Resolution (step, seconds)' });
    this.stepIn.value = this.state.step === null ? '' : String(this.state.step);
    this.stackedIn = h('input', { type: 'checkbox' });
    this.stackedIn.checked = this.state.stacked;
    const zoom = (dir) => {
      const i = RANGES.findIndex((r) => r >= this.state.range);
      const next = RANGES[Math.max(0, Math.min(RANGES.length - 1, (i < 0 ? RANGES.length : i) + dir))];
      this.state.range = next;
      this.rangeIn.value = formatDuration(next);
      this.run();
    };
    const move = (dir) => {
      const end = (this.state.end === null ? Date.now() : this.state.end) + dir * this.state.range / 2;
      this.state.end = end;
      this.endIn.value = formatUtc(end);
      this.run();
    };
    const onEnter = (el, apply) => {
      el.addEventListener('keydown', (e) => { if (e.key === 'Enter') apply(); });
      el.addEventListener('change', apply);
    };
    onEnter(this.rangeIn, () => {
      const r = parseDuration(this.rangeIn.value);
      if (isNaN(r) || r <= 0) return this.rangeIn.setAttribute('aria-invalid', 'true');
      this.rangeIn.removeAttribute('aria-invalid');
      if (r !== this.state.range) { this.state.range = r; this.run(); }
    });
    onEnter(this.endIn, () => {
      const v = this.endIn.value.trim();
      const ms = v ? parseTime(v) : null;
      if (Number.isNaN(ms)) return this.endIn.setAttribute('aria-invalid', 'true');
      this.endIn.removeAttribute('aria-invalid');
      if (ms !== this.state.end) { this.state.end = ms; this.run(); }
    });
    onEnter(this.stepIn, () => {
      const v = this.stepIn.value.trim();
      const step = v ? parseFloat(v) : null;
      if (step !== null && !(step > 0)) return this.stepIn.setAttribute('aria-invalid', 'true');
      this.stepIn.removeAttribute('aria-invalid');
      if (step !== this.state.step) { this.state.step = step; this.run(); }
    });
    this.stackedIn.addEventListener('change', () => {
      this.state.stacked = this.stackedIn.checked;
      this.run();
    });
    return h('div', { class: 'controls' },
      h('button', { type: 'button', class: 'secondary', 'aria-label': 'Shorter range', onclick: () => zoom(-1) }, '−'),
      h('label', null, 'Range ', this.rangeIn),
      h('button', { type: 'button', class: 'secondary', 'aria-label': 'Longer range', onclick: () => zoom(1) }, '+'),
      h('button', { type: 'button', class: 'secondary', 'aria-label': 'Earlier', onclick: () => move(-1) }, '‹'),
      h('label', null, 'End ', this.endIn, ' UTC'),
      h('button', { type: 'button', class: 'secondary', 'aria-label': 'Later', onclick: () => move(1) }, '›'),
      h('button', { type: 'button', class: 'secondary', onclick: () => {
        this.state.end = null; this.endIn.value = ''; this.run();
      } }, 'Now'),
      h('label', null, 'Step ', this.stepIn, ' s'),
      h('label', { class: 'check' }, this.stackedIn, ' Stacked'));
  }

  setTab(tab) {
    if (this.state.tab === tab) return;
    this.state.tab = tab;
    this.showTab();
    this.run();
  }

  showTab() {
    const graph = this.state.tab === 'graph';
    this.tabGraph.setAttribute('aria-selected', String(graph));
    this.tabTable.setAttribute('aria-selected', String(!graph));
    this.graphControls.hidden = !graph;
    this.tableControls.hidden = graph;
  }

  remove() {
    this.destroyChart();
    panels = panels.filter((p) => p !== this);
    this.el.remove();
    renumber();
    saveUrl();
  }

  destroyChart() {
    if (this.chart) this.chart.destroy();
    this.chart = null;
  }

  async run() {
    const expr = this.state.expr;
    saveUrl();
    const seq = ++this.seq;
    this.destroyChart();
    if (!expr.trim()) {
      fill(this.body, h('p', { class: 'muted' }, 'No expression.'));
      this.stats.textContent = '';
      return;
    }
    remember(expr);
    this.el.setAttribute('aria-busy', 'true');
    this.stats.textContent = 'Loading…';
    const started = performance.now();
    try {
      if (this.state.tab === 'graph') await this.runGraph(expr, seq, started);
      else await this.runTable(expr, seq, started);
      this.input.setError(null);
    } catch (e) {
      if (seq !== this.seq) return;
      this.stats.textContent = '';
      this.input.setError(e, expr);
      fill(this.body, errorBox(e));
    } finally {
      if (seq === this.seq) this.el.removeAttribute('aria-busy');
    }
  }

  async runTable(expr, seq, started) {
    const params = { query: expr };
    if (this.state.moment !== null) params.time = String(this.state.moment / 1000);
    const data = await api('/api/v1/query', params);
    if (seq !== this.seq) return;
    const rows = [];
    const r = data.result;
    if (data.resultType === 'vector') {
      for (const s of r.slice(0, MAX_ROWS)) {
        rows.push(h('tr', null, h('td', { class: 'series' }, seriesName(s.metric)),
          h('td', { class: 'num' }, s.value ? s.value[1] : s.histogram ? 'histogram' : '')));
      }
    } else if (data.resultType === 'matrix') {
      for (const s of r.slice(0, MAX_ROWS)) {
        rows.push(h('tr', null, h('td', { class: 'series' }, seriesName(s.metric)),
          h('td', { class: 'num' }, (s.values || []).map((v) => h('div', null, v[1] + ' @' + v[0])))));
      }
    } else {
      rows.push(h('tr', null, h('td', { class: 'series' }, data.resultType), h('td', { class: 'num' }, r[1])));
    }
    const count = Array.isArray(r) && data.resultType !== 'scalar' && data.resultType !== 'string'
      ? r.length : 1;
    this.stats.textContent = 'Load time: ' + Math.round(performance.now() - started) + 'ms · Result series: '
      + count + (count > MAX_ROWS ? ' (showing ' + MAX_ROWS + ')' : '');
    fill(this.body, rows.length
      ? h('table', { class: 'data result' },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Series'), h('th', { scope: 'col' }, 'Value'))),
        h('tbody', null, rows))
      : h('p', { class: 'muted' }, 'Empty query result'));
  }

  async runGraph(expr, seq, started) {
    const endMs = this.state.end === null ? Date.now() : this.state.end;
    const range = this.state.range;
    const step = this.state.step !== null ? this.state.step : Math.max(Math.floor(range / 1000 / 250), 1);
    // Aligned to the step, so a refresh lands on the same points.
    const end = Math.floor(endMs / 1000 / step) * step;
    const start = end - range / 1000;
    const data = await api('/api/v1/query_range',
      { query: expr, start: String(start), end: String(end), step: String(step) });
    if (seq !== this.seq) return;
    if (data.resultType !== 'matrix') throw new Error('range query returned ' + data.resultType);
    this.stats.textContent = 'Load time: ' + Math.round(performance.now() - started) + 'ms · Resolution: '
      + step + 's · Result series: ' + data.result.length;
    const plot = h('div', { class: 'chart' });
    const legend = h('div', { class: 'legend', 'aria-label': 'Legend' });
    fill(this.body, plot, legend);
    this.chart = drawChart(plot, legend, data.result, { start, end, step }, this.state.stacked);
  }
}
