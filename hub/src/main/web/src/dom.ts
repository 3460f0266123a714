// A tiny element builder: enough to write pages as plain functions without a framework.

type Child = Node | string | number | null | undefined | false | Child[];
type Attrs = Record<string, unknown>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value as EventListener);
    } else if (key === 'class' || key.includes('-') || typeof value !== 'object' && !(key in el)) {
      el.setAttribute(key === 'class' ? 'class' : key, value === true ? '' : String(value));
    } else {
      (el as unknown as Record<string, unknown>)[key] = value;
    }
  }
  append(el, children);
  return el;
}

function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's content. */
export function fill(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

/** A <time> showing local time, with the exact instant for machines and a hover title. */
export function time(iso: string | undefined | null, style: 'time' | 'datetime' = 'datetime'): HTMLElement | string {
  if (!iso) return '—';
  const at = new Date(iso);
  const text = style === 'time' ? at.toLocaleTimeString() : at.toLocaleString();
  return h('time', { dateTime: iso, title: at.toISOString() }, text);
}

/** "5 s ago", "3 min ago": how fresh a value is, at a glance. */
export function ago(iso: string | undefined | null): string {
  if (!iso) return 'never';
  const seconds = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86400)} d ago`;
}

/** "12 s ago" that stays true: every such element is refreshed every few seconds. */
export function since(iso: string | undefined | null): HTMLElement {
  return h('time', { dateTime: iso ?? '', title: iso ? new Date(iso).toLocaleString() : 'never', 'data-since': iso ?? '' }, ago(iso));
}

setInterval(() => {
  document.querySelectorAll<HTMLElement>('[data-since]').forEach(el => { el.textContent = ago(el.dataset.since); });
}, 5000);

export function showValue(value: unknown): string {
  if (value === undefined) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A coloured word; the colour only repeats what the word says. */
export function badge(text: string, kind: string = text): HTMLElement {
  return h('span', { class: `badge badge-${kind}` }, text);
}

export function tableHead(...titles: string[]): HTMLTableSectionElement {
  return h('thead', null, h('tr', null, titles.map(title => h('th', { scope: 'col' }, title))));
}

/** A status line that screen readers announce when it changes. */
export function statusLine(): HTMLOutputElement {
  return h('output', { class: 'status', role: 'status' });
}

/** The page heading takes focus after navigation so keyboard and screen reader users land on it. */
export function heading(text: string, ...extra: Child[]): HTMLHeadingElement {
  return h('h1', { tabIndex: -1 }, text, ...extra);
}
