// The benchmark's load generator: plain MQTT clients on MQTT.js, none of Hearth's code, so every
// target (Hearth, Node-RED over Mosquitto, Mosquitto alone) is driven by the same outside client.
// bench.py runs it once per step; it prints JSON lines on stdout:
//   {"mark":"start"} and {"mark":"end"} around the measured window (bench.py samples /proc then),
//   {"result":{...}} last. Progress and trouble go to stderr.
//
//   node generator.mjs reaction --broker mqtt://127.0.0.1:1883 --credentials devices.json --rate 200 --seconds 10
//   node generator.mjs ingest   --broker mqtt://127.0.0.1:1883 --credentials devices.json --devices 10 --seconds 10
//   node generator.mjs stream   --broker mqtt://127.0.0.1:1883 --credentials devices.json --devices 10 --rate 8000 --seconds 10
//   node generator.mjs count    --broker mqtt://127.0.0.1:1883 --topic 'devices/+/telemetry'
//
// The credentials file is {"devices":[{"id":"bed-00001","password":"..."}, ...]}; against a broker
// that lets anyone in the passwords are sent and ignored.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import mqtt from 'mqtt';

const { positionals, values: opts } = parseArgs({
  allowPositionals: true,
  options: {
    broker: { type: 'string' },
    credentials: { type: 'string' },
    rate: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '1' },
    'deadline-ms': { type: 'string', default: '2000' },
    beds: { type: 'string', default: '10' },
    coffee: { type: 'string', default: 'coffee-1' },
    devices: { type: 'string', default: '10' },
    'in-flight': { type: 'string', default: '16' },
    topic: { type: 'string', default: 'devices/+/telemetry' },
    qos: { type: 'string', default: '1' },
  },
});

