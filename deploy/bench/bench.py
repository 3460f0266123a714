#!/usr/bin/env python3
"""Hearth's benchmark: Hearth against its peers, run here, in one run, on the same generator.

It starts, on free loopback ports in a temporary folder:
  - a hub from cli/target/hearth.jar with deploy/hearth.jvm's options, as the launcher runs it
    (the rule deploy/bench/rules/bed-coffee.yaml),
  - Node-RED 4.1.8 (npm) over its own Mosquitto, with one function node (deploy/bench/node-red/),
  - Mosquitto alone (the Debian package, /usr/sbin/mosquitto 2.0.11 here),
and drives them all with deploy/bench/generator.mjs: plain MQTT.js clients, not our SDK (beds and
sensors on MQTT 3.1.1, the coffee machine on MQTT 5). The first run installs the npm packages
pinned by deploy/bench/package-lock.json (`npm ci`). Needs java, node >= 18 and mosquitto.

Workloads, each target in turn, A B A B (2 rounds, 1 with --quick):
  reaction   10 beds alternate {"state":"asleep"} / {"state":"awake"} (~120-byte JSON, QoS 0) at
             200 events/s; each change to awake makes the target send brew to coffee-1, which
             answers at once. Latency: the bed's publish to the command's arrival at coffee-1;
             lost: an awake with no command within 2 s. Hearth vs Node-RED over Mosquitto.
  rule rate  the same at 1k, 2k, 4k, 6k, 8k, 12k, 16k, 24k, 32k, 48k, 64k events/s, 10 s a step (1k and
             4k, 3 s a step, with --quick), each target until a step fails; per round, the
             highest step with 0 lost, p99 < 200 ms and the generator keeping up (>= 95 %).
  ingest     QoS 1 telemetry, 6 fields (3 numbers, 3 strings, ~120 bytes) on devices/{id}/telemetry
             from 10 and from 1,000 sensors, each with 16 publishes in flight: the rate sustained
             with 0 lost. Hearth: every publish acknowledged and, by its /metrics, taken in and its
             history row written; Mosquitto alone: every acknowledged publish received by a
             QoS 1 subscriber (a generator process of its own).
  QoS 0      the same telemetry at QoS 0 from 10 sensors taking turns, stepping 4k, 8k, 16k, 24k,
             32k, 48k, 64k msg/s (4k and 16k with --quick), each target until a step fails: the
             highest step where every message sent was taken in (Hearth: and stored, none dropped).
Every target first gets the same untimed warm-up (a fresh JVM compiles for its first seconds).
Per step and per process (hub, node-red, mosquitto, the generator, the subscriber): CPU % and CPU
µs per message from /proc/PID/stat, RSS (VmRSS) and peak RSS (VmHWM) from /proc/PID/status; and
each target's RSS idle at the start and after every round. Then the tables and the ratios.
Hub only, with our simulator: start to ready, devices held connected (--max-devices; 1,000 with
--quick), and the soak.

    deploy/bench/bench.py                   # everything, about 15 minutes
    deploy/bench/bench.py --quick           # one short round of each, a smoke run of a few minutes
    deploy/bench/bench.py --json out.json   # also write every step's figures as JSON
    deploy/bench/bench.py --soak 30         # only the soak: 30 minutes at 1,000 msg/s from 1,000 devices

Only the processes it started are stopped (by PID), also on Ctrl-C or an error.
"""
import argparse
import json
import os
import re
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
HOME = BENCH.parents[1]
JAR = HOME / "cli" / "target" / "hearth.jar"
JVM_FILE = HOME / "deploy" / "hearth.jvm"  # the hub's JVM options, as deploy/hearth and the systemd unit run it
HEAP = " ".join(line for line in JVM_FILE.read_text().splitlines() if line and not line.startswith("#"))
BEDS = 10
RULE_RATES = [1000, 2000, 4000, 6000, 8000, 12000, 16000, 24000, 32000, 48000, 64000]
STREAM_RATES = [4000, 8000, 16000, 24000, 32000, 48000, 64000]
ROWS_PER_MESSAGE = 1  # a telemetry message is one history row in the hub (all its fields in one)
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
def find_mosquitto():
    return shutil.which("mosquitto") or ("/usr/sbin/mosquitto" if Path("/usr/sbin/mosquitto").exists() else None)


MOSQUITTO = find_mosquitto()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, seconds, what):
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    sys.exit(f"{what} did not listen on port {port} within {seconds} s")


class Started:
    """Every process the bench starts, so that exactly those are stopped, whatever happens."""
    processes = []

    @classmethod
    def popen(cls, command, **kwargs):
        process = subprocess.Popen(command, **kwargs)
        cls.processes.append(process)
        return process

    @classmethod
    def stop(cls, process, seconds=30):
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(seconds)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)
        if process in cls.processes:
            cls.processes.remove(process)

    @classmethod
    def stop_all(cls):
        for process in reversed(list(cls.processes)):
            cls.stop(process, 10)


def cpu_seconds(pid):
    # the command name (field 2) may hold spaces: count the fields after its closing parenthesis
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime


def memory_mib(pid):
    status = Path(f"/proc/{pid}/status").read_text()
    rss, peak = (int(re.search(rf"{key}:\s+(\d+)", status).group(1)) / 1024 for key in ("VmRSS", "VmHWM"))
    return rss, peak


