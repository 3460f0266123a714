// One EventSource for the whole dashboard; pages subscribe to the kinds they show.
import { eventsUrl, type Device } from './api';

export interface StateEvent { device: string; attribute: string; value: unknown; previous?: unknown; at: string }
export interface AvailabilityEvent { device: string; availability: string; at: string }
export interface RuleRunEvent { rule: string; trigger: string; outcome: string; detail?: string; at: string }
interface Events { state: StateEvent; availability: AvailabilityEvent; 'rule-run': RuleRunEvent }
type Kind = keyof Events;

const listeners: { [K in Kind]: Set<(event: Events[K]) => void> } = {
  state: new Set(), availability: new Set(), 'rule-run': new Set(),
};
const openListeners = new Set<() => void>();
let source: EventSource | undefined;

/** Opens the stream (the browser reconnects by itself) and shows its health in {@code indicator}. */
export function connect(indicator: HTMLElement): void {
  close();
  source = new EventSource(eventsUrl());
  indicator.textContent = 'connecting…';
  source.onopen = () => {
    indicator.textContent = 'live';
    indicator.dataset.state = 'open';
    openListeners.forEach(listener => listener());
  };
  source.onerror = () => { indicator.textContent = 'reconnecting…'; indicator.dataset.state = 'error'; };
  for (const kind of Object.keys(listeners) as Kind[]) {
    source.addEventListener(kind, message => {
      const event = JSON.parse((message as MessageEvent<string>).data);
      listeners[kind].forEach(listener => (listener as (e: unknown) => void)(event));
    });
  }
}

export function close(): void {
  source?.close();
  source = undefined;
}

/**
 * Called each time the stream (re)connects: whatever happened while it was down, or before it
 * first opened, was missed, so the page reads its data again.
 */
export function onReconnect(listener: () => void): () => void {
  openListeners.add(listener);
  return () => openListeners.delete(listener);
}

/** Subscribes; returns the unsubscribe to call when the page goes away. */
export function on<K extends Kind>(kind: K, listener: (event: Events[K]) => void): () => void {
  listeners[kind].add(listener);
  return () => listeners[kind].delete(listener);
}

/** A device as the API showed it, moved on by one event. */
export function apply(device: Device, event: StateEvent | AvailabilityEvent): void {
  if ('attribute' in event) {
    device.state = { ...device.state, [event.attribute]: event.value };
    device.updatedAt = { ...device.updatedAt, [event.attribute]: event.at };
  } else {
    device.availability = event.availability;
  }
  device.lastSeen = event.at;
}
