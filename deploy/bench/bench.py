#!/usr/bin/env python3
"""Hearth's benchmark: starts a hub under -Xmx256m on free loopback ports in a temporary folder,
drives it with the simulator (`hearth simulate --load` and `--reaction`) and prints the figures
of the README's "Performance" table. Standard library only; needs java and the hub jar.

    deploy/bench/bench.py                 # everything, about 12 minutes
    deploy/bench/bench.py --quick         # shorter runs, for a smoke check
    deploy/bench/bench.py --mosquitto     # also the same load against Debian's mosquitto
    deploy/bench/bench.py --soak 30       # only the soak: 30 minutes at 1,000 msg/s from 1,000 devices

Ingest counts as lossless when every message sent reached the hub's state store and rules
(hearth_messages_in_total) and its history rows were written (hearth_storage_written_total grew
by two rows per message, nothing dropped or failed), and at QoS 1 every publish was acknowledged.
"""
import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

HOME = Path(__file__).resolve().parents[2]
JAR = HOME / "cli" / "target" / "hearth.jar"
HEAP = "-Xmx256m"
ROWS_PER_MESSAGE = 2  # the load devices send {"seq": n, "value": x}: two history rows


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def hearth(*args, check=True, capture=True):
    run = subprocess.run(["java", "-jar", str(JAR), *args], capture_output=capture, text=True)
    if check and run.returncode != 0:
        sys.exit(f"hearth {' '.join(args)} failed:\n{run.stderr}")
    return run


class Hub:
    """A hub process of its own, in a folder of its own, with load and probe devices and a token."""

    def __init__(self, folder: Path, devices: int):
        self.folder = folder
        self.mqtt_port, self.http_port = free_port(), free_port()
        (folder / "rules").mkdir(parents=True)
        shutil.copy(HOME / "deploy" / "bench" / "rules" / "reaction.yaml", folder / "rules")
        self.config = folder / "hearth.yml"
        self.config.write_text(f"""\
mqtt: {{ host: 127.0.0.1, port: {self.mqtt_port}, rate-limit: 0, max-connections: 20000 }}
http: {{ host: 127.0.0.1, port: {self.http_port} }}
data-dir: data
rules: rules
rules-engine: {{ breaker-runs: 1000000 }}
devices: []
""")
        cfg = ["--config", str(self.config)]
        hearth("devices", "generate", "--count", str(devices), "--prefix", "load-", "--out", str(folder / "load.yml"), *cfg)
        hearth("devices", "generate", "--count", "2", "--prefix", "probe-", "--out", str(folder / "probe.yml"), *cfg)
        out = hearth("tokens", "create", "bench", "--role", "admin", *cfg).stdout
        self.token = re.search(r"hth_\S+", out).group(0)
        self.broker = f"tcp://127.0.0.1:{self.mqtt_port}"
        self.process = None

    def start(self):
        begin = time.monotonic()
        log = open(self.folder / "hub.log", "a")
        self.process = subprocess.Popen(["java", HEAP, "-jar", str(JAR), "hub", "--config", str(self.config)],
                                        stdout=log, stderr=subprocess.STDOUT)
        while time.monotonic() - begin < 60:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.http_port}/health/ready", timeout=1) as r:
                    if r.status == 200:
                        return time.monotonic() - begin
            except OSError:
                time.sleep(0.05)
        sys.exit(f"the hub did not get ready in 60 s; see {self.folder / 'hub.log'}")

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait(30)

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

    def figure(self, values, name):
        return sum(v for k, v in values.items() if k == name or k.startswith(name + "{"))

    def rss_mib(self):
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024

    def heap_mib(self, values):
        return sum(v for k, v in values.items() if k.startswith('jvm_memory_used_bytes{area="heap"')) / 2**20

    def settle(self, timeout=60):
        """Waits until the storage writer's queue is empty."""
        until = time.monotonic() + timeout
        while time.monotonic() < until:
            if self.figure(self.metrics(), "hearth_storage_queue") == 0:
                return
            time.sleep(0.2)


