import { api, type Rule, type Trace } from '../api';
import { fill, h, heading, statusLine } from '../dom';
import type { PageContext } from '../page';
import * as live from '../sse';
import { traceTimeline } from '../traces';
import { ruleBadges } from './rules';

interface Search { device: string; from: string; to: string }

/** One rule: its YAML, the actions an admin may take, and its runs as timelines, searchable by device and time. */
export async function rulePage({ main, session, onLeave }: PageContext, ruleId: string): Promise<void> {
  let rule = await api.rule(ruleId);
  const devices = await api.devices();
  const summary = h('div');
  const traces = h('div', { class: 'traces', 'aria-live': 'polite' });
  let search: Search = { device: '', from: '', to: '' };
  let newestRun: string | undefined;

  const renderSummary = () => fill(summary,
    rule.description ? h('p', null, rule.description) : null,
    h('p', { class: 'meta' }, ruleBadges(rule), h('span', null, `mode ${rule.mode}`), h('span', null, 'defined at ', h('code', null, rule.source))));

  async function loadTraces(): Promise<void> {
    const found = await findTraces(ruleId, search);
    newestRun = found[0]?.runId;
    fill(traces, found.length ? found.map(traceTimeline) : h('p', { class: 'hint' }, 'No runs found.'));
  }

  async function refresh(): Promise<void> {
    rule = await api.rule(ruleId);
    renderSummary();
    await loadTraces();
  }

  // The trace reaches the database a moment after the run is announced: look again until it is there.
  async function showNewRun(attempt = 0): Promise<void> {
    const before = newestRun;
    await refresh();
    if (newestRun === before && attempt < 5) setTimeout(() => void showNewRun(attempt + 1), 400);
  }

  onLeave(live.on('rule-run', event => { if (event.rule === ruleId) void showNewRun(); }));
  onLeave(live.onReconnect(() => void refresh()));

  renderSummary();
  fill(main,
    heading(rule.id),
    summary,
    session.canAct ? actions(rule, updated => { rule = updated; renderSummary(); })
      : h('p', { class: 'hint' }, 'This token is read-only: enabling, disabling and running rules need an admin token.'),
    h('section', { 'aria-labelledby': 'source-title' },
      h('h2', { id: 'source-title' }, 'Source'),
      rule.yaml ? h('pre', { class: 'yaml', tabIndex: 0, 'aria-label': `YAML of rule ${rule.id}` }, h('code', null, rule.yaml))
        : h('p', { class: 'hint' }, 'The source file could not be read.')),
    h('section', { 'aria-labelledby': 'runs-title' },
      h('h2', { id: 'runs-title' }, 'Runs'),
      searchForm(devices.map(device => device.id), chosen => { search = chosen; void loadTraces(); }),
      traces));
  await loadTraces();
}

function actions(rule: Rule, changed: (rule: Rule) => void): HTMLElement {
  const status = statusLine();
  const toggle = h('button', { type: 'button', 'data-action': 'toggle' });
  const label = () => { toggle.textContent = rule.enabled ? 'Disable' : 'Enable'; };
  label();

  async function act(call: () => Promise<string>): Promise<void> {
    status.textContent = '…';
    try {
      status.textContent = await call();
    } catch (error) {
      status.textContent = (error as Error).message;
    }
  }

  const run = (dryRun: boolean) => act(async () => {
    await api.runRule(rule.id, dryRun);
    return `${dryRun ? 'Dry run' : 'Run'} requested: it shows under Runs when done.`;
  });
  toggle.addEventListener('click', () => act(async () => {
    rule = await api.setRuleEnabled(rule.id, !rule.enabled);
    label();
    changed(rule);
    return rule.enabled ? 'Rule enabled.' : 'Rule disabled.';
  }));
  return h('div', { class: 'actions', role: 'group', 'aria-label': 'Rule actions' },
    toggle,
    h('button', { type: 'button', 'data-action': 'run', onclick: () => run(false) }, 'Run now'),
    h('button', { type: 'button', 'data-action': 'dry-run', class: 'secondary', onclick: () => run(true) }, 'Dry run'),
    status);
}

function searchForm(deviceIds: string[], submit: (search: Search) => void): HTMLElement {
  const device = h('select', { id: 'trace-device', name: 'device' },
    h('option', { value: '' }, 'any device'), deviceIds.map(id => h('option', { value: id }, id)));
  const from = h('input', { id: 'trace-from', name: 'from', type: 'datetime-local' });
  const to = h('input', { id: 'trace-to', name: 'to', type: 'datetime-local' });
  const read = (): Search => ({ device: device.value, from: from.value, to: to.value });
  return h('form', { class: 'search', role: 'search', 'aria-label': 'Search runs',
      onsubmit: (event: Event) => { event.preventDefault(); submit(read()); },
      onreset: () => setTimeout(() => submit(read())) },
    h('p', null, h('label', { for: 'trace-device' }, 'Device'), device),
    h('p', null, h('label', { for: 'trace-from' }, 'From'), from),
    h('p', null, h('label', { for: 'trace-to' }, 'To'), to),
    h('p', { class: 'buttons' }, h('button', { type: 'submit' }, 'Search'), h('button', { type: 'reset', class: 'secondary' }, 'Clear')));
}

/**
 * The rule's latest runs; with a device or times, the hub's search narrowed to this rule (the
 * hub searches by device or by time: the other is applied here).
 */
async function findTraces(ruleId: string, search: Search): Promise<Trace[]> {
  if (!search.device && !search.from && !search.to) return api.ruleTraces(ruleId);
  const from = search.from ? new Date(search.from) : undefined;
  const to = search.to ? new Date(search.to) : undefined;
  const found = await api.traces({ device: search.device || undefined, from: from?.toISOString(), to: to?.toISOString() });
  return found.filter(trace => trace.rule === ruleId
    && (!from || Date.parse(trace.started) >= from.getTime())
    && (!to || Date.parse(trace.started) < to.getTime()));
}
