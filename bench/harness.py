"""What the benchmarks share: load generator processes, latency statistics, CPU and memory per process, tables.

- `run_load(spec, ...)` starts load generator processes (spawned, so they share nothing with the
  caller) that run `concurrency` closed loops for a warm-up and then a measured window, all on
  the same wall-clock boundaries, and reads the CPU time of the given processes from `/proc` at
  the window's edges. A loop is one keep-alive HTTP/1.1 connection (or one gRPC channel) that
  does one "iteration" after another; an iteration is one request, or a short fixed sequence
  (authorize then token) counted as one.
- What an iteration is comes from a picklable `spec` dict (`bench/load_specs.py`), and the loops
  (`bench/load_loops.py`, over the minimal HTTP/1.1 client of `bench/raw_http.py`) run in the load
  processes of `bench/loadgen.py`.
- `Postgres` makes a fresh database for one run; `prism_processes` names the suite's processes;
  `markdown_table` renders results.
"""

from __future__ import annotations

import base64
import contextlib
import math
import multiprocessing
import os
import platform
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote_plus

from bench.loadgen import MAX_ERROR_MESSAGES, SAMPLES_PER_WORKER, _worker

OTHER = "other (not this benchmark)"
LOAD_GENERATOR = "load generator"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def basic_authorization(client_id: str, secret: str) -> str:
    """client_secret_basic as RFC 6749 §2.3.1 says: each part form-encoded, then HTTP Basic."""
    return "Basic " + base64.b64encode(f"{quote_plus(client_id)}:{quote_plus(secret)}".encode()).decode()


# --- /proc ----------------------------------------------------------------------------------------------------


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process (every thread) so far; None once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def rss_mib(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def machine_busy_seconds() -> float | None:
    """CPU time all cores spent on anything but idling, from /proc/stat (None elsewhere)."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    busy = sum(fields[:8]) - idle  # user nice system idle iowait irq softirq steal
    return busy / os.sysconf("SC_CLK_TCK")


def postgres_cpu_seconds() -> float:
    """CPU time of every PostgreSQL server process on this machine (whoever they serve) so far."""
    total = 0.0
    for comm in Path("/proc").glob("[0-9]*/comm"):
        try:
            if comm.read_text().strip() != "postgres":
                continue
        except OSError:
            continue
        total += cpu_seconds(int(comm.parent.name)) or 0.0
    return total


def prism_processes(suite) -> dict[str, int]:
    """The suite's processes by name: the supervisor (`prism serve`) and each component."""
    pids = {"supervisor": suite.process.pid}
    for pid_file in sorted((suite.data_dir / "run").glob("*.pid")):
        pids[pid_file.stem] = int(pid_file.read_text())
    return pids


def machine_info() -> dict:
    """What a result needs to say about where it ran."""
    model = None
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory = None
    with contextlib.suppress(OSError, ValueError, IndexError):
        memory = round(int(Path("/proc/meminfo").read_text().split()[1]) / 1024**2, 1)
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "memory_gib": memory,
        "arch": platform.machine(),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
    }


# --- statistics -----------------------------------------------------------------------------------------------


