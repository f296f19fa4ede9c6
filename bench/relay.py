"""Relay benchmark: a party's message reaching the mediator live, and a relay reaching a party.

Run from the repository root with the project's virtualenv:

    .venv/bin/python bench/relay.py --db both          # full run, Wasit + Synapse, updates docs
    .venv/bin/python bench/relay.py --quick --db sqlite --skip-synapse --no-write   # smoke test

For each database (SQLite, PostgreSQL) it starts a real server as a separate process
(``.venv/bin/wasit serve --port P`` with ``WASIT_DATA_DIR=<temp dir>`` and, for PostgreSQL,
``DATABASE_URL=postgres://postgres@127.0.0.1:5432/wasit_bench_<pid>``, a database it creates and
drops), sets up one talks with 16 parties through the project's own actions
(``bench/relay_setup.py``), and drives it with real HTTP clients (``bench/relay_client.py``:
raw asyncio HTTP/1.1 + Server-Sent Events, keep-alive, TCP_NODELAY):

  pingpong   party -> mediator: a party POSTs into its caucus room, the next message only
             after the previous one arrived on the mediator's SSE stream (unloaded latency).
  relay      mediator -> party: the mediator relays (paraphrase) one of those messages into
             another party's room; time until it arrives on that party's SSE stream.
  closed     16 parties, one per caucus room, each sending its next message as soon as the
             previous one is acknowledged (HTTP 201); one mediator stream receives all 16
             rooms; --duration seconds (default 20).
  paced      open loop at half the closed-loop rate, round-robin over the 16 rooms, 10 s,
             repeated 5 times; every run's p99 is reported (the worst one counts).

With ``--crowd N`` (Wasit only, instead of the phases above) it measures what open streams
cost: the closed loop three times, without other streams (``closed``), with N idle streams
of other users open beside the mediator's (``crowd``: observers who never post, half in
these talks in parties of their own, half in other talks; half of the streams filtered to
their talks, half not), and after those N streams were closed again (``after``). The target:
throughput and p99 with the crowd, and after it, within 20% of the phase without it. This
updates its own section of docs/benchmarks.md (``## Relay with many open streams``).

Measured exactly like the Synapse anchor (../shared/anchors/synapse/synapse_latency.py):
latency = (time the SSE read that completed the event returned) - (time the POST call
started), both from one monotonic clock (``time.perf_counter_ns``); percentiles with linear
interpolation; delivered messages/s = acknowledged messages / (last arrival - first start);
server CPU per message = the server process's utime+stime (/proc/<pid>/stat) over the phase
divided by the acknowledged messages. PostgreSQL's own CPU is reported separately.

Then, in the same run, it runs the Synapse anchor (``run.sh sqlite`` / ``run.sh postgres``),
prints a Markdown table with both and the targets, and rewrites the ``## Relay`` section of
docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from relay_client import Conn, HTTPError, Pool, SSEStream, ensure_loopback  # noqa: E402

VENV_BIN = REPO_ROOT / ".venv" / "bin"
DOCS = REPO_ROOT / "docs" / "benchmarks.md"
SECTION = "## Relay"
CROWD_SECTION = "## Relay with many open streams"
CROWD_TOLERANCE = 0.20          # crowd and after: within 20% of the closed loop without them
SYNAPSE_PY = Path(os.environ.get("VENV", "/tmp/synapse-venv")) / "bin" / "python"  # noqa: S108 (run.sh's default)
SYNAPSE_RUN = Path(os.environ.get("WASIT_SYNAPSE_ANCHOR",
                                  REPO_ROOT.parent / "shared" / "anchors" / "synapse" / "run.sh"))
PG_ADMIN = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-qAt"]
# One database per run (wasit_bench_<pid>), created and dropped here: the PostgreSQL server is
# shared, and a fixed name would let two runs (or anyone else's wasit_bench) drop each other's.
PG_DB = f"wasit_bench_{os.getpid()}"
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_DB}"
STOP = threading.Event()  # set on SIGINT/SIGTERM: end waits early, then clean up
HOST = "127.0.0.1"
ROOMS = 16
CLK_TCK = os.sysconf("SC_CLK_TCK")

# Targets
UNLOADED_P50_FRACTION = 1 / 5   # of Synapse's ping-pong p50
UNLOADED_P99_MS = 15.0
CLOSED_RATE_FACTOR = 10.0       # x Synapse's c16 delivered msgs/s
CLOSED_P99_MS = 60.0
PACED_P99_MS = 25.0


# --------------------------------------------------------------------------- measuring
def pct(sorted_vals: list[float], p: float) -> float:
    """Percentile with linear interpolation (numpy's default), as the Synapse anchor."""
    if not sorted_vals:
        return float("nan")
    k = (len(sorted_vals) - 1) * p / 100.0
    lo = int(k)
    hi = min(lo + 1, len(sorted_vals) - 1)
    return sorted_vals[lo] + (sorted_vals[hi] - sorted_vals[lo]) * (k - lo)


def _stat(pid: int) -> list[str]:
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rsplit(")", 1)[1].split()


def tree_cpu_seconds(root: int) -> float:
    """utime+stime of a process, its reaped children and its live descendants, seconds."""
    children: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                children.setdefault(int(_stat(int(d))[1]), []).append(int(d))
            except (FileNotFoundError, ProcessLookupError, IndexError):
                pass
    total = 0.0
    todo = [root]
    while todo:
        pid = todo.pop()
        try:
            s = _stat(pid)
        except (FileNotFoundError, ProcessLookupError):
            continue
        total += (int(s[11]) + int(s[12]) + int(s[13]) + int(s[14])) / CLK_TCK
        todo += children.get(pid, [])
    return total


def machine_busy_seconds() -> float:
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    idle = v[3] + (v[4] if len(v) > 4 else 0)
    return (sum(v[:8]) - idle) / CLK_TCK


def self_cpu_seconds() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def pressure_seconds() -> dict[str, float]:
    """Linux pressure-stall totals (PSI), seconds: time some task waited for CPU or for I/O."""
    out = {}
    for res in ("cpu", "io"):
        try:
            with open(f"/proc/pressure/{res}") as f:
                for line in f:
                    if line.startswith("some"):
                        out[f"psi_{res}"] = int(line.rsplit("total=", 1)[1]) / 1e6
        except (OSError, ValueError, IndexError):
            pass
    return out


def postmaster_pid() -> int | None:
    """The PostgreSQL postmaster on this machine (a 'postgres' process whose parent is not)."""
    comm: dict[int, tuple[str, int]] = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/comm") as f:
                    name = f.read().strip()
                comm[int(d)] = (name, int(_stat(int(d))[1]))
            except (FileNotFoundError, ProcessLookupError, IndexError):
                pass
    for pid, (name, ppid) in comm.items():
        if name == "postgres" and comm.get(ppid, ("", 0))[0] != "postgres":
            return pid
    return None


def wait_quiet(probe: CpuProbe | None, max_wait: float, threshold_pct: float = 10.0) -> float:
    """Wait (at most max_wait s) until the rest of the machine uses < threshold % of it.

    The machine is shared: another tenant's test run distorts every figure. Returns the
    last measured share of the box used by others (besides this client, the server under
    test and PostgreSQL), in percent.
    """
    deadline = time.monotonic() + max_wait
    ncpu = os.cpu_count() or 1
    while True:
        a = probe.snap() if probe else {"client": self_cpu_seconds(), "machine": machine_busy_seconds()}
        t0 = time.monotonic()
        time.sleep(1.0)
        b = probe.snap() if probe else {"client": self_cpu_seconds(), "machine": machine_busy_seconds()}
        ours = sum(b[k] - a.get(k, b[k]) for k in ("client", "server", "db") if k in b)
        other = 100 * ((b["machine"] - a["machine"]) - ours) / ((time.monotonic() - t0) * ncpu)
        if other < threshold_pct or time.monotonic() >= deadline or STOP.is_set():
            if other >= threshold_pct:
                print(f"# warning: the machine is busy ({other:.0f}% used by other processes); "
                      "measuring anyway", file=sys.stderr, flush=True)
            return other
        time.sleep(1.0)


@dataclass
class CpuProbe:
    server_pid: int
    db_pid: int | None

    def snap(self) -> dict[str, float]:
        s = {"client": self_cpu_seconds(), "machine": machine_busy_seconds(),
             "server": tree_cpu_seconds(self.server_pid), **pressure_seconds()}
        if self.db_pid:
            if not os.path.exists(f"/proc/{self.db_pid}"):  # PostgreSQL was restarted
                self.db_pid = postmaster_pid()
                print(f"# warning: PostgreSQL restarted (postmaster now {self.db_pid})",
                      file=sys.stderr, flush=True)
            if self.db_pid:
                s["db"] = tree_cpu_seconds(self.db_pid)
                s["db_pid"] = float(self.db_pid)
        return s


# --------------------------------------------------------------------------- tracking
class Tracker:
    """Arrival times (ns) of message/relay ids on one SSE stream, with waiters."""

    def __init__(self, kind: str, id_field: str) -> None:
        self.kind, self.id_field = kind, id_field
        self.arrivals: dict[int, int] = {}
        self.rooms: dict[int, int] = {}
        self.waiters: dict[int, asyncio.Future[int]] = {}
        self.other_events = 0
        self.bad = 0

    def on_event(self, t: int, ev_id: str, kind: str, data: str) -> None:
        if kind != self.kind:
            self.other_events += 1
            return
        try:
            payload = json.loads(data)["payload"]
            key = int(payload[self.id_field])
        except (ValueError, KeyError, TypeError):
            self.bad += 1
            return
        if key in self.arrivals:
            return
        self.arrivals[key] = t
        self.rooms[key] = payload.get("room_id")
        w = self.waiters.pop(key, None)
        if w is not None and not w.done():
            w.set_result(t)

    async def wait(self, key: int, timeout: float) -> int | None:
        if key in self.arrivals:
            return self.arrivals[key]
        fut = self.waiters.get(key)
        if fut is None:
            fut = self.waiters[key] = asyncio.get_running_loop().create_future()
        try:
            return await asyncio.wait_for(asyncio.shield(fut), timeout)
        except TimeoutError:
            return None

    async def wait_all(self, keys: list[int], deadline_ns: int) -> None:
        for k in keys:
            left = (deadline_ns - time.perf_counter_ns()) / 1e9
            if left <= 0:
                return
            await self.wait(k, left)


@dataclass
class Sent:
    key: int          # message id or relay id
    start: int        # ns, POST call started
    ack: int          # ns, 201 read
    room: int
    scheduled: int = 0  # paced: intended start (ns)


@dataclass
class PhaseResult:
    name: str
    sent: list[Sent] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    cpu: dict[str, float] = field(default_factory=dict)
    wall_s: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)

    def summary(self, tracker: Tracker) -> dict[str, Any]:
        lat: list[float] = []
        lost = 0
        last = 0
        for s in self.sent:
            t = tracker.arrivals.get(s.key)
            if t is None:
                lost += 1
                continue
            lat.append((t - s.start) / 1e6)
            last = max(last, t)
        lat.sort()
        ack = sorted((s.ack - s.start) / 1e6 for s in self.sent)
        n_ok = len(self.sent)
        first = min((s.start for s in self.sent), default=0)
        span = max(1e-9, (last - first) / 1e9)
        cpu = self.cpu
        srv = cpu.get("server", 0.0)
        db = cpu.get("db", 0.0)
        other = cpu.get("machine", 0.0) - srv - db - cpu.get("client", 0.0)
        out = {
            "phase": self.name, "sent_ok": n_ok, "send_errors": len(self.errors),
            "deliveries": len(lat), "lost": lost,
            "lat_ms": {"p50": pct(lat, 50), "p95": pct(lat, 95), "p99": pct(lat, 99),
                       "max": lat[-1] if lat else float("nan"),
                       "mean": sum(lat) / len(lat) if lat else float("nan")},
            "ack_ms": {"p50": pct(ack, 50), "p95": pct(ack, 95), "p99": pct(ack, 99)},
            "delivered_msgs_per_s": n_ok / span if n_ok and lat else 0.0,
            "wall_s": self.wall_s,
            "cpu_s": dict(cpu, other=other),
            "server_cpu_ms_per_msg": srv * 1000 / n_ok if n_ok else None,
            "db_cpu_ms_per_msg": db * 1000 / n_ok if n_ok and "db" in cpu else None,
            "client_cpu_ms_per_msg": cpu.get("client", 0.0) * 1000 / n_ok if n_ok else None,
            "client_cpu_pct_of_core": 100 * cpu.get("client", 0.0) / max(1e-9, self.wall_s),
            "server_cpu_pct_of_core": 100 * srv / max(1e-9, self.wall_s),
            "other_cpu_pct_of_box": 100 * other / max(1e-9, self.wall_s * (os.cpu_count() or 1)),
            # share of the phase's wall time during which some runnable task waited for a CPU,
            # or some task waited for I/O (fsync): Linux PSI "some"
            "cpu_pressure_pct": 100 * cpu["psi_cpu"] / max(1e-9, self.wall_s) if "psi_cpu" in cpu else None,
            "io_pressure_pct": 100 * cpu["psi_io"] / max(1e-9, self.wall_s) if "psi_io" in cpu else None,
            "errors_sample": self.errors[:5],
        }
        sched = sorted((s.start - s.scheduled) / 1e6 for s in self.sent if s.scheduled)
        if sched:
            out["schedule_lag_ms"] = {"p50": pct(sched, 50), "p99": pct(sched, 99),
                                      "max": sched[-1]}
            lat_sched = sorted((tracker.arrivals[s.key] - s.scheduled) / 1e6
                               for s in self.sent if s.key in tracker.arrivals)
            out["lat_from_schedule_ms"] = {"p50": pct(lat_sched, 50), "p99": pct(lat_sched, 99)}
        out.update(self.extra)
        return out


