import { api, type Rule } from '../api';
import { badge, fill, h, heading, since } from '../dom';
import type { PageContext } from '../page';
import * as live from '../sse';

/** Every rule: enabled or not, its last run and how it ended; refreshed when a rule runs. */
export async function rulesPage({ main, onLeave }: PageContext): Promise<void> {
  const errors = h('div');
  const list = h('ul', { class: 'cards', 'aria-label': 'Rules' });

  async function load(): Promise<void> {
    const { rules = [], loadErrors = [] } = await api.rules();
    fill(errors, loadErrors.length ? h('div', { class: 'card error', role: 'alert' },
      h('h2', null, 'The last reload was refused; the rules below keep running'),
      h('ul', null, loadErrors.map(error => h('li', null, h('code', null, error))))) : null);
    fill(list, rules.length ? rules.map(card) : h('li', { class: 'hint' }, 'No rules loaded.'));
  }

  onLeave(live.on('rule-run', () => void load()));
  onLeave(live.onReconnect(() => void load()));
  await load();
  fill(main, heading('Rules'), errors, list);
}

export function ruleBadges(rule: Rule): HTMLElement[] {
  return [badge(rule.enabled ? 'enabled' : 'disabled'), ...(rule.dryRun ? [badge('dry run', 'dry-run')] : [])];
}

function card(rule: Rule): HTMLElement {
  const last = rule.lastRun;
  return h('li', { class: 'card', 'data-rule': rule.id },
    h('h2', null, h('a', { href: `#/rules/${encodeURIComponent(rule.id)}` }, rule.id)),
    rule.description ? h('p', null, rule.description) : null,
    h('p', { class: 'meta' }, ruleBadges(rule)),
    h('p', { class: 'meta' }, last
      ? ['last run ', since(last.at), ': ', badge(last.outcome), ' ', h('span', { class: 'hint' }, last.trigger)]
      : 'never run'));
}
