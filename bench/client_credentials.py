"""client_credentials grant at the token endpoint of a real Prism, under concurrent HTTP load.

    python bench/client_credentials.py [--concurrency 16] [--duration 20] [--warmup 5]
        [--database-url postgresql://postgres@127.0.0.1:5432/test] [--algorithm RS256]
        [--workers 1] [--output text|json] [--json bench/results/client_credentials.json]

It starts the whole suite (`python -m prism serve`, every component its own process, on free
loopback ports, via tests/support/suite.py), signs up an organization, logs its admin in and
creates a confidential app allowed the client_credentials grant, all through the REST API. Load
generator processes (asyncio with a minimal HTTP/1.1 client, or httpx with `--client httpx`; one
keep-alive connection per concurrent request) then POST `grant_type=client_credentials` with HTTP
Basic client authentication to `/api/v1/organizations/{slug}/oauth/token` in a closed loop: a
warm-up that is not counted, then the measured window. Every answer must be 200 with an access
token; a random sample of the tokens is verified afterwards against the organization's JWKS
(signature, `typ`, `iss`, `client_id`, `sub`, `org`, times, unique `jti`). It reports
requests/s, latency percentiles, errors, and the CPU time and memory of each Prism process, of
the load generator and of everything else on the machine, then stops everything it started.
Exit status 1 if any request failed or any sampled token did not verify.

Without --database-url every component keeps its own SQLite file (the default). With a
PostgreSQL URL a fresh database is created on that server for the run and dropped afterwards
(the role needs CREATEDB); the URL's own database is only used to connect.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import json
import math
import multiprocessing
import os
import platform
import random
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import quote_plus

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx  # noqa: E402

ALGORITHMS = ("RS256", "PS256", "ES256", "EdDSA")
SAMPLES_PER_WORKER = 100
MAX_ERROR_MESSAGES = 5


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- the load generator (runs in its own processes) -------------------------------------------


def _worker(index: int, config: dict, ready, go, start_at, results) -> None:
    """One load process: `connections` closed loops, each on its own keep-alive connection."""
    try:
        try:
            import uvloop  # installed with uvicorn[standard]; a cheaper event loop leaves more CPU to Prism
        except ImportError:
            uvloop = None
        if uvloop is not None and config["client"] == "raw":
            outcome = uvloop.run(_drive(config, ready, go, start_at))
        else:
            outcome = asyncio.run(_drive(config, ready, go, start_at))
        results.put((index, outcome))
    except BaseException as error:  # report instead of dying silently
        results.put((index, {"fatal": f"{type(error).__name__}: {error}"}))


class RequestFailed(Exception):
    """The request got no complete HTTP answer (connection refused or lost, timeout, malformed answer)."""


class RawConnection(asyncio.Protocol):
    """A minimal HTTP/1.1 keep-alive client for one fixed request: a few µs of Python per request.

    It sends the same bytes each time and reads one answer framed by Content-Length, which is all
    the token endpoint sends. On the two cores of a small machine httpx costs about as much CPU per
    request as the gateway itself, and every core the load generator takes is one Prism lacks.
    """

    def __init__(self, host: str, port: int, request: bytes, timeout: float) -> None:
        self.host, self.port, self.request, self.timeout = host, port, request, timeout
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.waiter: asyncio.Future | None = None
        self.head: tuple[int, int, bool] | None = None  # status, content length, close afterwards

    # asyncio.Protocol
    def connection_made(self, transport) -> None:
        self.transport = transport

    def connection_lost(self, exc) -> None:
        self.transport = None
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(RequestFailed(f"connection lost: {exc or 'closed by the server'}"))

    def data_received(self, data: bytes) -> None:
        buffer = self.buffer
        buffer += data
        if self.head is None:
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            lines = bytes(buffer[:end]).split(b"\r\n")
            del buffer[: end + 4]
            try:
                status = int(lines[0].split(b" ", 2)[1])
            except (IndexError, ValueError):
                return self._fail(f"malformed status line {lines[0][:80]!r}")
            length, close = None, False
            for line in lines[1:]:
                name, _, value = line.partition(b":")
                name = name.strip().lower()
                if name == b"content-length":
                    try:
                        length = int(value)
                    except ValueError:
                        return self._fail(f"malformed Content-Length {value[:40]!r}")
                elif name == b"connection" and b"close" in value.lower():
                    close = True
                elif name == b"transfer-encoding":
                    return self._fail("a response without Content-Length (use --client httpx)")
            if length is None:
                return self._fail("a response without Content-Length (use --client httpx)")
            self.head = (status, length, close)
        status, length, close = self.head
        if len(buffer) < length:
            return
        body = bytes(buffer[:length])
        del buffer[:length]
        self.head = None
        if close and self.transport is not None:
            self.transport.close()
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_result((status, body))

    def _fail(self, message: str) -> None:
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(RequestFailed(message))
        if self.transport is not None:
            self.transport.close()

    async def send(self) -> tuple[int, bytes]:
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(self.timeout):
                if self.transport is None or self.transport.is_closing():
                    self.buffer.clear()
                    self.head = None
                    await loop.create_connection(lambda: self, self.host, self.port)
                self.waiter = loop.create_future()
                self.transport.write(self.request)
                return await self.waiter
        except TimeoutError:
            if self.transport is not None:
                self.transport.close()  # the answer may still come; never read it as the next one's
                self.transport = None
            raise RequestFailed(f"no answer within {self.timeout:g} s") from None
        except OSError as error:
            raise RequestFailed(f"{type(error).__name__}: {error}") from None


class HttpxSender:
    """The same request through httpx (a common client; costs more CPU per request)."""

    def __init__(self, client: httpx.AsyncClient, url: str, headers: dict[str, str], body: bytes) -> None:
        self.client, self.url, self.headers, self.body = client, url, headers, body

    async def send(self) -> tuple[int, bytes]:
        try:
            answer = await self.client.post(self.url, content=self.body, headers=self.headers)
        except httpx.HTTPError as error:
            raise RequestFailed(f"{type(error).__name__}: {error}") from None
        return answer.status_code, answer.content


async def _drive(config: dict, ready, go, start_at) -> dict:
    connections = config["connections"]
    url = httpx.URL(config["url"])
    body = b"grant_type=client_credentials"
    headers = {"authorization": config["authorization"], "content-type": "application/x-www-form-urlencoded"}
    latencies: list[float] = []
    errors = {"count": 0, "messages": []}
    samples: list[bytes] = []
    seen = 0  # measured successes, for reservoir sampling
    warmup_requests = 0
    rng = random.Random()

    def error(message: str) -> None:
        errors["count"] += 1
        if len(errors["messages"]) < MAX_ERROR_MESSAGES:
            errors["messages"].append(message)

    async with contextlib.AsyncExitStack() as stack:
        if config["client"] == "httpx":
            limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
            client = await stack.enter_async_context(httpx.AsyncClient(limits=limits, timeout=config["timeout"]))
            senders = [HttpxSender(client, str(url), headers, body) for _ in range(connections)]
        else:
            request = (
                f"POST {url.raw_path.decode()} HTTP/1.1\r\nhost: {url.host}:{url.port}\r\n"
                + "".join(f"{name}: {value}\r\n" for name, value in headers.items())
                + f"content-length: {len(body)}\r\n\r\n"
            ).encode() + body
            senders = [RawConnection(url.host, url.port, request, config["timeout"]) for _ in range(connections)]
            stack.callback(lambda: [s.transport.close() for s in senders if s.transport is not None])
        ready.put(config["index"])
        await asyncio.get_running_loop().run_in_executor(None, go.wait)
        # phase boundaries are wall-clock times shared by every process; measure on perf_counter
        offset = time.perf_counter() - time.time()
        measure_from = start_at.value + config["warmup"] + offset
        stop_at = measure_from + config["duration"]
        cpu: dict[str, float] = {}

        async def mark(name: str, at: float) -> None:
            await asyncio.sleep(max(0.0, at - time.perf_counter()))
            cpu[name] = time.process_time()

        async def loop(sender) -> None:
            nonlocal seen, warmup_requests
            while True:
                started = time.perf_counter()
                if started >= stop_at:
                    return
                try:
                    status, content = await sender.send()
                except RequestFailed as failure:
                    error(str(failure))
                    await asyncio.sleep(0.01)  # a refused connection must not spin
                    continue
                finished = time.perf_counter()
                if status != 200 or b'"access_token"' not in content:
                    error(f"HTTP {status}: {content[:200].decode('utf-8', 'replace')}")
                    continue
                if measure_from <= finished < stop_at:
                    latencies.append(finished - started)
                    seen += 1
                    if len(samples) < SAMPLES_PER_WORKER:
                        samples.append(content)
                    else:
                        slot = rng.randrange(seen)
                        if slot < SAMPLES_PER_WORKER:
                            samples[slot] = content
                elif finished < measure_from:
                    warmup_requests += 1

        await asyncio.gather(mark("start", measure_from), mark("stop", stop_at), *(loop(s) for s in senders))
    return {
        "latencies": latencies,
        "errors": errors,
        "samples": samples,
        "warmup_requests": warmup_requests,
        "cpu_s": cpu.get("stop", 0.0) - cpu.get("start", 0.0),
    }


# --- the run: database, suite, organization and app, load, verification, report -----------------


class Postgres:
    """A fresh database on the server of `url` for this run, dropped afterwards."""

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


def set_up_app(base_url: str) -> dict:
    """Sign-up, admin login, and a confidential app with client_credentials: the REST API, as a person would."""
    with httpx.Client(base_url=base_url, timeout=30) as http:
        name, password = f"Bench {uuid.uuid4().hex[:8]}", f"pw-{uuid.uuid4().hex}"
        signed_up = http.post(
            "/api/v1/organizations",
            json={"organization": {"display_name": name}, "admin_username": "admin", "admin_password": password},
        )
        signed_up.raise_for_status()
        slug = signed_up.json()["organization"]["slug"]
        login = http.post("/api/v1/auth/login", json={"org": slug, "username": "admin", "password": password})
        login.raise_for_status()
        token = login.json()["token"]
        created = http.post(
            f"/api/v1/organizations/{slug}/apps",
            headers={"authorization": f"Bearer {token['access_token']}"},
            json={
                "display_name": "Bench service",
                "redirect_uris": ["https://bench.example.com/callback"],
                "grant_types": ["client_credentials"],
                "allowed_scopes": ["teams:read", "apps:read"],
            },
        )
        created.raise_for_status()
        app = created.json()
    return {
        "slug": slug,
        "issuer": token["issuer"],
        "client_id": app["app"]["client_id"],
        "client_secret": app["client_secret"],
    }


def basic_authorization(client_id: str, secret: str) -> str:
    """client_secret_basic as RFC 6749 §2.3.1 says: each part form-encoded, then HTTP Basic."""
    return "Basic " + base64.b64encode(f"{quote_plus(client_id)}:{quote_plus(secret)}".encode()).decode()


def verify(bodies: list[bytes], key_set_json: dict, setup: dict, algorithm: str) -> list[str]:
    """Problems found in the sampled token responses (empty when every one is a valid token)."""
    from joserfc import jwt
    from joserfc.errors import JoseError
    from joserfc.jwk import KeySet

    key_set = KeySet.import_key_set(key_set_json)
    problems: list[str] = []
    jtis: set[str] = set()
    now = time.time()
    for raw in bodies:
        try:
            body = json.loads(raw)
            decoded = jwt.decode(body["access_token"], key_set, algorithms=[algorithm])
        except (ValueError, KeyError, JoseError) as failure:
            problems.append(f"not a valid token response: {type(failure).__name__}: {failure}")
            continue
        claims, header = decoded.claims, decoded.header
        checks = {
            "token_type": body.get("token_type") == "Bearer",
            "expires_in": isinstance(body.get("expires_in"), int) and body["expires_in"] > 0,
            "typ": header.get("typ") == "at+jwt",
            "alg": header.get("alg") == algorithm,
            "iss": claims.get("iss") == setup["issuer"],
            "client_id": claims.get("client_id") == setup["client_id"],
            "sub": claims.get("sub") == setup["client_id"],
            "org": claims.get("org") == setup["slug"],
            "exp": isinstance(claims.get("exp"), int) and claims["exp"] > now,
            "iat": isinstance(claims.get("iat"), int) and claims["iat"] <= now + 5,
            "jti": bool(claims.get("jti")) and claims["jti"] not in jtis,
        }
        jtis.add(claims.get("jti"))
        failed = [name for name, ok in checks.items() if not ok]
        if failed:
            problems.append(f"token fails {', '.join(failed)}: header {header}, claims {claims}")
    return problems


def _cpu_seconds(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _rss_mib(pid: int) -> float | None:
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
        total += _cpu_seconds(int(comm.parent.name)) or 0.0
    return total


def prism_processes(suite) -> dict[str, int]:
    pids = {"supervisor": suite.process.pid}
    for pid_file in sorted((suite.data_dir / "run").glob("*.pid")):
        pids[pid_file.stem] = int(pid_file.read_text())
    return pids


def percentile(ordered: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def run(options) -> dict:
    from tests.support.suite import start_suite

    workers = max(1, min(options.workers, options.concurrency))
    directory = Path(tempfile.mkdtemp(prefix="prism-bench-cc-"))
    database = "postgresql" if options.database_url else "sqlite"
    suite = None
    keep = options.keep
    try:
        with Postgres(options.database_url) if options.database_url else contextlib.nullcontext() as url:
            log(f"starting prism serve ({database}, {options.algorithm}) in {directory}")
            suite = start_suite(
                directory,
                database_url=url,
                extra_env={
                    "OTEL_TRACES_EXPORTER": "none",  # start_suite prints spans for the tests; not the default
                    "PRISM_LOG_LEVEL": options.log_level,
                    "JWKS_ALG": options.algorithm,
                },
            )
            try:
                result = measure(suite, options, workers, database)
            except BaseException:
                keep = True
                raise
            finally:
                suite.stop()
    finally:
        if keep:
            log(f"suite logs kept in {directory}")
        else:
            shutil.rmtree(directory, ignore_errors=True)
    return result


def measure(suite, options, workers: int, database: str) -> dict:
    setup = set_up_app(suite.base_url)
    url = f"{suite.base_url}/api/v1/organizations/{setup['slug']}/oauth/token"
    authorization = basic_authorization(setup["client_id"], setup["client_secret"])
    key_set_json = httpx.get(f"{suite.base_url}/api/v1/organizations/{setup['slug']}/jwks", timeout=30).json()
    first = httpx.post(
        url,
        content=b"grant_type=client_credentials",
        headers={"authorization": authorization, "content-type": "application/x-www-form-urlencoded"},
        timeout=30,
    )
    if first.status_code != 200:
        raise RuntimeError(f"the first token request failed: {first.status_code} {first.text}")
    problems = verify([first.content], key_set_json, setup, options.algorithm)
    if problems:
        raise RuntimeError(f"the first token does not verify: {problems[0]}")
    log(f"organization {setup['slug']}, app {setup['client_id']}: first token verified")

    pids = prism_processes(suite)
    rss_idle = {name: _rss_mib(pid) for name, pid in pids.items()}
    context = multiprocessing.get_context("spawn")
    ready, results, go = context.Queue(), context.Queue(), context.Event()
    start_at = context.Value("d", 0.0)
    shares = [options.concurrency // workers + (i < options.concurrency % workers) for i in range(workers)]
    processes = []
    for index, connections in enumerate(shares):
        config = {
            "index": index,
            "connections": connections,
            "url": url,
            "authorization": authorization,
            "warmup": options.warmup,
            "duration": options.duration,
            "timeout": options.timeout,
            "client": options.client,
        }
        process = context.Process(
            target=_worker, args=(index, config, ready, go, start_at, results), name=f"bench-load-{index}"
        )
        process.start()
        processes.append(process)
    try:
        for _ in processes:
            ready.get(timeout=60)
        start_at.value = time.time() + 0.2
        go.set()
        log(
            f"{options.concurrency} concurrent requests from {workers} load process(es): "
            f"{options.warmup:g} s warm-up, then {options.duration:g} s measured"
        )
        measure_from = start_at.value + options.warmup
        time.sleep(max(0.0, measure_from - time.time()))
        cpu_before = {name: _cpu_seconds(pid) for name, pid in pids.items()}
        postgres_before = postgres_cpu_seconds() if database == "postgresql" else None
        machine_before = machine_busy_seconds()
        time.sleep(max(0.0, measure_from + options.duration - time.time()))
        cpu_after = {name: _cpu_seconds(pid) for name, pid in pids.items()}
        postgres_after = postgres_cpu_seconds() if database == "postgresql" else None
        machine_after = machine_busy_seconds()
        rss_load = {name: _rss_mib(pid) for name, pid in pids.items()}
        outcomes = {}
        while len(outcomes) < len(processes):
            index, outcome = results.get(timeout=options.timeout + 60)
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
    error_count = sum(o["errors"]["count"] for o in outcomes.values())
    messages = [m for o in outcomes.values() for m in o["errors"]["messages"]][:MAX_ERROR_MESSAGES]
    samples = [s for o in outcomes.values() for s in o["samples"]][: options.verify]
    problems = verify(samples, key_set_json, setup, options.algorithm)
    requests = len(latencies)

    def ms(seconds: float) -> float:
        return round(seconds * 1000, 2)

    cpu = {}
    for name in pids:
        if cpu_before.get(name) is not None and cpu_after.get(name) is not None:
            cpu[name] = cpu_after[name] - cpu_before[name]
    cpu["load generator"] = sum(o["cpu_s"] for o in outcomes.values())
    if postgres_before is not None:
        # backends that exited during the window are missed; the pool keeps its connections, so few do
        cpu["postgres (server)"] = max(0.0, postgres_after - postgres_before)
    if machine_before is not None and machine_after is not None:
        # whatever else the machine did meanwhile: a busy neighbour makes the numbers worthless
        cpu["other (not this benchmark)"] = max(0.0, machine_after - machine_before - sum(cpu.values()))
    return {
        "benchmark": "client_credentials",
        "database": database,
        "algorithm": options.algorithm,
        "concurrency": options.concurrency,
        "load_processes": workers,
        "client": options.client,
        "warmup_s": options.warmup,
        "duration_s": options.duration,
        "requests": requests,
        "warmup_requests": sum(o["warmup_requests"] for o in outcomes.values()),
        "errors": error_count + len(problems),
        "failed_requests": error_count,
        "error_messages": messages,
        "verified_tokens": len(samples) - len(problems),
        "verification_failures": problems[:MAX_ERROR_MESSAGES],
        "requests_per_s": round(requests / options.duration, 1),
        "latency_ms": {
            "p50": ms(percentile(latencies, 0.50)) if latencies else None,
            "p90": ms(percentile(latencies, 0.90)) if latencies else None,
            "p99": ms(percentile(latencies, 0.99)) if latencies else None,
            "max": ms(latencies[-1]) if latencies else None,
            "mean": ms(sum(latencies) / requests) if latencies else None,
        },
        "cpu_ms_per_request": {
            name: round(seconds * 1000 / requests, 3) if requests else None for name, seconds in cpu.items()
        },
        "cpu_share_of_machine": {
            name: round(seconds / (options.duration * (os.cpu_count() or 1)), 3) for name, seconds in cpu.items()
        },
        "rss_mib_idle": rss_idle,
        "rss_mib_under_load": rss_load,
        "machine": {
            "cpus": os.cpu_count(),
            "arch": platform.machine(),
            "python": platform.python_version(),
            "system": f"{platform.system()} {platform.release()}",
        },
    }


def report(result: dict) -> str:
    latency = result["latency_ms"]

    def number(value) -> str:
        return "-" if value is None else f"{value:,}"

    lines = [
        f"client_credentials on {result['database']}, {result['algorithm']}, {result['concurrency']} concurrent "
        f"({result['load_processes']} load process(es), {result['client']} client), {result['duration_s']:g} s "
        f"after {result['warmup_s']:g} s warm-up, {result['machine']['cpus']} cores",
        "",
        "| requests | errors | requests/s | p50 ms | p90 ms | p99 ms | max ms | tokens verified |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| {result['requests']:,} | {result['errors']:,} | {result['requests_per_s']:,} | {number(latency['p50'])} "
        f"| {number(latency['p90'])} | {number(latency['p99'])} | {number(latency['max'])} "
        f"| {result['verified_tokens']} |",
        "",
        "| process | CPU ms/request | share of machine | RSS idle MiB | RSS under load MiB |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, per_request in result["cpu_ms_per_request"].items():
        lines.append(
            f"| {name} | {number(per_request)} | {result['cpu_share_of_machine'][name]:.0%} "
            f"| {number(result['rss_mib_idle'].get(name))} | {number(result['rss_mib_under_load'].get(name))} |"
        )
    messages = result["error_messages"] + result["verification_failures"]
    if messages:
        lines.append("")
        lines.extend(f"error: {message}" for message in messages)
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, default=16, help="requests in flight at once (default 16)")
    parser.add_argument("--duration", type=float, default=20.0, help="measured seconds (default 20)")
    parser.add_argument("--warmup", type=float, default=5.0, help="seconds of load before measuring (default 5)")
    parser.add_argument("--workers", type=int, default=1, help="load generator processes (default 1)")
    parser.add_argument(
        "--database-url",
        default=None,
        help="PostgreSQL server to run on, e.g. postgresql://postgres@127.0.0.1:5432/test (a fresh database "
        "is created there and dropped afterwards); default: SQLite files",
    )
    parser.add_argument("--algorithm", choices=ALGORITHMS, default="RS256", help="signing algorithm (JWKS_ALG)")
    parser.add_argument(
        "--client",
        choices=("raw", "httpx"),
        default="raw",
        help="load generator's HTTP client: raw (minimal asyncio HTTP/1.1, least CPU; default) or httpx",
    )
    parser.add_argument("--verify", type=int, default=200, help="sampled tokens to verify (default 200)")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds one request may take")
    parser.add_argument("--log-level", default="info", help="PRISM_LOG_LEVEL of the suite (default info)")
    parser.add_argument("--output", choices=("text", "json"), default="text", help="what to print on stdout")
    parser.add_argument("--json", type=Path, default=None, help="also write the JSON result here")
    parser.add_argument("--keep", action="store_true", help="keep the suite's directory (logs) afterwards")
    options = parser.parse_args()
    if options.concurrency < 1 or options.duration <= 0 or options.warmup < 0:
        parser.error("--concurrency must be >= 1, --duration > 0 and --warmup >= 0")

    result = run(options)
    document = json.dumps(result, indent=2) + "\n"
    if options.output == "json":
        sys.stdout.write(document)
    else:
        print(report(result))
    if options.json:
        options.json.parent.mkdir(parents=True, exist_ok=True)
        options.json.write_text(document)
    other = result["cpu_share_of_machine"].get("other (not this benchmark)", 0.0)
    if other > 0.1:
        log(f"warning: other processes used {other:.0%} of the machine during the measurement")
    if result["errors"] or not result["requests"]:
        log(f"FAILED: {result['errors']} error(s), {result['requests']} measured request(s)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