def load(broker, credentials, devices, rate, qos, seconds, ramp):
    run = subprocess.run(["java", "-jar", str(JAR), "simulate", "--load", "--broker", broker, "--credentials", str(credentials),
                          "--devices", str(devices), "--rate", str(rate), "--qos", str(qos), "--duration", f"{seconds}s",
                          "--ramp-up", f"{ramp}s", "--json"], capture_output=True, text=True)
    lines = [line for line in run.stdout.splitlines() if line.startswith("{")]
    if not lines:
        sys.exit(f"the load run printed no report:\n{run.stderr[-2000:]}")
    report = json.loads(lines[-1])
    report["steadyRate"] = steady_rate(run.stderr, devices) or report["ratePerSecond"]
    return report


def steady_rate(progress, devices):
    """The mean of the per-second rates once every device was connected, leaving out the first such second."""
    seconds = [int(m.group(2)) for m in re.finditer(r"connected (\d+)/\d+ +sent \d+ +(\d+) msg/s", progress)
               if int(m.group(1)) == devices]
    return sum(seconds[1:]) / len(seconds[1:]) if len(seconds) > 1 else None


def ingest(hub, devices, qos, rate, seconds):
    """One load step through the hub; the report plus what the hub counted."""
    before = hub.metrics()
    ramp = 2 if devices <= 100 else 8
    report = load(hub.broker, hub.folder / "load.yml", devices, rate, qos, seconds + ramp, ramp)
    hub.settle()
    after = hub.metrics()
    delta = {name: hub.figure(after, name) - hub.figure(before, name) for name in
             ["hearth_messages_in_total", "hearth_storage_written_total", "hearth_storage_dropped_total",
              "hearth_storage_failed_total", "hearth_messages_rejected_total"]}
    telemetry_in = (after.get('hearth_messages_in_total{type="telemetry"}', 0)
                    - before.get('hearth_messages_in_total{type="telemetry"}', 0))
    acked_ok = qos == 0 or report["acknowledged"] == report["sent"]
    lossless = (telemetry_in == report["sent"] and acked_ok and report["errors"] == 0
                and delta["hearth_storage_written_total"] >= ROWS_PER_MESSAGE * report["sent"]
                and delta["hearth_storage_dropped_total"] == 0 and delta["hearth_storage_failed_total"] == 0)
    return report, telemetry_in, delta, lossless


def ladder(name, step, rates, seconds):
    """Raises the offered rate until a step loses something or the load no longer keeps up (< 90 %)."""
    best = None
    for rate in rates:
        result = step(rate, seconds)
        print(f"  {name}: offered {rate:>6}/s  {result['line']}", flush=True)
        if not result["lossless"]:
            break
        if best is None or result["achieved"] > best["achieved"]:
            best = result
        if result["achieved"] < 0.9 * rate:
            break
    return best


def reaction(broker, credentials, rounds):
    run = subprocess.run(["java", "-jar", str(JAR), "simulate", "--reaction", "--broker", broker,
                          "--credentials", str(credentials), "--trigger", "probe-00001", "--target", "probe-00002",
                          "--rounds", str(rounds), "--json"], capture_output=True, text=True)
    lines = [line for line in run.stdout.splitlines() if line.startswith("{")]
    if not lines:
        sys.exit(f"the reaction probe printed no report:\n{run.stderr[-2000:]}")
    return json.loads(lines[-1])


