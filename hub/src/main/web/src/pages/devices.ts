import { api, type Device } from '../api';
import { badge, fill, h, heading, showValue, since } from '../dom';
import type { PageContext } from '../page';
import * as live from '../sse';

/** Every device with its availability and state, kept current by the event stream. */
export async function devicesPage({ main, onLeave }: PageContext): Promise<void> {
  const devices = new Map((await api.devices()).map(device => [device.id, device]));
  const list = h('ul', { class: 'cards', 'aria-label': 'Devices' });

  const render = () => fill(list, devices.size
    ? [...devices.values()].map(card)
    : h('li', { class: 'hint' }, 'No devices yet: provision one with ', h('code', null, 'deploy/hearth devices add ID'), '.'));
  const rerender = (device: Device) => {
    const old = list.querySelector(`[data-device="${CSS.escape(device.id)}"]`);
    if (old) old.replaceWith(card(device));
    else render();
  };

  const follow = (event: live.StateEvent | live.AvailabilityEvent) => {
    const device = devices.get(event.device);
    if (!device) return void reload(); // one provisioned since the page loaded
    live.apply(device, event);
    rerender(device);
  };
  onLeave(live.on('state', follow));
  onLeave(live.on('availability', follow));

  onLeave(live.onReconnect(() => void reload()));

  async function reload(): Promise<void> {
    (await api.devices()).forEach(device => devices.set(device.id, device));
    render();
  }

  render();
  fill(main, heading('Devices'), list);
}

function card(device: Device): HTMLElement {
  const state = Object.entries(device.state ?? {});
  return h('li', { class: 'card', 'data-device': device.id },
    h('h2', null, h('a', { href: `#/devices/${encodeURIComponent(device.id)}` }, device.id)),
    h('p', { class: 'meta' },
      badge(device.availability),
      device.meta?.type ? h('span', null, device.meta.type) : null,
      h('span', null, 'last seen ', since(device.lastSeen))),
    state.length
      ? h('dl', { class: 'state' }, state.map(([name, value]) => [h('dt', null, name), h('dd', { 'data-attribute': name }, showValue(value))]))
      : h('p', { class: 'hint' }, 'No state reported yet.'));
}