# --------------------------------------------------------------------------- the bench
BODY = ("wasit bench " + "x" * 120)[:120]  # same size as the anchor's message body


class Bench:
    def __init__(self, port: int, setup: dict[str, Any], probe: CpuProbe, args: argparse.Namespace):
        self.port = port
        self.setup = setup
        self.probe = probe
        self.args = args
        self.parties = setup["parties"]
        self.med_token = setup["mediator"]["token"]
        self.talks_id = setup["talks_id"]
        self.posted = Tracker("message.posted", "message_id")     # on the mediator's stream
        self.relayed = Tracker("message.relayed", "relay_id")     # on party 2's stream

    def stream(self, token: str, tracker: Tracker) -> SSEStream:
        return SSEStream(HOST, self.port, token, f"/api/v1/stream?talks={self.talks_id}",
                         tracker.on_event)

    async def post_message(self, conn: Conn, room: int) -> tuple[int, int, int]:
        start = time.perf_counter_ns()
        body = await conn.json("POST", f"/api/v1/rooms/{room}/messages",
                               {"text": BODY, "mediators_only": False}, expect=201)
        return int(body["id"]), start, time.perf_counter_ns()

    async def post_relay(self, conn: Conn, message_id: int, room: int) -> tuple[int, int, int]:
        start = time.perf_counter_ns()
        body = await conn.json("POST", f"/api/v1/messages/{message_id}/relay",
                               {"into": [room], "mode": "paraphrase",
                                "text": "In other words: " + BODY[:100], "attributed": False},
                               expect=201)
        return int(body["relays"][0]["id"]), start, time.perf_counter_ns()

    async def quiet(self) -> None:
        """Let the machine settle (other tenants' jobs) before a phase; bounded."""
        if self.args.quiet_wait > 0:
            await asyncio.to_thread(wait_quiet, self.probe, self.args.quiet_wait)

    def begin(self, name: str) -> tuple[PhaseResult, dict[str, float], int]:
        return PhaseResult(name), self.probe.snap(), time.perf_counter_ns()

    def end(self, res: PhaseResult, cpu0: dict[str, float], t0: int) -> None:
        cpu1 = self.probe.snap()
        res.cpu = {k: cpu1[k] - cpu0.get(k, 0.0) for k in cpu1 if k != "db_pid"}
        if cpu0.get("db_pid") != cpu1.get("db_pid"):  # restarted in between: no valid figure
            res.cpu.pop("db", None)
            res.errors.append("PostgreSQL restarted during the phase")
        res.wall_s = (time.perf_counter_ns() - t0) / 1e9

    async def _pingpong(self, name: str, n: int, token: str, room: int, tracker: Tracker,
                        send: Callable[[Conn, int], Awaitable[tuple[int, int, int]]]) -> PhaseResult:
        """Send, wait until it arrives on the other stream, send the next: unloaded latency."""
        conn = Conn(HOST, self.port, token)
        res, cpu0, t0 = self.begin(name)
        for i in range(n):
            try:
                key, start, ack = await send(conn, i)
            except (TimeoutError, HTTPError, OSError, EOFError) as e:
                res.errors.append(repr(e))
                if len(res.errors) > 20:
                    break
                continue
            res.sent.append(Sent(key, start, ack, room))
            if await tracker.wait(key, 10.0) is None:
                res.errors.append(f"{key} not delivered within 10 s")
                break
        self.end(res, cpu0, t0)
        conn.close()
        return res

    async def pingpong(self, name: str, n: int) -> PhaseResult:
        room = self.parties[0]["room_id"]
        return await self._pingpong(name, n, self.parties[0]["token"], room, self.posted,
                                    lambda conn, _i: self.post_message(conn, room))

    async def relay_pingpong(self, name: str, n: int, sources: list[int]) -> PhaseResult:
        room = self.parties[1]["room_id"]
        return await self._pingpong(
            name, n, self.med_token, room, self.relayed,
            lambda conn, i: self.post_relay(conn, sources[i % len(sources)], room))

    async def closed(self, name: str, duration: float) -> PhaseResult:
        conns = [Conn(HOST, self.port, p["token"]) for p in self.parties[:ROOMS]]
        for c in conns:
            await c.connect()
        res, cpu0, t0 = self.begin(name)
        stop_at = t0 + int(duration * 1e9)

        async def sender(conn: Conn, room: int) -> None:
            while time.perf_counter_ns() < stop_at and len(res.errors) <= 50:
                try:
                    key, start, ack = await self.post_message(conn, room)
                except (TimeoutError, HTTPError, OSError, EOFError) as e:
                    res.errors.append(repr(e))
                    continue
                res.sent.append(Sent(key, start, ack, room))

        await asyncio.gather(*(sender(c, p["room_id"]) for c, p in zip(conns, self.parties, strict=False)))
        await self.posted.wait_all([s.key for s in res.sent], time.perf_counter_ns() + int(15e9))
        self.end(res, cpu0, t0)
        for c in conns:
            c.close()
        return res

    async def paced(self, name: str, rate: float, duration: float) -> PhaseResult:
        parties = self.parties[:ROOMS]
        pools = [Pool(HOST, self.port, p["token"]) for p in parties]
        # open one connection per room ahead of time, as the closed loop does
        for pool in pools:
            c = await pool.acquire()
            await c.connect()
            await pool.release(c)
        n = max(1, int(rate * duration))
        interval = 1e9 / rate
        res, cpu0, t0 = self.begin(name)
        first = time.perf_counter_ns() + 20_000_000
        tasks = []

        async def send(i: int, scheduled: int) -> None:
            pool, room = pools[i % len(pools)], parties[i % len(pools)]["room_id"]
            conn = await pool.acquire()
            try:
                key, start, ack = await self.post_message(conn, room)
                res.sent.append(Sent(key, start, ack, room, scheduled))
            except (TimeoutError, HTTPError, OSError, EOFError) as e:
                res.errors.append(repr(e))
            finally:
                await pool.release(conn)

        for i in range(n):
            scheduled = first + int(i * interval)
            delay = (scheduled - time.perf_counter_ns()) / 1e9
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(send(i, scheduled)))
        await asyncio.gather(*tasks)
        await self.posted.wait_all([s.key for s in res.sent], time.perf_counter_ns() + int(15e9))
        self.end(res, cpu0, t0)
        res.extra["target_rate"] = rate
        res.extra["peak_connections"] = max(p.peak_busy for p in pools)
        for p in pools:
            p.close()
        return res

    async def open_crowd(self, n: int) -> tuple[list[SSEStream], dict[str, int]]:
        """N idle streams of the observers, opened 100 at a time; returns them and what they got."""
        observers = self.setup["observers"]
        if not observers:
            raise SystemExit("--crowd needs observers from relay_setup.py --observers")
        seen = {"events": 0}

        def on_event(_t: int, ev_id: str, _kind: str, _data: str) -> None:
            if ev_id:  # not the `retry:` frame
                seen["events"] += 1

        streams = []
        for i in range(n):
            o = observers[i % len(observers)]
            path = f"/api/v1/stream?talks={o['talks_id']}" if i % 2 else "/api/v1/stream"
            streams.append(SSEStream(HOST, self.port, o["token"], path, on_event))
        for first in range(0, n, 100):
            batch = streams[first:first + 100]
            for st in batch:
                st.start()
            await asyncio.wait_for(asyncio.gather(*(st.connected.wait() for st in batch)), 60)
        return streams, seen

    async def crowd_phases(self, n: int, show: Callable[[PhaseResult], dict[str, Any]]) -> dict[str, Any]:
        a = self.args
        out: dict[str, Any] = {"crowd_streams": n}
        await self.quiet()
        out["closed"] = show(await self.closed("closed", a.duration))
        t0 = time.perf_counter()
        streams, seen = await self.open_crowd(n)
        out["crowd_open_s"] = time.perf_counter() - t0
        await asyncio.sleep(1.0)
        await self.quiet()
        out["crowd"] = show(await self.closed("crowd", a.duration))
        out["crowd_events"] = seen["events"]
        out["crowd_reconnects"] = sum(st.reconnects for st in streams)
        out["crowd_errors"] = sum(1 for st in streams if st.error is not None)
        t0 = time.perf_counter()
        await asyncio.gather(*(st.stop() for st in streams))
        out["crowd_close_s"] = time.perf_counter() - t0
        await asyncio.sleep(1.0)  # the server sees the disconnects and unsubscribes
        await self.quiet()
        out["after"] = show(await self.closed("after", a.duration))
        return out

    async def run(self) -> dict[str, Any]:
        a = self.args
        task = asyncio.current_task()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):  # cancel cleanly: the server gets stopped
            loop.add_signal_handler(sig, lambda: (STOP.set(), task.cancel() if task else None))
        med = self.stream(self.med_token, self.posted)
        p2 = self.stream(self.parties[1]["token"], self.relayed)
        med.start()
        p2.start()
        await asyncio.wait_for(asyncio.gather(med.connected.wait(), p2.connected.wait()), 30)
        await asyncio.sleep(0.2)
        out: dict[str, Any] = {}

        def show(r: PhaseResult, tracker: Tracker) -> dict[str, Any]:
            s = r.summary(tracker)
            print(fmt_row(s), flush=True)
            if a.timeline:
                write_timeline(Path(a.timeline), r, tracker)
            if s["errors_sample"]:
                print("  errors:", s["errors_sample"], file=sys.stderr, flush=True)
            return s

        print(HEADER, flush=True)
        show(await self.pingpong("warmup", a.warmup), self.posted)
        if a.crowd:
            out.update(await self.crowd_phases(a.crowd, lambda r: show(r, self.posted)))
            await med.stop()
            await p2.stop()
            return out
        await self.quiet()
        pp = await self.pingpong("pingpong", a.messages)
        out["pingpong"] = show(pp, self.posted)
        sources = [s.key for s in pp.sent] or [0]
        show(await self.relay_pingpong("relay-wu", min(a.warmup, 20), sources), self.relayed)
        await self.quiet()
        out["relay"] = show(await self.relay_pingpong("relay", a.messages, sources), self.relayed)
        await self.quiet()
        out["closed"] = show(await self.closed("closed", a.duration), self.posted)
        rate = out["closed"]["delivered_msgs_per_s"] / 2
        out["paced"] = []
        if rate > 0:
            for i in range(a.paced_runs):
                await self.quiet()
                r = await self.paced(f"paced{i + 1}", rate, a.paced_duration)
                out["paced"].append(show(r, self.posted))
        out["streams"] = {
            "mediator": {"events": med.events, "keepalives": med.keepalives,
                         "reconnects": med.reconnects, "error": repr(med.error) if med.error else None,
                         "other_kinds": self.posted.other_events, "unparsed": self.posted.bad},
            "party2": {"events": p2.events, "keepalives": p2.keepalives,
                       "reconnects": p2.reconnects, "error": repr(p2.error) if p2.error else None,
                       "other_kinds": self.relayed.other_events, "unparsed": self.relayed.bad},
        }
        await med.stop()
        await p2.stop()
        return out