def percentile(ordered: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def latency_summary(ordered: list[float]) -> dict[str, float | None]:
    """p50/p90/p99/max/mean in milliseconds of an ascending list of seconds."""
    if not ordered:
        return dict.fromkeys(("p50", "p90", "p99", "max", "mean"))

    def ms(seconds: float) -> float:
        return round(seconds * 1000, 2)

    return {
        "p50": ms(percentile(ordered, 0.50)),
        "p90": ms(percentile(ordered, 0.90)),
        "p99": ms(percentile(ordered, 0.99)),
        "max": ms(ordered[-1]),
        "mean": ms(sum(ordered) / len(ordered)),
    }


# --- one measured load -----------------------------------------------------------------------------------------


def run_load(
    spec: dict,
    *,
    concurrency: int,
    duration: float,
    warmup: float,
    pids: dict[str, int],
    workers: int = 1,
    timeout: float = 10.0,
    client: str = "raw",
    samples: int = 0,
    extra_cpu: dict[str, Callable[[], float]] | None = None,
) -> dict:
    """`concurrency` closed loops of `spec` from `workers` load processes: a warm-up, then `duration` seconds
    measured. CPU seconds of each process in `pids`, of the load generator, of each `extra_cpu` group and of
    everything else on the machine during the window; RSS of `pids` at its end.

    The answer's `latencies` (ascending seconds) and `samples` (answer bodies) are for the caller to use or drop.
    """
    workers = max(1, min(workers, concurrency))
    context = multiprocessing.get_context("spawn")
    ready, results, go = context.Queue(), context.Queue(), context.Event()
    start_at = context.Value("d", 0.0)
    shares = [concurrency // workers + (i < concurrency % workers) for i in range(workers)]
    processes, first = [], 0
    for index, connections in enumerate(shares):
        config = {
            "index": index,
            "loops": list(range(first, first + connections)),
            "spec": spec,
            "warmup": warmup,
            "duration": duration,
            "timeout": timeout,
            "client": client,
            "samples": min(samples, SAMPLES_PER_WORKER) if samples else 0,
        }
        first += connections
        process = context.Process(
            target=_worker, args=(index, config, ready, go, start_at, results), name=f"bench-load-{index}"
        )
        process.start()
        processes.append(process)
    extra_cpu = extra_cpu or {}
    outcomes: dict[int, dict] = {}
    try:
        for _ in processes:
            ready.get(timeout=60)
        start_at.value = time.time() + 0.2
        go.set()
        measure_from = start_at.value + warmup
        time.sleep(max(0.0, measure_from - time.time()))
        cpu_before = {name: cpu_seconds(pid) for name, pid in pids.items()}
        extra_before = {name: measure() for name, measure in extra_cpu.items()}
        machine_before = machine_busy_seconds()
        time.sleep(max(0.0, measure_from + duration - time.time()))
        cpu_after = {name: cpu_seconds(pid) for name, pid in pids.items()}
        extra_after = {name: measure() for name, measure in extra_cpu.items()}
        machine_after = machine_busy_seconds()
        rss_load = {name: rss_mib(pid) for name, pid in pids.items()}
        while len(outcomes) < len(processes):
            index, outcome = results.get(timeout=timeout + 60)
            outcomes[index] = outcome
    finally:
        for process in processes:
            process.join(timeout=10)
            if process.is_alive():
                process.terminate()
                process.join()
    fatal = [o["fatal"] for o in outcomes.values() if "fatal" in o]
    if fatal:
        raise RuntimeError(f"a load process failed: {fatal[0]}")

    latencies = sorted(latency for o in outcomes.values() for latency in o["latencies"])
    requests = len(latencies)
    cpu = {}
    for name in pids:
        if cpu_before.get(name) is not None and cpu_after.get(name) is not None:
            cpu[name] = cpu_after[name] - cpu_before[name]
    cpu[LOAD_GENERATOR] = sum(o["cpu_s"] for o in outcomes.values())
    for name in extra_cpu:
        # e.g. PostgreSQL backends: those that exited during the window are missed
        cpu[name] = max(0.0, extra_after[name] - extra_before[name])
    if machine_before is not None and machine_after is not None:
        # whatever else the machine did meanwhile: a busy neighbour makes throughput and latency worthless
        cpu[OTHER] = max(0.0, machine_after - machine_before - sum(cpu.values()))
    cores = os.cpu_count() or 1
    return {
        "concurrency": concurrency,
        "load_processes": workers,
        "duration_s": duration,
        "warmup_s": warmup,
        "requests": requests,
        "warmup_requests": sum(o["warmup_requests"] for o in outcomes.values()),
        "errors": sum(o["errors"]["count"] for o in outcomes.values()),
        "error_messages": [m for o in outcomes.values() for m in o["errors"]["messages"]][:MAX_ERROR_MESSAGES],
        "requests_per_s": round(requests / duration, 1),
        "latency_ms": latency_summary(latencies),
        "cpu_s": {name: round(seconds, 4) for name, seconds in cpu.items()},
        "cpu_ms_per_request": {
            name: round(seconds * 1000 / requests, 3) if requests else None for name, seconds in cpu.items()
        },
        "cpu_share_of_machine": {name: round(seconds / (duration * cores), 3) for name, seconds in cpu.items()},
        "rss_mib_under_load": rss_load,
        "latencies": latencies,
        "samples": [s for o in outcomes.values() for s in o["samples"]],
    }


# --- a fresh PostgreSQL database ---------------------------------------------------------------------------


class Postgres:
    """A fresh database on the server of `url` for this run, dropped afterwards (the role needs CREATEDB)."""

    def __init__(self, url: str) -> None:
        from sqlalchemy.engine import make_url

        base = make_url(url)
        self.admin = base.set(drivername="postgresql").render_as_string(hide_password=False)
        self.name = f"prism_bench_{uuid.uuid4().hex[:12]}"
        self.url = base.set(drivername="postgresql", database=self.name).render_as_string(hide_password=False)

    def __enter__(self) -> str:
        import psycopg

        with psycopg.connect(self.admin, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{self.name}"')
        return self.url

    def __exit__(self, *exc) -> None:
        import psycopg

        with psycopg.connect(self.admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def postgres_version(url: str) -> str | None:
    try:
        import psycopg
        from sqlalchemy.engine import make_url

        admin = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as connection:
            return connection.execute("SHOW server_version").fetchone()[0]
    except Exception:  # noqa: BLE001 - only descriptive
        return None


def package_version(name: str) -> str | None:
    with contextlib.suppress(Exception):
        from importlib.metadata import version

        return version(name)
    return None


# --- rendering ------------------------------------------------------------------------------------------------


def number(value, digits: int | None = None) -> str:
    """A table cell: "-" for None, thousands separators, `digits` decimals when given."""
    if value is None:
        return "-"
    if digits is not None:
        return f"{value:,.{digits}f}"
    return f"{value:,}"


def markdown_table(header: list[str], rows: list[list[str]], align: str | None = None) -> str:
    """`align` has one letter per column: l (left) or r (right); default: first left, others right."""
    align = align or "l" + "r" * (len(header) - 1)
    rule = ["---:" if a == "r" else "---" for a in align]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(rule) + "|"]
    lines.extend("| " + " | ".join(str(cell) for cell in row) + " |" for row in rows)
    return "\n".join(lines)
