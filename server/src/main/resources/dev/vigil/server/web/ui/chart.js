// A range query's result drawn with uPlot, with a legend that toggles series and shows the
// values under the cursor.
import { fill, h, seriesName } from './dom.js';

const COLORS = ['#2f6fdb', '#e0542e', '#2a9d55', '#9b51e0', '#d4a017', '#17a2b8', '#d63384',
  '#6c757d', '#20c997', '#fd7e14', '#6610f2', '#8c564b'];

export function color(i) {
  return COLORS[i % COLORS.length];
}

function num(v) {
  const x = parseFloat(v);
  return isFinite(x) ? x : null;
}

function formatValue(v) {
  if (v === null || v === undefined) return '–';
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return v.toExponential(3);
  return String(Math.round(v * 1e4) / 1e4);
}

/** Aligns the result on the query's steps: uPlot wants one x array and one y array per series. */
export function align(result, startSec, endSec, stepSec) {
  const xs = [];
  for (let t = startSec; t <= endSec + 1e-9; t += stepSec) xs.push(Math.round(t * 1000) / 1000);
  const index = new Map(xs.map((t, i) => [t, i]));
  const ys = result.map((s) => {
    const y = new Array(xs.length).fill(null);
    for (const [t, v] of s.values || []) {
      const i = index.get(Math.round(t * 1000) / 1000);
      if (i !== undefined) y[i] = num(v);
    }
    return y;
  });
  return { xs, ys };
}

/**
 * Draws into container; returns a handle with destroy(). stacked: each series on top of the
 * ones before it, filled.
 */
export function drawChart(container, legend, result, range, stacked) {
  const { xs, ys } = align(result, range.start, range.end, range.step);
  const shown = result.map(() => true);
  const raw = ys;
  const stack = () => {
    if (!stacked) return raw;
    const acc = new Array(xs.length).fill(0);
    return raw.map((y, si) => y.map((v, i) => {
      if (!shown[si] || v === null) return v === null ? null : acc[i];
      acc[i] += v;
      return acc[i];
    }));
  };
  const dark = matchMedia('(prefers-color-scheme: dark)').matches;
  const axisStroke = dark ? '#c9d1d9' : '#333';
  const grid = { stroke: dark ? '#30363d' : '#e5e5e5', width: 1 };
  const opts = {
    width: Math.max(container.clientWidth, 300),
    height: 320,
    legend: { show: false },
    cursor: { points: { size: 6 } },
    scales: { x: { time: true } },
    // The time inputs are UTC, so the axis is too: a shared link reads the same everywhere.
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    axes: [
      { stroke: axisStroke, grid, ticks: grid },
      { stroke: axisStroke, grid, ticks: grid, size: 70, values: (u, vals) => vals.map(formatValue) },
    ],
    series: [{}].concat(result.map((s, i) => ({
      label: seriesName(s.metric),
      stroke: color(i),
      width: 1.5,
      fill: stacked ? color(i) + '40' : undefined,
      spanGaps: false,
      points: { show: false },
    }))),
    hooks: { setCursor: [(u) => showValues(u.cursor.idx)] },
  };
  if (stacked) {
    // Each series fills down to the one below it rather than to zero, so fills do not overlap.
    opts.bands = result.slice(1).map((_, i) => ({ series: [i + 2, i + 1] }));
  }
  const plot = new uPlot(opts, [xs].concat(stack()), container);
  container.dataset.series = String(result.length);

  const valueCells = [];
  const header = h('div', { class: 'legend-time', 'aria-live': 'off' }, ' ');
  const entries = result.map((s, i) => {
    const val = h('span', { class: 'legend-value' });
    valueCells.push(val);
    // Set through the CSSOM: the CSP forbids style attributes, not style properties.
    const swatch = h('span', { class: 'swatch' });
    swatch.style.backgroundColor = color(i);
    const btn = h('button', {
      type: 'button', class: 'legend-item', 'aria-pressed': 'true',
      title: 'Click to hide or show; Alt+click to show only this one',
      onclick: (e) => toggle(i, e.altKey),
    }, swatch, h('span', { class: 'legend-name' }, seriesName(s.metric)), val);
    return btn;
  });
  fill(legend, header, entries.length ? entries : h('p', { class: 'muted' }, 'No data in this range.'));

  function toggle(i, only) {
    if (only) {
      const alone = shown.every((v, j) => v === (j === i));
      shown.forEach((_, j) => { shown[j] = alone || j === i; });
    } else {
      shown[i] = !shown[i];
    }
    shown.forEach((v, j) => {
      entries[j].setAttribute('aria-pressed', String(v));
      plot.setSeries(j + 1, { show: v }, false);
    });
    if (stacked) plot.setData([xs].concat(stack()));
  }

  function showValues(idx) {
    if (idx === null || idx === undefined) {
      header.textContent = ' ';
      valueCells.forEach((c) => { c.textContent = ''; });
      return;
    }
    header.textContent = new Date(xs[idx] * 1000).toISOString().replace('T', ' ').replace('.000Z', ' UTC');
    valueCells.forEach((c, i) => { c.textContent = formatValue(raw[i][idx]); });
  }

  const resize = new ResizeObserver(() => {
    const w = Math.max(container.clientWidth, 300);
    if (Math.abs(w - plot.width) > 2) plot.setSize({ width: w, height: 320 });
  });
  resize.observe(container);
  return {
    destroy() {
      resize.disconnect();
      plot.destroy();
    },
  };
}
