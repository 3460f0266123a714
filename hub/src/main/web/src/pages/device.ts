import { api, ApiError, type AttributeMeta, type CommandMeta, type Device, type SentCommand } from '../api';
import { badge, fill, h, heading, showValue, since, statusLine, tableHead, time } from '../dom';
import type { PageContext } from '../page';
import { plot } from '../plot';
import * as live from '../sse';

/** Bucket widths keep each range to a few hundred points, whatever the device's reporting rate. */
const RANGES = {
  hour: { label: 'Last hour', millis: 3_600_000, bucket: '10s' },
  day: { label: 'Last day', millis: 86_400_000, bucket: '5m' },
  week: { label: 'Last week', millis: 604_800_000, bucket: '30m' },
};
type Range = keyof typeof RANGES;

/** One device: its state, plots of its numeric attributes, commands to send and those sent. */
export async function devicePage({ main, session, onLeave }: PageContext, deviceId: string): Promise<void> {
  const device = await api.device(deviceId);
  const availability = h('span');
  const stateBody = h('tbody');
  const plots = new Map(numericAttributes(device).map(([name, meta]) => [name, plot(name, meta?.unit)]));
  const recent = h('div', { class: 'table-scroll' });
  let range: Range = 'hour';

  const renderHeader = () => fill(availability, badge(device.availability), ' last seen ', since(device.lastSeen));
  const renderState = () => fill(stateBody, Object.entries(device.state ?? {}).map(([name, value]) => h('tr', { 'data-attribute': name },
    h('th', { scope: 'row' }, name),
    h('td', { class: 'value' }, showValue(value)),
    h('td', null, device.meta?.attributes?.[name]?.unit ?? ''),
    h('td', null, since(device.updatedAt?.[name])))));

  async function loadHistory(): Promise<void> {
    const to = new Date();
    const from = new Date(to.getTime() - RANGES[range].millis);
    await Promise.all([...plots].map(async ([name, chart]) => {
      const history = await api.history(deviceId, name, from, to, RANGES[range].bucket);
      const buckets = history.buckets ?? [];
      chart.show(buckets.map(b => Date.parse(b.start) / 1000), buckets.map(b => b.avg), from.getTime() / 1000, to.getTime() / 1000);
    }));
  }

  async function loadRecent(): Promise<void> {
    fill(recent, recentTable(await api.recentCommands(deviceId)));
  }

  onLeave(live.on('state', event => {
    if (event.device !== deviceId) return;
    live.apply(device, event);
    renderState();
    renderHeader();
    const chart = plots.get(event.attribute);
    if (chart && typeof event.value === 'number' && range === 'hour') chart.append(Date.parse(event.at) / 1000, event.value);
  }));
  onLeave(live.on('availability', event => {
    if (event.device !== deviceId) return;
    live.apply(device, event);
    renderHeader();
  }));
  onLeave(live.on('rule-run', () => void loadRecent())); // a rule may have sent this device a command
  onLeave(live.onReconnect(async () => {
    Object.assign(device, await api.device(deviceId));
    renderState();
    renderHeader();
    await loadRecent();
  }));
  onLeave(() => plots.forEach(chart => chart.destroy()));

  const rangePicker = h('fieldset', { class: 'range' },
    h('legend', null, 'Range'),
    (Object.keys(RANGES) as Range[]).map(key => h('label', null,
      h('input', { type: 'radio', name: 'range', value: key, checked: key === range,
        onchange: () => { range = key; void loadHistory(); } }),
      ' ', RANGES[key].label)));

  renderHeader();
  renderState();
  fill(main,
    heading(device.id),
    h('p', { class: 'meta' }, availability, device.meta?.type ? h('span', null, device.meta.type) : null, protocolLabel(device)),
    h('section', { 'aria-labelledby': 'state-title' },
      h('h2', { id: 'state-title' }, 'State'),
      h('div', { class: 'table-scroll' }, h('table', null,
        tableHead('Attribute', 'Value', 'Unit', 'Updated'),
        stateBody))),
    plots.size ? h('section', { 'aria-labelledby': 'history-title' },
      h('h2', { id: 'history-title' }, 'History'),
      rangePicker,
      h('div', { class: 'plots' }, [...plots.values()].map(chart => chart.element))) : null,
    commandSection(device, session.canAct, loadRecent),
    h('section', { 'aria-labelledby': 'recent-title' }, h('h2', { id: 'recent-title' }, 'Recent commands'), recent));
  await Promise.all([loadHistory(), loadRecent()]);
}

/** What the device speaks, and for a translated one the login that speaks for it and its native name. */
function protocolLabel(device: Device): HTMLElement | null {
  if (!device.protocol) return null;
  const origin = device.origin ? `, login ${device.origin.login} (${device.origin.name})` : '';
  return h('span', { class: 'protocol', 'data-protocol': device.protocol }, device.protocol + origin);
}