class Sampler(threading.Thread):
    """RSS, heap and threads of the hub once a second, while a run goes on."""

    def __init__(self, hub):
        super().__init__(daemon=True)
        self.hub, self.rss, self.heap, self.threads, self.running = hub, [], [], [], True

    def run(self):
        while self.running:
            values = self.hub.metrics()
            self.rss.append(self.hub.rss_mib())
            self.heap.append(self.hub.heap_mib(values))
            self.threads.append(self.hub.figure(values, "jvm_threads_live_threads"))
            time.sleep(1)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="shorter runs and fewer steps")
    parser.add_argument("--mosquitto", action="store_true", help="also run the same load against mosquitto")
    parser.add_argument("--max-devices", type=int, default=5000, help="the connection test's target (default 5000)")
    parser.add_argument("--soak", type=int, metavar="MINUTES", help="run only the soak test, this long")
    args = parser.parse_args()
    if not JAR.exists():
        subprocess.run([str(HOME / "mvnw"), "-q", "-B", "-DskipTests", "package"], cwd=HOME, check=True)
    if args.soak:
        soak(args.soak)
        return
    seconds = 5 if args.quick else 15
    rounds = 50 if args.quick else 300
    folder = Path(tempfile.mkdtemp(prefix="hearth-bench-"))
    print(f"hearth benchmark in {folder}; {os.cpu_count()} cores; hub with {HEAP}", flush=True)
    hub = Hub(folder, max(1000, args.max_devices))
    rows = []
    try:
        ready = hub.start()
        rows.append(("start to ready (first start, migrating the database)", f"{ready:.1f} s"))
        print(f"start to ready {ready:.1f} s; idle RSS {hub.rss_mib():.0f} MiB", flush=True)

        reaction(hub.broker, folder / "probe.yml", 50)  # warm-up: the first runs of a fresh JVM measure the JIT
        idle = reaction(hub.broker, folder / "probe.yml", rounds)
        rows.append(("rule reaction, idle: p50 / p99 / max", latency(idle)))
        print(f"reaction idle: {latency(idle)} ({idle['missed']} missed)", flush=True)

        sampler = Sampler(hub)
        sampler.start()
        background = threading.Thread(target=lambda: load(hub.broker, folder / "load.yml", 1000, 1000, 1,
                                                          rounds // 10 + 45, 10), daemon=True)
        background.start()
        time.sleep(15)
        busy = reaction(hub.broker, folder / "probe.yml", rounds)
        background.join()
        sampler.running = False
        rows.append(("rule reaction under 1,000 msg/s from 1,000 devices: p50 / p99 / max", latency(busy)))
        rows.append(("hub RSS / heap used, 1,000 devices at 1,000 msg/s QoS 1 (max of 1 s samples)",
                     f"{max(sampler.rss):.0f} MiB / {max(sampler.heap):.0f} MiB"))
        print(f"reaction under load: {latency(busy)} ({busy['missed']} missed); RSS max {max(sampler.rss):.0f} MiB,"
              f" heap max {max(sampler.heap):.0f} MiB, threads max {max(sampler.threads):.0f}", flush=True)

        for devices, qos, rates in [(10, 0, [10000, 20000, 40000, 80000]), (10, 1, [5000, 10000, 20000, 40000]),
                                    (1000, 0, [5000, 10000, 20000, 40000]), (1000, 1, [5000, 10000, 20000, 40000])]:
            def step(rate, secs, devices=devices, qos=qos):
                report, telemetry_in, delta, lossless = ingest(hub, devices, qos, rate, secs)
                acked = "" if qos == 0 else f"  acked {report['acknowledged']}"
                p99 = report["latencyMs"]["p99"]
                puback = "" if p99 is None else f"  PUBACK p99 {p99:.1f} ms"
                return {"lossless": lossless, "achieved": report["steadyRate"],
                        "line": f"sent {report['sent']:>8} at {report['steadyRate']:>8.0f}/s  hub took {telemetry_in:>8.0f}"
                                f"  history rows +{delta['hearth_storage_written_total']:.0f}"
                                f"  dropped {delta['hearth_storage_dropped_total']:.0f}{acked}{puback}"
                                f"  {'lossless' if lossless else 'LOSS'}"}
            best = ladder(f"{devices:>4} devices QoS {qos}", step, rates[:2] if args.quick else rates, seconds)
            rows.append((f"ingest end to end, {devices:,} devices, QoS {qos}, lossless",
                         "none lossless" if best is None else f"{best['achieved']:,.0f} msg/s"))

        sampler = Sampler(hub)
        sampler.start()
        report = load(hub.broker, folder / "load.yml", args.max_devices, 100, 0, 75 if not args.quick else 30,
                      60 if not args.quick else 20)
        sampler.running = False
        rows.append((f"devices held connected (of {args.max_devices:,} tried, {HEAP})",
                     f"{report['connected']:,}; RSS {max(sampler.rss):.0f} MiB, heap {max(sampler.heap):.0f} MiB,"
                     f" threads {max(sampler.threads):.0f}"))
        print(f"connections: {report['connected']} of {args.max_devices} ({report['errors']} errors)", flush=True)
    finally:
        hub.stop()

    if args.mosquitto:
        rows += mosquitto_rows(folder, seconds, args.quick)

    print("\n| what | figure |\n|---|---|")
    for what, figure in rows:
        print(f"| {what} | {figure} |")
    print(f"\nlogs and data in {folder}")


def soak(minutes):
    """1,000 devices at 1,000 msg/s QoS 1 for a long time; memory and threads must stay flat."""
    folder = Path(tempfile.mkdtemp(prefix="hearth-soak-"))
    hub = Hub(folder, 1000)
    hub.start()
    print(f"soak: {minutes} min, 1,000 devices at 1,000 msg/s QoS 1, hub with {HEAP}; data in {folder}", flush=True)
    samples = []
    result = {}
    runner = threading.Thread(target=lambda: result.update(
        load(hub.broker, folder / "load.yml", 1000, 1000, 1, minutes * 60, 30)), daemon=True)
    try:
        runner.start()
        begin = time.monotonic()
        while runner.is_alive():
            values = hub.metrics()
            sample = (time.monotonic() - begin, hub.rss_mib(), hub.heap_mib(values),
                      hub.figure(values, "jvm_threads_live_threads"))
            samples.append(sample)
            if len(samples) % 6 == 1:
                print(f"  {sample[0] / 60:5.1f} min  RSS {sample[1]:4.0f} MiB  heap {sample[2]:4.0f} MiB  threads {sample[3]:.0f}",
                      flush=True)
            runner.join(10)
        hub.settle()
        after = hub.metrics()
    finally:
        hub.stop()
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


def mosquitto_rows(folder, seconds, quick):
    """The same generator against mosquitto: what the machine and the load generator allow without a hub."""
    if not shutil.which("mosquitto"):
        return [("mosquitto", "not installed (apt-get install mosquitto)")]
    port = free_port()
    conf = folder / "mosquitto.conf"
    conf.write_text(f"listener {port} 127.0.0.1\nallow_anonymous true\nmax_queued_messages 100000\n")
    broker = subprocess.Popen(["mosquitto", "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1)
    rows = []
    try:
        for devices, qos, rates in [(10, 0, [40000, 80000, 160000]), (10, 1, [20000, 40000, 80000]),
                                    (1000, 0, [20000, 40000, 80000]), (1000, 1, [20000, 40000, 80000])]:
            best = 0
            for rate in rates[:1] if quick else rates:
                ramp = 2 if devices <= 100 else 8
                report = load(f"tcp://127.0.0.1:{port}", folder / "load.yml", devices, rate, qos, seconds + ramp, ramp)
                print(f"  mosquitto {devices:>4} devices QoS {qos}: offered {rate}/s, sent at {report['steadyRate']:.0f}/s",
                      flush=True)
                best = max(best, report["steadyRate"])
            rows.append((f"mosquitto, same generator, {devices:,} devices, QoS {qos}", f"{best:,.0f} msg/s"))
    finally:
        broker.terminate()
    return rows


def latency(report):
    ms = report["latencyMs"]
    return f"{ms['p50']:.2f} / {ms['p99']:.2f} / {ms['max']:.2f} ms" if ms["p50"] is not None else "n/a"


if __name__ == "__main__":
    main()