def write_timeline(folder: Path, r: PhaseResult, tracker: Tracker) -> None:
    """One CSV per phase: when each message started, its acknowledgement and arrival (ms)."""
    folder.mkdir(parents=True, exist_ok=True)
    t0 = min((s.start for s in r.sent), default=0)
    lines = ["start_ms,ack_ms,latency_ms"]
    for s in sorted(r.sent, key=lambda s: s.start):
        t = tracker.arrivals.get(s.key)
        lat = f"{(t - s.start) / 1e6:.3f}" if t is not None else ""
        lines.append(f"{(s.start - t0) / 1e6:.3f},{(s.ack - s.start) / 1e6:.3f},{lat}")
    (folder / f"{r.name}.csv").write_text("\n".join(lines) + "\n")


HEADER = (f"{'phase':<9} {'sent':>6} {'lost':>4} {'p50ms':>7} {'p95ms':>7} {'p99ms':>7} "
          f"{'maxms':>7} {'ackp50':>7} {'ackp99':>7} {'deliv/s':>8} {'srvCPU':>7} {'dbCPU':>6} "
          f"{'cliCPU':>6} {'cli%':>5} {'srv%':>5} {'other%':>6} {'cpuPSI%':>7} {'ioPSI%':>6}")


def fmt_row(r: dict[str, Any]) -> str:
    lat, ack = r["lat_ms"], r["ack_ms"]

    def f(v: float | None, w: int, d: int = 2) -> str:
        return f"{v:>{w}.{d}f}" if v is not None else " " * (w - 3) + "n/a"

    return (f"{r['phase']:<9} {r['sent_ok']:>6} {r['lost']:>4} {lat['p50']:>7.2f} "
            f"{lat['p95']:>7.2f} {lat['p99']:>7.2f} {lat['max']:>7.2f} {ack['p50']:>7.2f} "
            f"{ack['p99']:>7.2f} {r['delivered_msgs_per_s']:>8.1f} "
            f"{f(r['server_cpu_ms_per_msg'], 7)} {f(r['db_cpu_ms_per_msg'], 6)} "
            f"{f(r['client_cpu_ms_per_msg'], 6)} {r['client_cpu_pct_of_core']:>5.0f} "
            f"{r['server_cpu_pct_of_core']:>5.0f} {r['other_cpu_pct_of_box']:>6.1f} "
            f"{f(r.get('cpu_pressure_pct'), 7, 1)} {f(r.get('io_pressure_pct'), 6, 1)}")