/** Attributes worth a plot: declared numeric in the meta, or reported as numbers. */
function numericAttributes(device: Device): Array<[string, AttributeMeta | undefined]> {
  const declared = Object.entries(device.meta?.attributes ?? {}).filter(([, meta]) => meta.type === 'number' || meta.type === 'integer');
  const reported = Object.entries(device.state ?? {})
    .filter(([name, value]) => typeof value === 'number' && !declared.some(([known]) => known === name))
    .map(([name]): [string, AttributeMeta | undefined] => [name, undefined]);
  return [...declared, ...reported];
}

function commandSection(device: Device, canAct: boolean, sent: () => Promise<void>): HTMLElement | null {
  // a bare name (older devices) says nothing of the arguments: those commands take JSON
  const commands: CommandMeta[] = (device.meta?.commands ?? [])
    .map(command => typeof command === 'string' ? { name: command } : { name: command.name, args: command.args ?? {} });
  if (!commands.length) return null;
  const title = h('h2', { id: 'command-title' }, 'Send a command');
  if (!canAct) {
    return h('section', { 'aria-labelledby': 'command-title' }, title,
      h('p', { class: 'hint' }, 'This token is read-only: sending commands needs an admin token.'));
  }
  const select = h('select', { id: 'command-name', name: 'command' }, commands.map(command => h('option', { value: command.name }, command.name)));
  const fields = h('div', { class: 'fields' });
  const status = statusLine();
  const submit = h('button', { type: 'submit' }, 'Send');
  const chosen = () => commands.find(command => command.name === select.value)!;
  const showFields = () => fill(fields, argumentFields(chosen()));
  select.addEventListener('change', showFields);
  showFields();

  async function send(event: Event): Promise<void> {
    event.preventDefault();
    submit.disabled = true;
    status.textContent = `Sending ${select.value}…`;
    try {
      const reply = await api.sendCommand(device.id, select.value, readArguments(chosen(), fields));
      status.textContent = reply.ok
        ? `${select.value}: ok${reply.result === undefined ? '' : ` — ${showValue(reply.result)}`}`
        : `${select.value}: refused by the device — ${reply.error}`;
    } catch (error) {
      status.textContent = error instanceof SyntaxError ? `The arguments are not valid JSON: ${error.message}` : (error as ApiError).message;
    } finally {
      submit.disabled = false;
      void sent();
    }
  }

  return h('section', { 'aria-labelledby': 'command-title' }, title,
    h('form', { class: 'command', onsubmit: send },
      h('label', { for: 'command-name' }, 'Command'), select, fields, submit, status));
}

/** One input per declared argument; a command whose arguments are unknown takes JSON. */
function argumentFields(command: CommandMeta): HTMLElement[] {
  if (!command.args) {
    return [h('label', { for: 'args-json' }, 'Arguments (JSON object)'),
      h('textarea', { id: 'args-json', name: 'args', rows: 3, spellcheck: false }, '{}')];
  }
  return Object.entries(command.args).flatMap(([name, meta]) => {
    const id = `arg-${name}`;
    const label = h('label', { for: id }, name, meta.unit ? ` (${meta.unit})` : '', h('span', { class: 'hint' }, ` ${meta.type}`));
    const input = meta.type === 'boolean'
      ? h('input', { id, name, type: 'checkbox', 'data-type': meta.type })
      : h('input', { id, name, type: meta.type === 'number' || meta.type === 'integer' ? 'number' : 'text',
        step: meta.type === 'integer' ? '1' : 'any', 'data-type': meta.type });
    return [label, input];
  });
}

function readArguments(command: CommandMeta, fields: HTMLElement): Record<string, unknown> {
  if (!command.args) {
    return JSON.parse(fields.querySelector('textarea')!.value || '{}');
  }
  const args: Record<string, unknown> = {};
  fields.querySelectorAll('input').forEach(input => {
    const type = input.dataset.type;
    if (type === 'boolean') args[input.name] = input.checked;
    else if (input.value !== '') args[input.name] = type === 'number' || type === 'integer' ? Number(input.value) : input.value;
  });
  return args;
}

function recentTable(commands: SentCommand[]): HTMLElement {
  if (!commands.length) return h('p', { class: 'hint' }, 'No commands sent since the hub started.');
  return h('table', null,
    tableHead('Sent', 'Command', 'Arguments', 'By', 'Outcome', 'Reply', 'Took'),
    h('tbody', null, commands.map(command => h('tr', null,
      h('td', null, time(command.sentAt, 'time')),
      h('td', null, command.command),
      h('td', null, h('code', null, showValue(command.args))),
      h('td', null, command.sentBy === 'api' ? 'API' : h('a', { href: `#/rules/${encodeURIComponent(command.sentBy)}` }, command.sentBy)),
      h('td', null, badge(command.outcome)),
      h('td', null, command.error ?? (command.result === undefined ? '' : h('code', null, showValue(command.result)))),
      h('td', null, `${command.latencyMillis} ms`)))));
}