class Usage:
    """CPU and memory of some processes over a window: begin() then end(messages)."""

    def __init__(self, pids):
        self.pids = dict(pids)

    def begin(self):
        self.started = time.monotonic()
        self.cpu = {label: cpu_seconds(pid) for label, pid in self.pids.items()}
        self.memory = {label: memory_mib(pid) for label, pid in self.pids.items()}

    def end(self):
        wall = time.monotonic() - self.started
        figures = {}
        for label, pid in self.pids.items():
            used = cpu_seconds(pid) - self.cpu[label]
            # a generator that has exited (while the target settles) has no memory left: its figures at the start
            rss, peak = memory_mib(pid) if "VmRSS" in Path(f"/proc/{pid}/status").read_text() else self.memory[label]
            figures[label] = {"cpuSeconds": used, "cpuPercent": 100 * used / wall, "rssMiB": rss, "peakRssMiB": peak}
        return figures


def per_message(usage, messages):
    for figures in usage.values():
        figures["cpuMicrosPerMessage"] = 1e6 * figures["cpuSeconds"] / messages if messages else None
    return usage


def ensure_mosquitto():
    """Debian's Mosquitto is the reference peer: installed with apt-get when the bench may (as root), else asked for."""
    global MOSQUITTO
    if not MOSQUITTO and os.geteuid() == 0 and shutil.which("apt-get"):
        print("installing Debian's Mosquitto: apt-get install mosquitto", flush=True)
        for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "mosquitto"]):
            subprocess.run(command, check=False, timeout=600, stdout=subprocess.DEVNULL)
        MOSQUITTO = find_mosquitto()
    if not MOSQUITTO:
        sys.exit("the benchmark needs mosquitto: apt-get install mosquitto (Debian's 2.0.11 is the reference)")


def ensure_node_modules():
    if not shutil.which("node") or not shutil.which("npm"):
        sys.exit("the benchmark's generator and Node-RED need Node.js 18 or later with npm (apt-get install nodejs npm)")
    installed = BENCH / "node_modules" / ".package-lock.json"
    if not installed.exists() or installed.stat().st_mtime < (BENCH / "package-lock.json").stat().st_mtime:
        print("installing the generator (MQTT.js) and Node-RED: npm ci in deploy/bench", flush=True)
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=BENCH, check=True, timeout=600)


def hearth(*args):
    run = subprocess.run(["java", "-jar", str(JAR), *args], capture_output=True, text=True, timeout=300)
    if run.returncode != 0:
        sys.exit(f"hearth {' '.join(args)} failed:\n{run.stderr}")
    return run.stdout


def read_credentials(path):
    """The credentials file `hearth devices generate` writes: '- id: X' then 'password: "Y"'."""
    text = Path(path).read_text()
    return [{"id": i, "password": p} for i, p in re.findall(r'- id: (\S+)\s+password: "([^"]*)"', text)]


class Hub:
    """A hub process of its own, in a folder of its own: the beds, coffee-1, the sensors, a token."""

    label = "hub"

    def __init__(self, folder: Path, sensors: int):
        self.folder = folder
        self.mqtt_port, self.http_port = free_port(), free_port()
        (folder / "rules").mkdir(parents=True)
        shutil.copy(BENCH / "rules" / "bed-coffee.yaml", folder / "rules")
        self.config = folder / "hearth.yml"
        self.config.write_text(f"""\
mqtt: {{ host: 127.0.0.1, port: {self.mqtt_port}, rate-limit: 0, max-connections: 20000 }}
http: {{ host: 127.0.0.1, port: {self.http_port} }}
data-dir: data
rules: rules
rules-engine: {{ breaker-runs: 10000000 }}
devices: []
""")
        cfg = ["--config", str(self.config)]
        self.load_devices = folder / "sensors.yml"  # also what `hearth simulate --load` reads
        hearth("devices", "generate", "--count", str(BEDS), "--prefix", "bed-", "--out", str(folder / "beds.yml"), *cfg)
        hearth("devices", "generate", "--count", str(sensors), "--prefix", "tele-", "--out", str(self.load_devices), *cfg)
        coffee = hearth("devices", "add", "coffee-1", "--type", "coffee-machine", *cfg).strip().splitlines()[-1]
        self.token = re.search(r"hth_\S+", hearth("tokens", "create", "bench", "--role", "admin", *cfg)).group(0)
        self.credentials = folder / "hub-devices.json"
        devices = read_credentials(folder / "beds.yml") + [{"id": "coffee-1", "password": coffee}] \
            + read_credentials(self.load_devices)
        self.credentials.write_text(json.dumps({"devices": devices}))
        self.broker = f"mqtt://127.0.0.1:{self.mqtt_port}"
        self.process = None

    def start(self, write_archive=False):
        """Starts the hub as deploy/hearth does: from its class-data archive, or writing one when it stops."""
        begin = time.monotonic()
        log = open(self.folder / "hub.log", "a")
        archive = self.folder / "hearth-hub.jsa"
        cds = [f"-XX:{'ArchiveClassesAtExit' if write_archive else 'SharedArchiveFile'}={archive}",
               "-Xlog:cds=off", "-Xlog:cds+dynamic=off"]
        extra = shlex.split(os.environ.get("HEARTH_BENCH_HUB_OPTS", ""))  # e.g. a JFR recording, to profile
        self.process = Started.popen(["java", f"@{JVM_FILE}", *cds, *extra, "-jar", str(JAR), "hub", "--config", str(self.config)],
                                     stdout=log, stderr=subprocess.STDOUT, env=dict(os.environ, MALLOC_ARENA_MAX="2"))
        while time.monotonic() - begin < 90:
            if self.process.poll() is not None:
                sys.exit(f"the hub stopped at start; see {self.folder / 'hub.log'}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.http_port}/health/ready", timeout=1) as r:
                    if r.status == 200:
                        return time.monotonic() - begin
            except OSError:
                time.sleep(0.05)
        sys.exit(f"the hub did not get ready in 90 s; see {self.folder / 'hub.log'}")

    def pids(self):
        return {self.label: self.process.pid}

    def metrics(self):
        request = urllib.request.Request(f"http://127.0.0.1:{self.http_port}/metrics",
                                         headers={"Authorization": f"Bearer {self.token}"})
        with urllib.request.urlopen(request, timeout=10) as r:
            text = r.read().decode()
        values = {}
        for line in text.splitlines():
            if line and not line.startswith("#"):
                name, _, value = line.rpartition(" ")
                values[name] = float(value)
        return values

    @staticmethod
    def figure(values, name):
        return sum(v for k, v in values.items() if k == name or k.startswith(name + "{"))

    def heap_mib(self, values):
        return sum(v for k, v in values.items() if k.startswith('jvm_memory_used_bytes{area="heap"')) / 2**20

    def settle(self, timeout=60):
        """Waits until the storage writer's queue is empty and no more telemetry comes in."""
        until, last = time.monotonic() + timeout, None
        while time.monotonic() < until:
            try:
                values = self.metrics()
            except OSError:  # an overloaded hub may answer late: ask again until the timeout
                time.sleep(0.5)
                continue
            taken = values.get('hearth_messages_in_total{type="telemetry"}', 0)
            if self.figure(values, "hearth_storage_queue") == 0 and taken == last:
                return
            last = taken
            time.sleep(0.2)