const emit = (object) => process.stdout.write(JSON.stringify(object) + '\n');
const log = (text) => process.stderr.write(`generator: ${text}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const now = () => performance.now();

function credentials() {
  return JSON.parse(readFileSync(opts.credentials, 'utf8')).devices;
}

function find(devices, id) {
  const device = devices.find((d) => d.id === id);
  if (!device) throw new Error(`${id} is not in ${opts.credentials}`);
  return device;
}

/** One client; fails instead of reconnecting, so a dropped connection is seen, not hidden. */
function connect(device, protocolVersion) {
  return new Promise((resolve, reject) => {
    const client = mqtt.connect(opts.broker, {
      clientId: device.id, username: device.id, password: device.password, protocolVersion,
      clean: true, keepalive: 60, reconnectPeriod: 0, connectTimeout: 15_000,
    });
    // the generator is the measuring instrument: its own writes go out at once (no Nagle delay)
    client.stream?.setNoDelay?.(true);
    let connected = false;
    client.once('connect', () => {
      connected = true;
      client.on('close', () => { if (!client.benchClosing) { dropped++; } });
      resolve(client);
    });
    client.on('error', (error) => {
      if (connected) { log(`${device.id}: ${error.message}`); return; } // the close that follows counts it
      client.end(true);
      reject(new Error(`${device.id}: ${error.message}`));
    });
  });
}
let dropped = 0;

/** Connects many clients, a few at a time, retrying a refused login (a hub may say "busy"). */
async function connectAll(devices, protocolVersion, atOnce = 50) {
  const clients = new Array(devices.length);
  let next = 0;
  async function worker() {
    while (next < devices.length) {
      const i = next++;
      for (let attempt = 1; ; attempt++) {
        try {
          clients[i] = await connect(devices[i], protocolVersion);
          break;
        } catch (error) {
          if (attempt === 5) throw error;
          await sleep(200 * attempt);
        }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(atOnce, devices.length) }, worker));
  return clients;
}

function closeAll(clients) {
  return Promise.all(clients.filter(Boolean).map((client) => new Promise((resolve) => {
    client.benchClosing = true;
    client.end(false, {}, resolve);
  })));
}

function percentiles(samples) {
  if (samples.length === 0) return { p50: null, p99: null, max: null };
  const sorted = Float64Array.from(samples).sort();
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  const round = (ms) => Math.round(ms * 1000) / 1000;
  return { p50: round(at(0.50)), p99: round(at(0.99)), max: round(sorted[sorted.length - 1]) };
}

/** Calls send(i) for i = 0, 1, ... at `rate` a second for `ms`; catches up after a late tick. */
async function paced(rate, ms, send) {
  const begin = now();
  let sent = 0;
  while (true) {
    const elapsed = now() - begin;
    if (elapsed >= ms) break;
    const due = Math.floor(elapsed * rate / 1000);
    while (sent < due) send(sent++);
    await sleep(1);
  }
  return { sent, seconds: (now() - begin) / 1000 };
}

function bedPayload(id, state, seq, battery) {
  return JSON.stringify({ state, battery, voltage: 2975, linkquality: 120 + (seq % 40), temperature: 21.5,
    device: id, ts: Date.now() });
}

/**
 * Beds (MQTT 3.1.1, QoS 0) alternate asleep/awake, taking turns, `rate` events a second in all;
 * the coffee machine (MQTT 5) records each command and answers it at once (to the response
 * topic with the correlation data, as the wire contract asks, or to its replies topic when the
 * command carries none). A command names its bed ({"bed": id}); within one bed commands come in
 * order, so each is matched with that bed's oldest awake still waiting. An awake with no command
 * within the deadline is lost.
 */
async function reaction() {
  const devices = credentials();
  const beds = devices.filter((d) => d.id.startsWith('bed-')).slice(0, Number(opts.beds));
  const coffeeDevice = find(devices, opts.coffee);
  const rate = Number(opts.rate), deadline = Number(opts['deadline-ms']);
  const waiting = new Map(beds.map((b) => [b.id, []]));
  let latencies = [], lost = 0, unmatched = 0, commands = 0, awakes = 0, measuring = false, lastCommand = 0;

  const coffee = await connect(coffeeDevice, 5);
  coffee.on('message', (topic, payload, packet) => {
    const arrived = now();
    const properties = packet.properties || {};
    const replyTo = properties.responseTopic || `devices/${coffeeDevice.id}/replies`;
    coffee.publish(replyTo, '{"ok":true,"result":null}',
      { qos: 0, properties: properties.correlationData ? { correlationData: properties.correlationData } : {} });
    lastCommand = arrived;
    let bed;
    try { bed = JSON.parse(payload.toString()).bed; } catch { bed = undefined; }
    const queue = waiting.get(bed);
    if (!measuring) return;
    commands++;
    while (queue && queue.length && arrived - queue[0] > deadline) { queue.shift(); lost++; }
    if (queue && queue.length) latencies.push(arrived - queue.shift());
    else unmatched++;
  });
  await coffee.subscribeAsync(`devices/${coffeeDevice.id}/commands/#`, { qos: 0 });

  const clients = await connectAll(beds, 4);
  const awake = beds.map(() => false);
  const battery = beds.map((_, i) => 60 + i);
  for (let i = 0; i < beds.length; i++) { // a first report is out of unknown and fires nothing
    clients[i].publish(`devices/${beds[i].id}/state`, bedPayload(beds[i].id, 'asleep', 0, battery[i]), { qos: 0 });
  }
  await sleep(300);
  const send = (n) => {
    const i = n % beds.length;
    awake[i] = !awake[i];
    const state = awake[i] ? 'awake' : 'asleep';
    if (awake[i] && measuring) { waiting.get(beds[i].id).push(now()); awakes++; }
    clients[i].publish(`devices/${beds[i].id}/state`, bedPayload(beds[i].id, state, n, battery[i]), { qos: 0 });
  };
  await paced(rate, Number(opts.warmup) * 1000, send); // JIT, caches, connections: not measured
  const quietBy = now() + deadline; // the warm-up's commands must not be taken for the measured ones
  do { await sleep(100); } while (now() - lastCommand < 300 && now() < quietBy);
  measuring = true;
  emit({ mark: 'start' });
  const { sent, seconds } = await paced(rate, Number(opts.seconds) * 1000, send);
  const drainUntil = now() + deadline;
  const pending = () => [...waiting.values()].reduce((sum, q) => sum + q.length, 0);
  while (pending() > 0 && now() < drainUntil) await sleep(5);
  measuring = false;
  emit({ mark: 'end' });
  lost += pending();
  await closeAll([coffee, ...clients]);
  emit({ result: { mode: 'reaction', offered: rate, sent, seconds, achieved: sent / seconds, awakes,
    commands, lost, unmatched, dropped, latencyMs: percentiles(latencies) } });
}

