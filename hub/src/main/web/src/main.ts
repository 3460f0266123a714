// Hash routing (#/devices/bed-1): the hub serves one page and needs no fallback route.
import './style.css';
import { api, ApiError, token, whenUnauthorized, type WhoAmI } from './api';
import * as live from './sse';
import { fill, h } from './dom';
import type { Page } from './page';
import { loginPage } from './pages/login';
import { devicesPage } from './pages/devices';
import { devicePage } from './pages/device';
import { rulesPage } from './pages/rules';
import { rulePage } from './pages/rule';

const routes: Array<[RegExp, Page]> = [
  [/^\/devices$/, devicesPage],
  [/^\/devices\/([^/]+)$/, devicePage],
  [/^\/rules$/, rulesPage],
  [/^\/rules\/([^/]+)$/, rulePage],
];

const main = document.getElementById('main')!;
const sessionBar = document.getElementById('session')!;
let session: WhoAmI | undefined;
let leaving: Array<() => void> = [];

async function route(focus: boolean): Promise<void> {
  leaving.forEach(cleanup => cleanup());
  leaving = [];
  const path = location.hash.replace(/^#/, '') || '/devices';
  if (path === '/login' || !token.get()) {
    return showLogin();
  }
  if (!session && !(await startSession())) return;
  const match = routes.map(([pattern, page]) => [pattern.exec(path), page] as const).find(([found]) => found);
  markCurrentNav(path);
  if (!match) {
    fill(main, h('h1', null, 'Not found'), h('p', null, 'No page at ', h('code', null, path), '. ', h('a', { href: '#/devices' }, 'Go to devices')));
    return;
  }
  const [found, page] = match;
  // each visit renders into an element of its own: a slow page finishing after the user left fills a detached one
  const view = h('div');
  fill(main, view);
  try {
    await page({ main: view, session: session!, onLeave: cleanup => leaving.push(cleanup) }, ...found!.slice(1).map(decodeURIComponent));
  } catch (error) {
    fill(view, h('h1', null, 'Something went wrong'), h('p', { role: 'alert' }, (error as Error).message));
  }
  if (focus) main.querySelector<HTMLElement>('h1')?.focus();
}

/** Asks the hub what the stored token may do; a refused token goes back to the login page. */
async function startSession(): Promise<boolean> {
  try {
    session = await api.whoami();
  } catch (error) {
    signOut(error instanceof ApiError && error.status === 401 ? 'The hub refused this token. Sign in again.' : (error as Error).message);
    return false;
  }
  document.getElementById('role')!.textContent = session.canAct ? 'admin' : 'read-only';
  sessionBar.hidden = false;
  live.connect(document.getElementById('live')!);
  return true;
}

function showLogin(message?: string): void {
  sessionBar.hidden = true;
  markCurrentNav('');
  loginPage(main, message, () => {
    if (location.hash === '#/devices') void route(true);
    else location.hash = '#/devices';
  });
}

function signOut(message?: string): void {
  token.clear();
  session = undefined;
  live.close();
  if (location.hash !== '#/login') history.replaceState(null, '', '#/login');
  showLogin(message);
}

function markCurrentNav(path: string): void {
  document.querySelectorAll<HTMLAnchorElement>('[data-nav]').forEach(link => {
    if (path.startsWith(`/${link.dataset.nav}`)) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  });
}

// only once signed in: a refused token on the login page is the login page's to explain
whenUnauthorized(() => { if (session) signOut('The hub refused this token (revoked?). Sign in again.'); });
document.getElementById('sign-out')!.addEventListener('click', () => signOut());
window.addEventListener('hashchange', () => void route(true));
void route(false);