class Mosquitto:
    """A mosquitto of its own: anonymous, loopback, queues deep enough that a slow subscriber loses nothing."""

    label = "mosquitto"

    def __init__(self, folder: Path, name: str):
        self.port = free_port()
        conf = folder / f"{name}.conf"
        conf.write_text(f"listener {self.port} 127.0.0.1\nallow_anonymous true\npersistence false\n"
                        f"max_queued_messages 1000000\nmax_inflight_messages 0\n")
        self.process = Started.popen([MOSQUITTO, "-c", str(conf)], stdout=open(folder / f"{name}.log", "a"),
                                     stderr=subprocess.STDOUT)
        wait_for_port(self.port, 10, name)
        self.broker = f"mqtt://127.0.0.1:{self.port}"

    def pids(self):
        return {self.label: self.process.pid}


class NodeRed:
    """Node-RED from deploy/bench/node_modules with the one-function flow, connected to its own mosquitto."""

    label = "node-red"

    def __init__(self, folder: Path, mosquitto: Mosquitto):
        self.mosquitto = mosquitto
        self.broker = mosquitto.broker
        user_dir = folder / "node-red"
        user_dir.mkdir()
        shutil.copy(BENCH / "node-red" / "settings.js", user_dir)
        flows = json.loads((BENCH / "node-red" / "flows.json").read_text())
        for node in flows:
            if node["type"] == "mqtt-broker":
                node["port"] = str(mosquitto.port)
        (user_dir / "flows.json").write_text(json.dumps(flows, indent=2))
        self.log = folder / "node-red.log"
        environment = dict(os.environ, BENCH_NODE_RED_PORT=str(free_port()), NODE_RED_DISABLE_TELEMETRY="1")
        self.process = Started.popen(["node", str(BENCH / "node_modules" / "node-red" / "red.js"), "--userDir",
                                      str(user_dir), "--settings", str(user_dir / "settings.js")],
                                     stdout=open(self.log, "a"), stderr=subprocess.STDOUT, env=environment)
        begin = time.monotonic()
        while "Connected to broker" not in self.log.read_text():
            if self.process.poll() is not None or time.monotonic() - begin > 90:
                sys.exit(f"Node-RED did not connect to its broker; see {self.log}")
            time.sleep(0.1)
        self.ready = time.monotonic() - begin

    def pids(self):
        return {self.label: self.process.pid, self.mosquitto.label: self.mosquitto.process.pid}


def generator(mode, broker, watched, *options, counter=None, settle=None):
    """Runs one generator step; CPU and memory of the watched processes, the generator's own and the
    counter's are taken over the step's measured window, which the generator marks (and which
    `settle`, when given, extends until the target has taken in what was sent)."""
    command = ["node", str(BENCH / "generator.mjs"), mode, "--broker", broker, *map(str, options)]
    process = Started.popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    pids = dict(watched, generator=process.pid)
    if counter:
        pids["subscriber"] = counter.pid
    usage, result, figures = Usage(pids), None, None
    errors = []
    drain = threading.Thread(target=lambda: errors.extend(process.stderr), daemon=True)
    drain.start()
    try:
        for line in process.stdout:
            event = json.loads(line)
            if event.get("mark") == "start":
                usage.begin()
            elif event.get("mark") == "end":
                if settle:
                    settle()
                figures = usage.end()
            elif "result" in event:
                result = event["result"]
        process.wait(60)
    finally:
        Started.stop(process, 5)
    drain.join(5)
    if result is None or figures is None:
        sys.exit(f"the generator ({mode}) gave no result:\n{''.join(errors)[-3000:]}")
    result["usage"] = figures
    return result


