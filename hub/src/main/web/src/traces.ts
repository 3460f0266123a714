// A rule run as a readable timeline: trigger → conditions → actions, each with its result and timing.
import type { Trace } from './api';
import { badge, h, showValue, time } from './dom';

export function traceTimeline(trace: Trace): HTMLElement {
  const started = Date.parse(trace.started);
  const took = Date.parse(trace.ended) - started;
  return h('article', { class: `trace outcome-${trace.outcome}`, 'data-run': trace.runId },
    h('header', null,
      h('h3', null, time(trace.started), ' ', badge(trace.outcome)),
      h('p', { class: 'meta' },
        h('span', null, `took ${took} ms`),
        h('span', null, trace.depth === 0 ? 'started the chain ' : `step ${trace.depth} of the chain `,
          h('code', { title: 'causation id: runs and device changes that one event set off share it' }, trace.causation.slice(0, 8))),
        trace.devices?.length ? h('span', null, 'devices: ', trace.devices.join(', ')) : null),
      trace.detail ? h('p', null, trace.detail) : null),
    h('ol', { class: 'timeline' },
      h('li', { class: 'step step-trigger' },
        h('span', { class: 'kind' }, 'trigger'),
        h('span', { class: 'what' }, trace.trigger),
        h('span', { class: 'result' }, h('code', null, showValue(trace.triggerValues))),
        h('span', { class: 'took' }, '+0 ms')),
      (trace.steps ?? []).map(step => h('li', { class: `step step-${step.kind}` },
        h('span', { class: 'kind' }, step.kind),
        h('span', { class: 'what' }, step.what),
        h('span', { class: 'result' }, step.result),
        h('span', { class: 'took' }, `+${Date.parse(step.at) - started} ms`, step.tookMillis ? `, ${step.tookMillis} ms` : '')))));
}
