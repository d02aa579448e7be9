// Entry point: the server sends the same page for every UI path; this picks what to draw.
import { errorBox, fill } from './dom.js';

const pages = {
  '/graph': () => import('./graph.js'),
  '/alerts': () => import('./alerts.js'),
  '/rules': () => import('./rules.js'),
  '/targets': () => import('./targets.js'),
  '/service-discovery': () => import('./targets.js'),
  '/status': () => import('./status.js'),
  '/flags': () => import('./status.js'),
  '/config': () => import('./status.js'),
  '/tsdb-status': () => import('./status.js'),
  '/alertmanager/alerts': () => import('./am-alerts.js'),
  '/alertmanager/silences': () => import('./silences.js'),
  '/alertmanager/silences/new': () => import('./silence-form.js'),
};

async function start() {
  const path = location.pathname.replace(/\/+$/, '') || '/graph';
  for (const a of document.querySelectorAll('header nav a:not(.brand)')) {
    const here = a.getAttribute('href') === path
      || (a.getAttribute('href') === '/status' && ['/flags', '/config', '/tsdb-status'].includes(path))
      || (a.getAttribute('href') === '/alertmanager/silences' && path.startsWith('/alertmanager/silences'));
    if (here) a.setAttribute('aria-current', 'page');
  }
  const main = document.getElementById('main');
  const load = pages[path];
  if (!load) {
    fill(main, errorBox('No such page: ' + path));
    return;
  }
  try {
    const mod = await load();
    main.replaceChildren();
    await mod.render(main, path);
  } catch (e) {
    fill(main, errorBox(e));
  }
}

start();