class Counter:
    """A subscriber (a generator process) counting what mosquitto delivers on a topic, at QoS 1."""

    def __init__(self, broker, topic):
        self.process = Started.popen(["node", str(BENCH / "generator.mjs"), "count", "--broker", broker, "--topic", topic,
                                      "--qos", "1", "--seconds", "3600"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True)
        self.pid = self.process.pid
        if json.loads(self.process.stdout.readline()).get("ready") is not True:
            sys.exit("the counting subscriber did not subscribe")

    def received(self):
        self.process.stdin.write("count\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())["received"]

    def settled(self, expected=float("inf"), seconds=15):
        """The count once it reached `expected` or stopped growing for a second."""
        until, last, still = time.monotonic() + seconds, -1, time.monotonic()
        while time.monotonic() < until:
            count = self.received()
            if count >= expected:
                return count
            if count != last:
                last, still = count, time.monotonic()
            elif time.monotonic() - still > 1:
                return count
            time.sleep(0.1)
        return self.received()

    def close(self):
        Started.stop(self.process, 5)


# --- the workloads ---------------------------------------------------------------------------

def reaction_step(target, rate, seconds, warmup):
    result = generator("reaction", target.broker, target.pids(), "--credentials", target.credentials, "--rate", rate,
                       "--seconds", seconds, "--warmup", warmup)
    per_message(result["usage"], result["sent"])
    result["passed"] = (result["lost"] == 0 and result["unmatched"] == 0 and result["dropped"] == 0
                        and result["latencyMs"]["p99"] is not None and result["latencyMs"]["p99"] < 200
                        and result["achieved"] >= 0.95 * rate)
    return result


def ingest_step(target, sensors, seconds):
    hub = target if isinstance(target, Hub) else None
    counter = None if hub else Counter(target.broker, "devices/+/telemetry")
    before = hub.metrics() if hub else None
    try:
        result = generator("ingest", target.broker, target.pids(), "--credentials", target.credentials,
                           "--devices", sensors, "--in-flight", 16, "--seconds", seconds, counter=counter)
        if hub:
            hub.settle()
            after = hub.metrics()
            took = (after.get('hearth_messages_in_total{type="telemetry"}', 0)
                    - before.get('hearth_messages_in_total{type="telemetry"}', 0))
            delta = {name: Hub.figure(after, name) - Hub.figure(before, name) for name in
                     ("hearth_storage_written_total", "hearth_storage_dropped_total", "hearth_storage_failed_total")}
            result.update(received=took, historyRows=delta["hearth_storage_written_total"])
            stored = (delta["hearth_storage_written_total"] >= ROWS_PER_MESSAGE * result["acked"]
                      and delta["hearth_storage_dropped_total"] == 0 and delta["hearth_storage_failed_total"] == 0)
        else:
            result["received"] = counter.settled(result["acked"])
            stored = True
    finally:
        if counter:
            counter.close()
    per_message(result["usage"], result["acked"])
    result["passed"] = (stored and result["errors"] == 0 and result["unacknowledged"] == 0 and result["dropped"] == 0
                        and result["acked"] == result["sent"] and result["received"] == result["acked"])
    return result


def stream_step(target, sensors, rate, seconds):
    """QoS 0 telemetry at a fixed rate: passed when the target took in every message sent (Hearth:
    by its /metrics, each with its history row written and none dropped; Mosquitto: delivered to a
    subscriber)."""
    hub = target if isinstance(target, Hub) else None
    counter = None if hub else Counter(target.broker, "devices/+/telemetry")
    before = hub.metrics() if hub else None
    try:
        result = generator("stream", target.broker, target.pids(), "--credentials", target.credentials,
                           "--devices", sensors, "--rate", rate, "--seconds", seconds, counter=counter,
                           settle=hub.settle if hub else counter.settled)
        stored = True
        if hub:
            after = hub.metrics()
            result["received"] = (after.get('hearth_messages_in_total{type="telemetry"}', 0)
                                  - before.get('hearth_messages_in_total{type="telemetry"}', 0))
            written, dropped = (Hub.figure(after, name) - Hub.figure(before, name)
                                for name in ("hearth_storage_written_total", "hearth_storage_dropped_total"))
            result["historyRows"] = written
            stored = dropped == 0 and written >= ROWS_PER_MESSAGE * result["sent"]
        else:
            result["received"] = counter.received()
    finally:
        if counter:
            counter.close()
    per_message(result["usage"], result["sent"])
    result["passed"] = (stored and result["dropped"] == 0 and result["received"] == result["sent"]
                        and result["achieved"] >= 0.95 * rate)
    return result


def processes_text(usage):
    return "  ".join(f"{label} {f['cpuPercent']:.0f}% {f['cpuMicrosPerMessage'] or 0:.0f}µs/msg "
                     f"{f['rssMiB']:.0f}/{f['peakRssMiB']:.0f}MiB" for label, f in usage.items())


def latency_text(ms):
    return "n/a" if ms["p50"] is None else f"{ms['p50']:.2f} / {ms['p99']:.2f} / {ms['max']:.2f} ms"


def rss_text(target):
    return ", ".join(f"{label} {memory_mib(pid)[0]:.0f} MiB" for label, pid in target.pids().items())


def warm_up(targets, seconds):
    """A fresh JVM spends its first seconds compiling: each target gets the same untimed load first."""
    print(f"\nwarm-up, not counted: {seconds} s of rule events at 1,000/s and {seconds} s of ingest from 10 sensors",
          flush=True)
    for target in targets["reaction"]:
        reaction_step(target, 1000, seconds, 1)
    for target in targets["ingest"]:
        ingest_step(target, 10, seconds)


def run_reaction(targets, rounds, seconds, results):
    print(f"\nreaction at 200 events/s, {BEDS} beds, {seconds} s a step", flush=True)
    for round_ in range(1, rounds + 1):
        for target in targets:
            r = reaction_step(target, 200, seconds, 2)
            r.update(target=target.name, round=round_, rssAfterRound=rss_text(target))
            results["reaction"].append(r)
            results["memory"].append(f"after reaction round {round_} ({target.name}): {r['rssAfterRound']}")
            print(f"  {target.name:9} round {round_}: {r['achieved']:6.0f} events/s  {r['awakes']} awakes, lost {r['lost']}"
                  f"  p50/p99/max {latency_text(r['latencyMs'])}\n      {processes_text(r['usage'])}"
                  f"\n      RSS after the round: {r['rssAfterRound']}", flush=True)


def run_rule_rate(targets, rounds, rates, seconds, results):
    print(f"\nrule events/s sustained: steps {', '.join(map(str, rates))} events/s, {seconds} s each", flush=True)
    step_up(targets, rounds, rates, results, "ruleRate", "rule rate", lambda target, rate: reaction_step(target, rate, seconds, 1),
            lambda r: f"lost {r['lost']}  unmatched {r['unmatched']}  p50/p99/max {latency_text(r['latencyMs'])}")


def run_ingest(targets, rounds, sensor_counts, seconds, results):
    for sensors in sensor_counts:
        print(f"\nQoS 1 ingest, {sensors:,} sensors, 16 in flight each, 6-field telemetry, {seconds} s", flush=True)
        for round_ in range(1, rounds + 1):
            for target in targets:
                r = ingest_step(target, sensors, seconds)
                r.update(target=target.name, round=round_, rssAfterRound=rss_text(target))
                results["ingest"].append(r)
                results["memory"].append(f"after ingest round {round_} ({target.name}, {sensors:,} sensors): {r['rssAfterRound']}")
                rows = f"  history rows {r['historyRows']:.0f}" if "historyRows" in r else ""
                print(f"  {target.name:9} round {round_}: {r['rate']:7.0f} msg/s  sent {r['sent']} acked {r['acked']}"
                      f" received {r['received']:.0f}{rows}  PUBACK p50/p99/max {latency_text(r['latencyMs'])}"
                      f"  {'lossless' if r['passed'] else 'LOSS'}\n      {processes_text(r['usage'])}"
                      f"\n      RSS after the round: {r['rssAfterRound']}", flush=True)


def run_stream(targets, rounds, sensors, rates, seconds, results):
    print(f"\nQoS 0 ingest, {sensors} sensors, 6-field telemetry: steps {', '.join(map(str, rates))} msg/s,"
          f" {seconds} s each", flush=True)
    step_up(targets, rounds, rates, results, "stream", "QoS 0 ingest", lambda target, rate: stream_step(target, sensors, rate, seconds),
            lambda r: f"sent {r['sent']} received {r['received']:.0f}"
                      + (f"  history rows {r['historyRows']:.0f}" if "historyRows" in r else ""))


def step_up(targets, rounds, rates, results, key, label, step, describe):
    """Each round takes every target up the rates, A B A B within a step, until a step fails for it."""
    for round_ in range(1, rounds + 1):
        going = {target.name for target in targets}
        for rate in rates:
            for target in [t for t in targets if t.name in going]:
                r = step(target, rate)
                r.update(target=target.name, round=round_)
                results[key].append(r)
                print(f"  {target.name:9} round {round_} {rate:>6}/s: achieved {r['achieved']:7.0f}  {describe(r)}"
                      f"  {'ok' if r['passed'] else 'FAIL'}\n      {processes_text(r['usage'])}", flush=True)
                if not r["passed"]:
                    going.discard(target.name)
        for target in targets:
            results["memory"].append(f"after {label} round {round_} ({target.name}): {rss_text(target)}")


def quiet_memory(targets, seconds, results):
    """RSS once every target has been left alone a while: what a burst left behind, not what it used."""
    print(f"\nRSS after the run and {seconds} s without load", flush=True)
    time.sleep(seconds)
    for target in targets:
        results["memory"].append(f"after the run and {seconds} s quiet ({target.name}): {rss_text(target)}")
        print(f"  {target.name}: {rss_text(target)}", flush=True)


# --- the tables ------------------------------------------------------------------------------

def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def ratio(a, b):
    return "n/a" if a is None or b is None or b == 0 else f"{a / b:.2f}×"


def number(value, digits=0):
    return "n/a" if value is None else f"{value:,.{digits}f}"


def cpu_cells(steps, label):
    cpu = median([s["usage"][label]["cpuPercent"] for s in steps if label in s["usage"]])
    per = median([s["usage"][label]["cpuMicrosPerMessage"] for s in steps if label in s["usage"]])
    rss = [s["usage"][label]["rssMiB"] for s in steps if label in s["usage"]]
    peak = max((s["usage"][label]["peakRssMiB"] for s in steps if label in s["usage"]), default=None)
    return f"{number(cpu)} % / {number(per)} µs", f"{number(rss[0] if rss else None)} → {number(rss[-1] if rss else None)} / {number(peak)} MiB"


def target_micros(steps):
    """CPU µs per message of the target's own processes (not the generator's or the subscriber's), summed."""
    labels = [label for label in steps[0]["usage"] if label not in ("generator", "subscriber")] if steps else []
    values = [median([s["usage"][label]["cpuMicrosPerMessage"] for s in steps]) for label in labels]
    return None if not values or None in values else sum(values)


def report(targets, results, idle):
    names = [t.name for t in targets["reaction"]]
    print("\n## Reaction at 200 events/s (median of the rounds; lost summed)\n")
    print("| target | events/s | lost | p50 / p99 / max | process: CPU / per event | RSS first → last round / peak |")
    print("|---|---|---|---|---|---|")
    summary = {}
    for name in names:
        steps = [s for s in results["reaction"] if s["target"] == name]
        p50, p99 = (median([s["latencyMs"][q] for s in steps]) for q in ("p50", "p99"))
        top = max((s["latencyMs"]["max"] or 0 for s in steps), default=None)
        summary[name] = {"p50": p50, "p99": p99, "cpu": target_micros(steps)}
        for i, label in enumerate(steps[0]["usage"]):
            cpu, rss = cpu_cells(steps, label)
            lead = (f"| {name} | {number(median([s['achieved'] for s in steps]))} | {sum(s['lost'] for s in steps)} | "
                    f"{number(p50, 2)} / {number(p99, 2)} / {number(top, 2)} ms") if i == 0 else "| | | |"
            print(f"{lead} | {label}: {cpu} | {rss} |")
    if len(names) == 2:
        a, b = names
        print(f"\n{a} / {b}: p50 {ratio(summary[a]['p50'], summary[b]['p50'])}, p99 {ratio(summary[a]['p99'], summary[b]['p99'])},"
              f" CPU per event {ratio(summary[a]['cpu'], summary[b]['cpu'])} ({number(summary[a]['cpu'])} vs"
              f" {number(summary[b]['cpu'])} µs, the target's processes)")

    print("\n## Rule events/s sustained (0 lost, p99 < 200 ms; best step of each round)\n")
    print("| target | rounds: best step | p99 at it | process: CPU / per event at it |")
    print("|---|---|---|---|")
    best = {}
    rates = [s["offered"] for s in results["ruleRate"]] or [0]
    for name in names:
        steps = [s for s in results["ruleRate"] if s["target"] == name]
        per_round = []
        for round_ in sorted({s["round"] for s in steps}):
            passed = [s for s in steps if s["round"] == round_ and s["passed"]]
            per_round.append(max(passed, key=lambda s: s["achieved"]) if passed else None)
        best[name] = median([s["achieved"] if s else 0 for s in per_round])
        top = max((s for s in per_round if s), key=lambda s: s["achieved"], default=None)
        cells = "none passed" if top is None else " ; ".join(
            f"{label}: {f['cpuPercent']:.0f} % / {f['cpuMicrosPerMessage'] or 0:.0f} µs" for label, f in top["usage"].items())
        capped = " (the top step: it may do more)" if any(s and s["offered"] == max(rates) for s in per_round) else ""
        print(f"| {name} | {', '.join(number(s['achieved']) if s else 'none' for s in per_round)} events/s{capped} | "
              f"{'n/a' if top is None else number(top['latencyMs']['p99'], 1) + ' ms'} | {cells} |")
    if len(names) == 2:
        print(f"\n{names[0]} / {names[1]}: {ratio(best[names[0]], best[names[1]])} (medians of the rounds' best steps)")

    print("\n## QoS 1 ingest, 6-field telemetry, 16 in flight per sensor (median of the rounds)\n")
    print("| sensors | target | msg/s | lossless rounds | PUBACK p50 / p99 / max | process: CPU / per message | RSS first → last round / peak |")
    print("|---|---|---|---|---|---|---|")
    ingest_names = [t.name for t in targets["ingest"]]
    for sensors in sorted({s["devices"] for s in results["ingest"]}):
        rates, micros = {}, {}
        for name in ingest_names:
            steps = [s for s in results["ingest"] if s["target"] == name and s["devices"] == sensors]
            rates[name] = median([s["rate"] for s in steps])
            micros[name] = target_micros(steps)
            p50, p99 = (median([s["latencyMs"][q] for s in steps]) for q in ("p50", "p99"))
            top = max((s["latencyMs"]["max"] or 0 for s in steps), default=None)
            for i, label in enumerate(steps[0]["usage"]):
                cpu, rss = cpu_cells(steps, label)
                lead = (f"| {sensors:,} | {name} | {number(rates[name])} | {sum(s['passed'] for s in steps)} of {len(steps)} | "
                        f"{number(p50, 2)} / {number(p99, 2)} / {number(top, 2)} ms") if i == 0 else "| | | | |"
                print(f"{lead} | {label}: {cpu} | {rss} |")
        if len(ingest_names) == 2:
            a, b = ingest_names
            print(f"| {sensors:,} | {a} / {b} | {ratio(rates[a], rates[b])} | | | CPU per message {ratio(micros[a], micros[b])} | |")

    print("\n## QoS 0 ingest from 10 sensors, 6-field telemetry (best step of each round with every message taken in)\n")
    print("| target | rounds: best step | process: CPU / per message at it |")
    print("|---|---|---|")
    best, steps_of = {}, {}
    for name in ingest_names:
        steps = steps_of[name] = [s for s in results["stream"] if s["target"] == name]
        per_round = []
        for round_ in sorted({s["round"] for s in steps}):
            passed = [s for s in steps if s["round"] == round_ and s["passed"]]
            per_round.append(max(passed, key=lambda s: s["offered"]) if passed else None)
        best[name] = median([s["achieved"] if s else 0 for s in per_round])
        top = max((s for s in per_round if s), key=lambda s: s["offered"], default=None)
        cells = "none passed" if top is None else " ; ".join(
            f"{label}: {f['cpuPercent']:.0f} % / {f['cpuMicrosPerMessage'] or 0:.1f} µs" for label, f in top["usage"].items())
        capped = " (the top step: it may do more)" if any(s and s["offered"] == max(STREAM_RATES) for s in per_round) else ""
        print(f"| {name} | {', '.join(number(s['achieved']) if s else 'none' for s in per_round)} msg/s{capped} | {cells} |")
    if len(ingest_names) == 2 and all(steps_of.values()):
        a, b = ingest_names
        common = [rate for rate in sorted({s["offered"] for s in steps_of[a]})
                  if all(any(s["offered"] == rate and s["passed"] for s in steps_of[n]) for n in (a, b))]
        at = max(common) if common else None
        micros = {n: target_micros([s for s in steps_of[n] if s["offered"] == at and s["passed"]]) if at else None
                  for n in (a, b)}
        print(f"\n{a} / {b}: {ratio(best[a], best[b])} msg/s (medians of the rounds' best steps); CPU per message at"
              f" {number(at)} msg/s, the highest step both passed: {ratio(micros[a], micros[b])}"
              f" ({number(micros[a], 1)} vs {number(micros[b], 1)} µs, the target's processes)")

    print("\n## Memory: RSS idle at the start, after each round\n")
    for name, text in idle.items():
        print(f"- {name} idle: {text}")
    for line in results["memory"]:
        print(f"- {line}")


# --- the hub-only steps, on our simulator ----------------------------------------------------

def load(broker, credentials, devices, rate, qos, seconds, ramp):
    broker = broker.replace("mqtt://", "tcp://")
    run = subprocess.run(["java", "-jar", str(JAR), "simulate", "--load", "--broker", broker, "--credentials", str(credentials),
                          "--devices", str(devices), "--rate", str(rate), "--qos", str(qos), "--duration", f"{seconds}s",
                          "--ramp-up", f"{ramp}s", "--json"], capture_output=True, text=True, timeout=seconds + 300)
    lines = [line for line in run.stdout.splitlines() if line.startswith("{")]
    if not lines:
        sys.exit(f"the load run printed no report:\n{run.stderr[-2000:]}")
    return json.loads(lines[-1])


class Sampler(threading.Thread):
    """RSS, heap and threads of the hub once a second, while a run goes on."""

    def __init__(self, hub):
        super().__init__(daemon=True)
        self.hub, self.rss, self.heap, self.threads, self.running = hub, [], [], [], True

    def run(self):
        while self.running:
            values = self.hub.metrics()
            self.rss.append(memory_mib(self.hub.process.pid)[0])
            self.heap.append(self.hub.heap_mib(values))
            self.threads.append(self.hub.figure(values, "jvm_threads_live_threads"))
            time.sleep(1)


def devices_held(hub, count, quick):
    sampler = Sampler(hub)
    sampler.start()
    report_ = load(hub.broker, hub.load_devices, count, 100, 0, 30 if quick else 75, 20 if quick else 60)
    sampler.running = False
    line = (f"{report_['connected']:,} of {count:,} tried; RSS {max(sampler.rss):.0f} MiB, heap {max(sampler.heap):.0f} MiB,"
            f" threads {max(sampler.threads):.0f}")
    print(f"\ndevices held connected ({HEAP}): {line}", flush=True)
    return {"tried": count, "connected": report_["connected"], "rssMiB": max(sampler.rss), "heapMiB": max(sampler.heap),
            "threads": max(sampler.threads), "line": line}


def soak(minutes):
    """1,000 devices at 1,000 msg/s QoS 1 for a long time; memory and threads must stay flat."""
    folder = Path(tempfile.mkdtemp(prefix="hearth-soak-"))
    hub = Hub(folder, 1000)
    hub.start()
    print(f"soak: {minutes} min, 1,000 devices at 1,000 msg/s QoS 1, hub with {HEAP}; data in {folder}", flush=True)
    samples = []
    result = {}
    runner = threading.Thread(target=lambda: result.update(
        load(hub.broker, hub.load_devices, 1000, 1000, 1, minutes * 60, 30)), daemon=True)
    runner.start()
    begin = time.monotonic()
    while runner.is_alive():
        values = hub.metrics()
        sample = (time.monotonic() - begin, memory_mib(hub.process.pid)[0], hub.heap_mib(values),
                  hub.figure(values, "jvm_threads_live_threads"))
        samples.append(sample)
        if len(samples) % 6 == 1:
            print(f"  {sample[0] / 60:5.1f} min  RSS {sample[1]:4.0f} MiB  heap {sample[2]:4.0f} MiB  threads {sample[3]:.0f}",
                  flush=True)
        runner.join(10)
    hub.settle()
    after = hub.metrics()
    steady = [s for s in samples if s[0] > 120] or samples  # after ramp-up and JIT warm-up
    half = len(steady) // 2
    first, second = steady[:half] or steady, steady[half:] or steady
    avg = lambda rows, i: sum(r[i] for r in rows) / len(rows)
    took = after.get('hearth_messages_in_total{type="telemetry"}', 0)
    print(f"\nsoak summary ({minutes} min): sent {result.get('sent')}, acknowledged {result.get('acknowledged')},"
          f" errors {result.get('errors')}; hub took {took:.0f},"
          f" storage dropped {hub.figure(after, 'hearth_storage_dropped_total'):.0f}")
    for name, i in (("RSS MiB", 1), ("heap MiB", 2), ("threads", 3)):
        print(f"  {name:9} first half avg {avg(first, i):7.1f}   second half avg {avg(second, i):7.1f}"
              f"   max {max(r[i] for r in steady):7.1f}")


# --- the run ---------------------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="one short round of each workload, fewer steps")
    parser.add_argument("--json", metavar="FILE", help="also write every step's figures to FILE")
    parser.add_argument("--max-devices", type=int, default=5000, help="the connection test's target (default 5000)")
    parser.add_argument("--soak", type=int, metavar="MINUTES", help="run only the soak test, this long")
    args = parser.parse_args()
    if not shutil.which("java"):
        sys.exit("the benchmark needs java 17 or later on the PATH")
    if not JAR.exists():
        subprocess.run([str(HOME / "mvnw"), "-q", "-B", "-DskipTests", "-Ddashboard.skip", "package"], cwd=HOME, check=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped (SIGTERM)"))
    signal.signal(signal.SIGINT, signal.default_int_handler)  # a shell's background job starts with SIGINT ignored
    try:
        if args.soak:
            soak(args.soak)
        else:
            compare(args)
    finally:
        Started.stop_all()


def compare(args):
    ensure_mosquitto()
    ensure_node_modules()
    quick = args.quick
    rounds = 1 if quick else 2
    folder = Path(tempfile.mkdtemp(prefix="hearth-bench-"))
    print(f"hearth benchmark in {folder}; {os.cpu_count()} cores; hub with {HEAP};"
          f" {subprocess.run([MOSQUITTO, '-h'], capture_output=True, text=True).stdout.splitlines()[0]};"
          f" node {subprocess.run(['node', '--version'], capture_output=True, text=True).stdout.strip()}", flush=True)

    held = min(1000, args.max_devices) if quick else args.max_devices
    hub = Hub(folder, max(1000, held))
    hub.name = "Hearth"
    first = hub.start(write_archive=True)
    Started.stop(hub.process)
    ready = hub.start()
    print(f"hub: start to ready {first:.1f} s the first time (creating the database; the class-data archive"
          f" is written when it stops), then {ready:.1f} s", flush=True)
    for_node_red = Mosquitto(folder, "mosquitto-for-node-red")
    node_red = NodeRed(folder, for_node_red)
    node_red.name, node_red.credentials = "Node-RED", hub.credentials  # anonymous broker: passwords ignored
    alone = Mosquitto(folder, "mosquitto-alone")
    alone.name, alone.credentials = "Mosquitto", hub.credentials
    print(f"node-red: connected to its mosquitto {node_red.ready:.1f} s after start", flush=True)
    time.sleep(3)  # let the JVM's start-up work finish before idle memory is read
    idle = {t.name: rss_text(t) for t in (hub, node_red, alone)}
    for name, text in idle.items():
        print(f"idle RSS, {name}: {text}", flush=True)

    results = {"reaction": [], "ruleRate": [], "ingest": [], "stream": [], "memory": []}
    targets = {"reaction": [hub, node_red], "ingest": [hub, alone]}
    warm_up(targets, 3 if quick else 20)
    run_reaction(targets["reaction"], rounds, 5 if quick else 20, results)
    run_rule_rate(targets["reaction"], rounds, [1000, 4000] if quick else RULE_RATES,
                  3 if quick else 10, results)
    run_ingest(targets["ingest"], rounds, [10, 1000], 3 if quick else 10, results)
    run_stream(targets["ingest"], rounds, 10, [4000, 16000] if quick else STREAM_RATES, 3 if quick else 10, results)
    # the hub gives a burst's heap back once quiet, at most once a minute (hub/memory/HeapGiveBack)
    quiet_memory([hub, node_red, alone], 15 if quick else 75, results)
    extras = {"firstStartToReadySeconds": first, "startToReadySeconds": ready, "nodeRedReadySeconds": node_red.ready}
    extras["devicesHeld"] = devices_held(hub, held, quick)

    report(targets, results, idle)
    print(f"\n- hub start to ready: {ready:.1f} s (the first start, creating the database and the class-data archive: {first:.1f} s)")
    print(f"- devices held connected under {HEAP}: {extras['devicesHeld']['line']}")
    if args.json:
        Path(args.json).write_text(json.dumps({"results": results, "idle": idle, "hub": extras}, indent=2))
        print(f"\nfigures written to {args.json}")
    print(f"\nlogs and data in {folder}")


if __name__ == "__main__":
    main()