# --------------------------------------------------------------------------- processes
def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def psql(sql: str) -> str:
    return subprocess.run(PG_ADMIN + ["-c", sql], check=True, capture_output=True,
                          text=True, timeout=60).stdout.strip()


def wait_listening(port: int, proc: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            with socket.create_connection((HOST, port), timeout=1) as s:
                s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                if s.recv(12).startswith(b"HTTP/1."):
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"server not answering on port {port} after {timeout:.0f} s")


def run_wasit(db: str, args: argparse.Namespace) -> dict[str, Any]:
    data_dir = Path(tempfile.mkdtemp(prefix=f"wasit-relay-{db}-"))
    env = dict(os.environ, WASIT_DATA_DIR=str(data_dir), WASIT_LOG_LEVEL="WARNING")
    env.pop("DATABASE_URL", None)
    env.pop("WASIT_DEBUG", None)
    if db == "postgres":
        env["DATABASE_URL"] = PG_URL
        psql(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
        psql(f"CREATE DATABASE {PG_DB} ENCODING 'UTF8' TEMPLATE template0")
    proc: subprocess.Popen[bytes] | None = None
    log_path = data_dir / "server.log"
    try:
        print(f"== Wasit on {db}: migrate, set up {ROOMS} parties, serve", file=sys.stderr,
              flush=True)
        subprocess.run([str(VENV_BIN / "wasit"), "migrate", "-v", "0"], env=env, check=True,
                       cwd=REPO_ROOT, timeout=600, stdout=subprocess.DEVNULL)
        setup_out = subprocess.run([str(VENV_BIN / "python"), str(REPO_ROOT / "bench" / "relay_setup.py"),
                                    "--rooms", str(ROOMS),
                                    "--observers", str(args.crowd_users if args.crowd else 0)],
                                   env=env, check=True, cwd=REPO_ROOT,
                                   timeout=600, capture_output=True, text=True)
        setup = json.loads(setup_out.stdout.strip().splitlines()[-1])
        port = args.port or free_port()
        log = open(log_path, "wb")
        proc = subprocess.Popen([str(VENV_BIN / "wasit"), "serve", "--port", str(port)], env=env,
                                cwd=REPO_ROOT, stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL)
        wait_listening(port, proc)
        probe = CpuProbe(proc.pid, postmaster_pid() if db == "postgres" else None)
        print(f"# wasit-{db} server pid {proc.pid} port {port} talks {setup['talks_id']} "
              f"rooms {ROOMS} body {len(BODY)}B", flush=True)
        bench = Bench(port, setup, probe, args)
        result = run_async(bench.run())
        result["server_pid"] = proc.pid
        return result
    finally:
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
        if proc is not None:
            tail = log_path.read_text(errors="replace").strip().splitlines()[-15:]
            if any("Traceback" in line or "ERROR" in line for line in tail):
                print("server log tail:\n  " + "\n  ".join(tail), file=sys.stderr)
        if db == "postgres" and not args.keep:
            try:
                psql(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
            except subprocess.SubprocessError as e:
                print(f"warning: could not drop {PG_DB}: {e}", file=sys.stderr)
        if not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)
        else:
            print(f"kept {data_dir}", file=sys.stderr)


def run_async(coro: Any) -> Any:
    try:
        import uvloop  # the client's event loop: the lower its overhead, the truer the numbers

        return uvloop.run(coro)
    except ImportError:
        return asyncio.run(coro)


def run_synapse(db: str, args: argparse.Namespace) -> dict[str, Any]:
    if args.quiet_wait > 0:
        wait_quiet(None, args.quiet_wait)
    print(f"== Synapse on {db}: {SYNAPSE_RUN} {db}", file=sys.stderr, flush=True)
    extra = ["-n", str(args.synapse_n)] if args.synapse_n else []
    proc = subprocess.run([str(SYNAPSE_RUN), db, *extra], capture_output=True, text=True,
                          timeout=1800)
    out = proc.stdout
    for line in out.splitlines():
        if not line.startswith("results:"):
            print("  " + line, flush=True)
    m = re.search(r"^results: (\S+)$", out, re.M)
    if proc.returncode != 0 or not m:
        raise RuntimeError(f"Synapse anchor failed ({proc.returncode}):\n{out[-2000:]}\n"
                           f"{proc.stderr[-2000:]}")
    data = json.loads(Path(m.group(1)).read_text())
    data["json_path"] = m.group(1)
    data["phases"] = {r["phase"]: r for r in data["results"]}
    return data


# --------------------------------------------------------------------------- report
def ms(v: float) -> str:
    return f"{v:.1f}" if v >= 10 else f"{v:.2f}"


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def compare_rows(db: str, w: dict[str, Any], s: dict[str, Any] | None) -> tuple[list[str], list[str]]:
    rows: list[str] = []
    missed: list[str] = []
    sp = s["phases"] if s else {}
    spp, sc = sp.get("pingpong"), sp.get("c16")

    def row(measure: str, syn: str, was: str, ratio: str, target: str, ok: bool | None) -> None:
        res = "—" if ok is None else verdict(ok)
        rows.append(f"| {db} | {measure} | {syn} | {was} | {ratio} | {target} | {res} |")
        if ok is False:
            missed.append(f"{db}: {measure}: {was} (target {target})")

    for key, label in (("pingpong", "ping-pong party→mediator"), ("relay", "relay ping-pong mediator→party")):
        r = w[key]
        p50, p99 = r["lat_ms"]["p50"], r["lat_ms"]["p99"]
        if spp:
            sp50 = spp["lat_ms"]["p50"]
            row(f"{label}: p50 ms", ms(sp50), ms(p50), f"{sp50 / p50:.1f}× faster",
                f"≤ {ms(sp50 * UNLOADED_P50_FRACTION)} (Synapse ÷ 5)", p50 <= sp50 * UNLOADED_P50_FRACTION)
        else:
            row(f"{label}: p50 ms", "—", ms(p50), "—", "≤ Synapse ÷ 5", None)
        row(f"{label}: p99 ms", ms(spp["lat_ms"]["p99"]) if spp else "—", ms(p99),
            f"{spp['lat_ms']['p99'] / p99:.1f}× faster" if spp else "—", f"≤ {UNLOADED_P99_MS:g}",
            p99 <= UNLOADED_P99_MS)
    c = w["closed"]
    rate, p99 = c["delivered_msgs_per_s"], c["lat_ms"]["p99"]
    if sc:
        srate = sc["delivered_msgs_per_s"]
        row("16 senders / 16 rooms: delivered msg/s", f"{srate:.0f}", f"{rate:.0f}",
            f"{rate / srate:.1f}×", f"≥ {srate * CLOSED_RATE_FACTOR:.0f} (Synapse × 10)",
            rate >= srate * CLOSED_RATE_FACTOR)
    else:
        row("16 senders / 16 rooms: delivered msg/s", "—", f"{rate:.0f}", "—", "≥ Synapse × 10", None)
    row("16 senders / 16 rooms: p99 ms", ms(sc["lat_ms"]["p99"]) if sc else "—", ms(p99),
        f"{sc['lat_ms']['p99'] / p99:.1f}× faster" if sc else "—", f"≤ {CLOSED_P99_MS:g}",
        p99 <= CLOSED_P99_MS)
    runs = w["paced"]
    if runs:
        p99s = [r["lat_ms"]["p99"] for r in runs]
        worst = max(p99s)
        row(f"paced at {runs[0]['target_rate']:.0f} msg/s ({len(runs)} runs): worst p99 ms", "—",
            f"{ms(worst)} (runs: {', '.join(ms(x) for x in p99s)})", "—",
            f"≤ {PACED_P99_MS:g} in every run", all(x <= PACED_P99_MS for x in p99s))
    else:
        row("paced: worst p99 ms", "—", "not run", "—", f"≤ {PACED_P99_MS:g}", False)
    if spp:
        row("server CPU ms/msg (ping-pong)", f"{spp['server_cpu_ms_per_msg']:.2f}",
            f"{w['pingpong']['server_cpu_ms_per_msg']:.2f}",
            f"{spp['server_cpu_ms_per_msg'] / max(1e-9, w['pingpong']['server_cpu_ms_per_msg']):.1f}× less",
            "—", None)
    if sc:
        row("server CPU ms/msg (16 senders)", f"{sc['server_cpu_ms_per_msg']:.2f}",
            f"{c['server_cpu_ms_per_msg']:.2f}",
            f"{sc['server_cpu_ms_per_msg'] / max(1e-9, c['server_cpu_ms_per_msg']):.1f}× less",
            "—", None)
    return rows, missed


def detail_rows(db: str, w: dict[str, Any]) -> list[str]:
    rows = []
    for r in [w["pingpong"], w["relay"], w["closed"], *w["paced"]]:
        lat, a = r["lat_ms"], r["ack_ms"]
        dbc = r["db_cpu_ms_per_msg"]
        rows.append(
            f"| {db} | {r['phase']} | {r['sent_ok']} | {r['lost']} | {ms(lat['p50'])} | {ms(lat['p95'])} "
            f"| {ms(lat['p99'])} | {ms(lat['max'])} | {ms(a['p50'])} | {r['delivered_msgs_per_s']:.0f} "
            f"| {r['server_cpu_ms_per_msg']:.2f} | {'—' if dbc is None else f'{dbc:.2f}'} "
            f"| {r['client_cpu_ms_per_msg']:.2f} | {r['client_cpu_pct_of_core']:.0f} "
            f"| {r['other_cpu_pct_of_box']:.1f} | {_pct_cell(r.get('cpu_pressure_pct'))} "
            f"| {_pct_cell(r.get('io_pressure_pct'))} |")
    return rows


def _pct_cell(v: float | None) -> str:
    return "—" if v is None else f"{v:.0f}"


def synapse_rows(db: str, s: dict[str, Any]) -> list[str]:
    rows = []
    for name in ("pingpong", "seq", "c16"):
        r = s["phases"].get(name)
        if not r:
            continue
        lat = r["lat_ms"]
        rows.append(f"| {db} | {name} | {r['sent_ok']} | {r['lost']} | {ms(lat['p50'])} | {ms(lat['p95'])} "
                    f"| {ms(lat['p99'])} | {ms(lat['max'])} | {ms(r['ack_ms']['p50'])} "
                    f"| {r['delivered_msgs_per_s']:.0f} | {r['server_cpu_ms_per_msg']:.2f} "
                    f"| {r['cpu_s'].get('client', 0) * 1000 / max(1, r['sent_ok']):.2f} "
                    f"| {r.get('other_cpu_pct_of_box', float('nan')):.1f} |")
    return rows


def machine_facts(dbs: list[str], synapse: dict[str, Any], measured: str = "") -> list[str]:
    cpu = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                mem = f", {int(line.split()[1]) / 1024 / 1024:.0f} GiB RAM"
    except OSError:
        pass

    def ver(cmd: list[str]) -> str:
        try:
            return subprocess.run(cmd, capture_output=True, text=True, timeout=60).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return "?"

    venv_py = str(VENV_BIN / "python")
    vers = ver([venv_py, "-c", "import django, uvicorn, sqlite3, platform; "
                "print(platform.python_version(), django.get_version(), uvicorn.__version__, "
                "sqlite3.sqlite_version)"]).split()
    facts = [f"- CPU: {cpu} ({os.cpu_count()} logical cores){mem}; Linux {platform.release()}",
             f"- Wasit: Python {vers[0] if vers else '?'}, Django {vers[1] if len(vers) > 1 else '?'}, "
             f"uvicorn {vers[2] if len(vers) > 2 else '?'} (one process, `wasit serve`), "
             f"SQLite {vers[3] if len(vers) > 3 else '?'}"]
    if "postgres" in dbs:
        facts.append(f"- PostgreSQL {ver(PG_ADMIN + ['-c', 'SHOW server_version'])} on 127.0.0.1 "
                     "(same machine)")
    if synapse:
        sv = ver([str(SYNAPSE_PY), "-c", "import synapse; print(synapse.__version__)"])
        facts.append(f"- Synapse {sv} (its own virtualenv, /tmp/synapse-venv), started and measured "
                     "by `../shared/anchors/synapse/run.sh` in the same run")
    facts.append(f"- Client: this script, Python asyncio{' + uvloop' if _has_uvloop() else ''}, "
                 "raw HTTP/1.1 keep-alive and SSE parsing, in one process on the same machine")
    facts.append(f"- Measured {measured or time.strftime('%Y-%m-%d %H:%M %Z')}")
    return facts


def _has_uvloop() -> bool:
    try:
        import uvloop  # noqa: F401

        return True
    except ImportError:
        return False


def report(args: argparse.Namespace, dbs: list[str], wasit: dict[str, Any],
           synapse: dict[str, Any], command: str, facts: list[str]) -> tuple[str, list[str]]:
    comp = ["| database | measure | Synapse | Wasit | Wasit vs Synapse | target | result |",
            "|---|---|---:|---:|---:|---|---|"]
    missed: list[str] = []
    for db in dbs:
        rows, m = compare_rows(db, wasit[db], synapse.get(db))
        comp += rows
        missed += m
    det = ["| database | phase | messages | lost | p50 ms | p95 ms | p99 ms | max ms | ack p50 ms "
           "| delivered msg/s | server CPU ms/msg | PostgreSQL CPU ms/msg | client CPU ms/msg "
           "| client CPU % of a core | other CPU % of box | CPU pressure % | I/O pressure % |",
           "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for db in dbs:
        det += detail_rows(db, wasit[db])
    syn = []
    if synapse:
        syn = ["| database | phase | messages | lost | p50 ms | p95 ms | p99 ms | max ms | ack p50 ms "
               "| delivered msg/s | server CPU ms/msg | client CPU ms/msg | other CPU % of box |",
               "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for db in dbs:
            if db in synapse:
                syn += synapse_rows(db, synapse[db])
    quick = " (`--quick`: short smoke-test durations, not the reference figures)" if args.quick else ""
    busy = [f"Wasit {db} {r['phase']} ({r['other_cpu_pct_of_box']:.0f}%)" for db in dbs
            for r in [wasit[db]["pingpong"], wasit[db]["relay"], wasit[db]["closed"], *wasit[db]["paced"]]
            if r["other_cpu_pct_of_box"] > 10]
    busy += [f"Synapse {db} {r['phase']} ({r.get('other_cpu_pct_of_box', 0):.0f}%)" for db in dbs
             if db in synapse for r in synapse[db]["results"]
             if r.get("other_cpu_pct_of_box", 0) > 10 and not (db == "postgres")]
    busy_note = ("Measured while other processes used more than 10% of the machine (shared "
                 "box; figures there are pessimistic): " + "; ".join(busy) + ".") if busy else (
                 "No phase ran while other processes used more than 10% of the machine "
                 "(PostgreSQL's own CPU counts as \"other\" in Synapse's JSON).")
    md = [
        SECTION, "",
        "Live delivery of a message, end to end over HTTP, Wasit against Matrix Synapse (a widely "
        "used Python messaging server) on the same machine in the same run. "
        "Wasit: a party POSTs into its caucus room (`POST /api/v1/rooms/{id}/messages`) and the "
        "mediator's open `GET /api/v1/stream` (Server-Sent Events) receives it; a relay is the "
        "mediator's `POST /api/v1/messages/{id}/relay` (paraphrase) into another party's room, "
        "received on that party's stream. Synapse: `PUT /send` into a private room, received by "
        "a `/sync` long-poll (the anchor in `../shared/anchors/synapse/`, unmodified). "
        "Latency = arrival of the event at the receiving client − start of the sending call, one "
        "monotonic clock, percentiles with linear interpolation, the same definitions for both. "
        f"Wasit: {args.warmup} warm-up messages, then ping-pong and relay ping-pong "
        f"{args.messages} messages each; 16 parties each sending into their own room as soon as "
        f"the previous message is acknowledged, {args.duration:g} s; then open-loop at half that "
        f"rate over the 16 rooms, {args.paced_duration:g} s, {args.paced_runs} runs. Synapse: "
        "30 warm-up, then 500 messages per phase; its `c16` is 16 concurrent senders spread over "
        "16 rooms with one receiver in all of them. Server CPU = the server process's user+system "
        "time over the phase ÷ messages (for PostgreSQL, the database's own CPU is a separate "
        "column for Wasit and not counted for Synapse)." + quick, "",
        f"Reproduce from the repository root: `{command}`", "",
        *facts, "",
        *comp, "",
        "All targets met." if not missed else "Targets missed:\n" + "\n".join(f"- {m}" for m in missed),
        "", busy_note, "",
        "Wasit, every phase (CPU / I/O pressure: Linux PSI \"some\", the share of the "
        "phase's wall time during which some task on the machine waited for a CPU / for I/O "
        "such as an fsync; high values mean the machine, not only the server, set the pace):",
        "", *det, "",
    ]
    if syn:
        md += ["Synapse, every phase (from its JSON):", "", *syn, ""]
    if args.notes:
        try:
            from relay_notes import NOTES  # analysis kept next to the script, refreshed by hand
        except ImportError:
            NOTES = ""
        if NOTES.strip():
            md += [NOTES.strip(), ""]
    return "\n".join(md), missed


def crowd_report(args: argparse.Namespace, dbs: list[str], wasit: dict[str, Any], command: str,
                 facts: list[str]) -> tuple[str, list[str]]:
    rows = ["| database | phase | open streams | messages | lost | p50 ms | p99 ms | delivered msg/s "
            "| vs closed: msg/s | vs closed: p99 | server CPU ms/msg | other CPU % of box | target | result |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"]
    missed: list[str] = []
    lines: list[str] = []
    for db in dbs:
        w = wasit[db]
        base = w["closed"]
        for key, streams in (("closed", 0), ("crowd", w["crowd_streams"]), ("after", 0)):
            r = w[key]
            rate, p99 = r["delivered_msgs_per_s"], r["lat_ms"]["p99"]
            d_rate = rate / base["delivered_msgs_per_s"] - 1 if base["delivered_msgs_per_s"] else float("nan")
            d_p99 = p99 / base["lat_ms"]["p99"] - 1 if base["lat_ms"]["p99"] else float("nan")
            if key == "closed":
                target, res = "baseline", "—"
            else:
                ok = d_rate >= -CROWD_TOLERANCE and d_p99 <= CROWD_TOLERANCE and r["lost"] == 0
                target, res = f"within {CROWD_TOLERANCE:.0%} of closed", verdict(ok)
                if not ok:
                    missed.append(f"{db} {key}: {rate:.0f} msg/s ({d_rate:+.0%}), p99 {ms(p99)} ms ({d_p99:+.0%})")
            rows.append(
                f"| {db} | {key} | {streams} | {r['sent_ok']} | {r['lost']} | {ms(r['lat_ms']['p50'])} "
                f"| {ms(p99)} | {rate:.0f} | {'—' if key == 'closed' else f'{d_rate:+.0%}'} "
                f"| {'—' if key == 'closed' else f'{d_p99:+.0%}'} | {r['server_cpu_ms_per_msg']:.2f} "
                f"| {r['other_cpu_pct_of_box']:.1f} | {target} | {res} |")
        lines.append(
            f"- {db}: {w['crowd_streams']} streams of {args.crowd_users} observers opened in "
            f"{w['crowd_open_s']:.1f} s and closed in {w['crowd_close_s']:.1f} s; they received "
            f"{w['crowd_events']} events (none is theirs to see), {w['crowd_reconnects']} reconnects, "
            f"{w['crowd_errors']} with an error.")
    md = [
        CROWD_SECTION, "",
        f"What open streams cost the relay path. The closed loop of the section above (16 parties, "
        f"each posting into its own room as soon as the previous post is acknowledged, the "
        f"mediator's stream receiving all 16 rooms; {args.duration:g} s per phase), three times in "
        f"one server: `closed` without other streams, `crowd` with {args.crowd:,} idle streams of "
        f"other users open beside it ({args.crowd_users} observers who never post, half seated in "
        "the same talks in parties of their own, half in other talks; half of the streams "
        "filtered to their talks, half not), and `after` once those streams were closed again. "
        "Target: throughput and p99 in `crowd` and `after` within 20% of `closed`.", "",
        f"Reproduce from the repository root: `{command}`", "",
        *facts, "",
        *rows, "",
        *lines, "",
        "All targets met." if not missed else "Targets missed:\n" + "\n".join(f"- {m}" for m in missed),
        "",
    ]
    return "\n".join(md), missed


def write_docs(markdown: str, section: str = SECTION) -> None:
    text = DOCS.read_text() if DOCS.exists() else "# Benchmarks\n"
    start = text.find(section + "\n")
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + markdown
    else:
        end = text.find("\n## ", start + len(section))
        text = text[:start] + markdown.rstrip("\n") + "\n" + ("" if end == -1 else text[end:])
    DOCS.write_text(text.rstrip("\n") + "\n")


def _interrupt(signum: int, _frame: Any) -> None:
    STOP.set()
    raise KeyboardInterrupt(f"signal {signum}")


def main(argv: list[str]) -> int:
    signal.signal(signal.SIGTERM, _interrupt)  # outside the event loop: clean up via finally
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    ap.add_argument("--skip-synapse", action="store_true", help="measure Wasit only")
    ap.add_argument("--duration", type=float, help="closed-loop phase, seconds (default 20)")
    ap.add_argument("--paced-duration", type=float, help="each paced run, seconds (default 10)")
    ap.add_argument("--paced-runs", type=int, default=5)
    ap.add_argument("-n", "--messages", type=int, help="ping-pong messages (default 500)")
    ap.add_argument("--warmup", type=int, default=30, help="warm-up ping-pong messages")
    ap.add_argument("--quick", action="store_true",
                    help="smoke test: 100 ping-pong messages, 3 s closed loop, 5 x 2 s paced, "
                         "Synapse with -n 100")
    ap.add_argument("--synapse-n", type=int, default=0, help="messages per Synapse phase (default 500)")
    ap.add_argument("--port", type=int, default=0, help="Wasit port (default: a free one)")
    ap.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks.md")
    ap.add_argument("--json-out", help="write all raw results here")
    ap.add_argument("--timeline", metavar="DIR",
                    help="write each phase's per-message start, ack and latency to DIR/<phase>.csv")
    ap.add_argument("--no-notes", dest="notes", action="store_false",
                    help="leave out the analysis in bench/relay_notes.py")
    ap.add_argument("--quiet-wait", type=float, default=180.0,
                    help="before each phase wait up to this many seconds for other processes "
                         "to leave the machine (< 10%% busy); 0: do not wait")
    ap.add_argument("--from-json", help="re-render the report of a run saved with --json-out")
    ap.add_argument("--keep", action="store_true", help="keep the data folder and database")
    ap.add_argument("--crowd", type=int, default=0, metavar="N",
                    help="instead of the usual phases: the closed loop without, with and after N "
                         "idle streams of other users (Wasit only; its own docs section)")
    ap.add_argument("--crowd-users", type=int, default=100,
                    help="distinct observers behind the crowd's streams (default 100)")
    args = ap.parse_args(argv)
    if args.crowd:
        args.skip_synapse = True
    # --quick: short defaults for a smoke test; explicit values still win
    for name, full, quick in (("messages", 500, 100), ("duration", 20.0, 3.0),
                              ("paced_duration", 10.0, 2.0)):
        if getattr(args, name) is None:
            setattr(args, name, quick if args.quick else full)
    if args.quick:
        args.synapse_n = args.synapse_n or 100
    ensure_loopback(HOST)
    if args.from_json:  # re-render a saved run (e.g. after editing relay_notes.py)
        saved = json.loads(Path(args.from_json).read_text())
        wasit, synapse, command = saved["wasit"], saved["synapse"], saved["command"]
        measured = time.strftime("%Y-%m-%d %H:%M %Z", time.localtime(Path(args.from_json).stat().st_mtime))
        facts = saved.get("facts") or machine_facts(list(wasit), synapse, measured)
        notes, write, out = args.notes, not args.no_write, args.json_out
        args = argparse.Namespace(**saved["args"])
        args.notes, args.no_write, args.json_out = notes, not write, out
        dbs = list(wasit)
    else:
        dbs = ["sqlite", "postgres"] if args.db == "both" else [args.db]
        shown, skip = [], False
        for a in argv:  # the reproducing command, without where this run saved its output
            if skip or a.startswith(("--json-out", "--timeline")):
                skip = a in ("--json-out", "--timeline")
                continue
            shown.append(a)
        command = " ".join([".venv/bin/python bench/relay.py", *shown])
        wasit = {}
        synapse = {}
        for db in dbs:
            wasit[db] = run_wasit(db, args)
            if not args.skip_synapse:
                synapse[db] = run_synapse(db, args)
        facts = machine_facts(dbs, synapse)
    if args.crowd:
        md, missed = crowd_report(args, dbs, wasit, command.strip(), facts)
    else:
        md, missed = report(args, dbs, wasit, synapse, command.strip(), facts)
    print()
    print(md)
    if args.json_out:
        Path(args.json_out).write_text(json.dumps({"args": vars(args), "command": command, "facts": facts,
                                                   "wasit": wasit, "synapse": synapse},
                                                  indent=1, default=str))
    if not args.no_write:
        write_docs(md, CROWD_SECTION if args.crowd else SECTION)
        print(f"updated {DOCS.relative_to(REPO_ROOT)}", file=sys.stderr)
    return 0 if not missed else 1


if __name__ == "__main__":
    try:
        raise SystemExit(main(sys.argv[1:]))
    except (KeyboardInterrupt, asyncio.CancelledError):
        print("interrupted; the server was stopped and its data removed", file=sys.stderr)
        raise SystemExit(130) from None
