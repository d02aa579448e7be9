// Alertmanager matchers: {name="value", other=~"re"} as text and as API v2 objects.

const MATCHER = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*,?/y;

/** Parses {a="b", c=~"d"}; throws on anything else. */
export function parseMatchers(text) {
  let t = String(text).trim();
  if (t.startsWith('{') && t.endsWith('}')) t = t.slice(1, -1);
  const out = [];
  MATCHER.lastIndex = 0;
  while (MATCHER.lastIndex < t.length) {
    const start = MATCHER.lastIndex;
    const m = MATCHER.exec(t);
    if (!m) {
      if (!t.slice(start).trim()) break;
      throw new Error('bad matcher at "' + t.slice(start) + '"');
    }
    out.push({ name: m[1], value: JSON.parse('"' + m[3] + '"'), isRegex: m[2].includes('~'),
      isEqual: !m[2].startsWith('!') });
  }
  return out;
}


/** One matcher as text: name="value". */
export function matcherText(m) {
  const o = m.isRegex ? (m.isEqual === false ? '!~' : '=~') : (m.isEqual === false ? '!=' : '=');
  return m.name + o + JSON.stringify(m.value);
}

/** A link to a new silence for exactly these labels. */
export function silenceLink(labels) {
  const ms = Object.keys(labels).sort().map((k) => matcherText({ name: k, value: labels[k], isRegex: false, isEqual: true }));
  return '/alertmanager/silences/new?filter=' + encodeURIComponent('{' + ms.join(',') + '}');
}