function telemetryPayload(seq) {
  return JSON.stringify({ temperature: 21.53, humidity: 48.2, seq, unit: 'celsius', status: 'nominal',
    firmware: '2.4.17-sensor-build' });
}

/**
 * Telemetry at QoS 1 from `devices` sensors (MQTT 3.1.1), each keeping `in-flight` publishes
 * unacknowledged and sending the next as soon as one is acknowledged: the rate the target
 * sustains. Latency is publish to PUBACK.
 */
async function ingest() {
  const devices = credentials().filter((d) => d.id.startsWith('tele-')).slice(0, Number(opts.devices));
  if (devices.length < Number(opts.devices)) throw new Error(`only ${devices.length} tele- devices in ${opts.credentials}`);
  const inFlight = Number(opts['in-flight']), qos = Number(opts.qos);
  const clients = await connectAll(devices, 4);
  log(`${clients.length} sensors connected`);
  let running = true, sent = 0, acked = 0, errors = 0, lastAck = 0, outstanding = 0, seq = 0;
  const latencies = [];
  const publishOne = (client, topic) => {
    const began = now();
    sent++; outstanding++;
    client.publish(topic, telemetryPayload(seq++), { qos }, (error) => {
      outstanding--;
      if (error) { errors++; return; }
      acked++;
      lastAck = now();
      latencies.push(lastAck - began);
      if (running) publishOne(client, topic);
    });
  };
  const begin = now();
  emit({ mark: 'start' });
  clients.forEach((client, i) => {
    for (let k = 0; k < inFlight; k++) publishOne(client, `devices/${devices[i].id}/telemetry`);
  });
  await sleep(Number(opts.seconds) * 1000);
  running = false;
  const stoppedAt = now();
  while (outstanding > 0 && now() - stoppedAt < 30_000) await sleep(5);
  emit({ mark: 'end' });
  await closeAll(clients);
  const seconds = ((lastAck || stoppedAt) - begin) / 1000;
  emit({ result: { mode: 'ingest', devices: devices.length, inFlight, qos, sent, acked, errors,
    unacknowledged: outstanding, dropped, seconds, rate: acked / seconds, latencyMs: percentiles(latencies) } });
}

/**
 * Telemetry at QoS 0 from `devices` sensors (MQTT 3.1.1), `rate` messages a second in all, taking
 * turns: nothing comes back, so bench.py counts what the target took in (the hub's /metrics, or a
 * subscriber of Mosquitto's) against `sent`.
 */
async function stream() {
  const devices = credentials().filter((d) => d.id.startsWith('tele-')).slice(0, Number(opts.devices));
  if (devices.length < Number(opts.devices)) throw new Error(`only ${devices.length} tele- devices in ${opts.credentials}`);
  const clients = await connectAll(devices, 4);
  log(`${clients.length} sensors connected`);
  const topics = devices.map((d) => `devices/${d.id}/telemetry`);
  emit({ mark: 'start' });
  const { sent, seconds } = await paced(Number(opts.rate), Number(opts.seconds) * 1000,
    (n) => clients[n % clients.length].publish(topics[n % clients.length], telemetryPayload(n), { qos: 0 }));
  await closeAll(clients); // a clean close flushes what the sockets still hold
  emit({ mark: 'end' });
  emit({ result: { mode: 'stream', devices: devices.length, offered: Number(opts.rate), sent, seconds,
    achieved: sent / seconds, dropped } });
}

/** A subscriber that counts what it receives; each line on stdin makes it print the count. */
async function count() {
  const client = await connect({ id: `bench-counter-${process.pid}` }, 4);
  let received = 0;
  client.on('message', () => { received++; });
  await client.subscribeAsync(opts.topic, { qos: Number(opts.qos) });
  emit({ ready: true });
  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim() === 'quit') break;
    emit({ received });
  }
  await closeAll([client]);
}

const modes = { reaction, ingest, stream, count };
const mode = modes[positionals[0]];
if (!mode || !opts.broker) {
  log('usage: node generator.mjs reaction|ingest|stream|count --broker URL [--credentials FILE] ...');
  process.exit(2);
}
const watchdog = setTimeout(() => { log('took too long, giving up'); process.exit(3); },
  (Number(opts.seconds) + Number(opts.warmup) + 180) * 1000);
watchdog.unref();
mode().then(() => process.exit(0), (error) => { log(error.stack || error.message); process.exit(1); });
