"""The scale case of issue 7: client_credentials and discovery with 1 organization and with 10,000.

For each size, a fresh suite whose directory holds that many organizations, each with an admin and
a confidential app (`bench/seed.py` writes the rows; the API would spend minutes in argon2id). Every
organization then gets its own signing keys: the warm-up asks each one's JWKS once, which makes
the keys service create the ring and the gateway and token service learn it. The load spreads
over every organization: each request goes to the next organization in the loop's cycle, so the
10,000-organization run really exercises 10,000 key sets, apps and caches. The key algorithm is
ES256 by default so that creating 10,000 keys takes seconds, not the many minutes of RSA keygen.

Reported per size and case: requests/s, p50/p99, errors, CPU ms/request per process; and the
latency ratio 10,000 : 1 (target: p50 within 1.1x).

    .venv/bin/python bench/scale.py                              # SQLite, 1 and 10,000 organizations
    .venv/bin/python bench/scale.py --organizations 2000 --seconds 5 --output json
    .venv/bin/python bench/scale.py --database-url postgresql://postgres@127.0.0.1:5432/test
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.harness import (  # noqa: E402 - after the path is set
    Postgres,
    basic_authorization,
    log,
    markdown_table,
    number,
    prism_processes,
    rss_mib,
    run_load,
)
from bench.load_specs import http_spec  # noqa: E402
from bench.seed import seed  # noqa: E402

TARGET_RATIO = 1.1
FORM = {"content-type": "application/x-www-form-urlencoded"}


async def _warm(base_url: str, slugs: list[str], concurrency: int) -> None:
    """Each organization's JWKS once: its key ring exists and the gateway follows it."""
    queue: asyncio.Queue[str] = asyncio.Queue()
    for slug in slugs:
        queue.put_nowait(slug)
    failures: list[str] = []

    async def worker(client: httpx.AsyncClient) -> None:
        while not queue.empty():
            slug = queue.get_nowait()
            answer = await client.get(f"{base_url}/api/v1/organizations/{slug}/jwks")
            if answer.status_code != 200 or b'"keys"' not in answer.content:
                failures.append(f"{slug}: {answer.status_code} {answer.text[:200]}")

    async with httpx.AsyncClient(timeout=60) as client:
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
    if failures:
        raise RuntimeError(f"{len(failures)} organizations have no keys: {failures[0]}")


def _cases(base_url: str, organizations) -> dict[str, dict]:
    token_variants = [
        (
            f"/api/v1/organizations/{o.slug}/oauth/token",
            {"authorization": basic_authorization(o.client_id, o.client_secret)},
        )
        for o in organizations
    ]
    discovery_variants = [
        (f"/api/v1/organizations/{o.slug}/.well-known/openid-configuration", {}) for o in organizations
    ]
    return {
        "client_credentials": http_spec(
            base_url + token_variants[0][0],
            method="POST",
            headers=FORM,
            body=b"grant_type=client_credentials",
            expect=b'"access_token"',
            variants=token_variants,
        ),
        "discovery": http_spec(base_url + discovery_variants[0][0], expect=b'"issuer"', variants=discovery_variants),
    }


def measure_size(count: int, options) -> dict:
    from tests.support.suite import start_suite

    directory = Path(tempfile.mkdtemp(prefix=f"prism-scale-{count}-"))
    try:
        with Postgres(options.database_url) if options.database_url else contextlib.nullcontext() as url:
            started = time.perf_counter()
            organizations = seed(directory / "data", url, count, prefix="scale")
            seeded_s = time.perf_counter() - started
            log(f"{count:,} organizations seeded in {seeded_s:.1f} s; starting prism serve")
            suite = start_suite(
                directory,
                database_url=url,
                extra_env={
                    "OTEL_TRACES_EXPORTER": "none",
                    "PRISM_LOG_LEVEL": "warning",
                    "JWKS_ALG": options.algorithm,
                },
            )
            try:
                started = time.perf_counter()
                asyncio.run(_warm(suite.base_url, [o.slug for o in organizations], 16))
                warmed_s = time.perf_counter() - started
                log(f"keys of {count:,} organizations created and followed in {warmed_s:.1f} s")
                pids = prism_processes(suite)
                rss_idle = {name: rss_mib(pid) for name, pid in pids.items()}
                results = {"organizations": count, "seed_s": round(seeded_s, 1), "keys_s": round(warmed_s, 1)}
                results["rss_mib_idle"] = rss_idle
                for name, spec in _cases(suite.base_url, organizations).items():
                    load = run_load(
                        spec,
                        concurrency=options.concurrency,
                        duration=options.seconds,
                        warmup=options.warmup,
                        pids=pids,
                    )
                    load.pop("latencies", None)
                    load.pop("samples", None)
                    results[name] = load
                    log(
                        f"{count:,} organizations, {name}: {load['requests_per_s']:,}/s, "
                        f"p50 {load['latency_ms']['p50']} ms, {load['errors']} errors"
                    )
            finally:
                suite.stop()
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    return results


def run(options) -> dict:
    sizes = [measure_size(1, options), measure_size(options.organizations, options)]
    comparison = {}
    for case in ("client_credentials", "discovery"):
        one, many = sizes[0][case], sizes[1][case]
        ratio = many["latency_ms"]["p50"] / one["latency_ms"]["p50"] if one["latency_ms"]["p50"] else None
        comparison[case] = {
            "p50_ratio": round(ratio, 2) if ratio else None,
            "throughput_ratio": round(many["requests_per_s"] / one["requests_per_s"], 2)
            if one["requests_per_s"]
            else None,
            "target": f"p50 within {TARGET_RATIO}x",
            "met": ratio is not None and ratio <= TARGET_RATIO,
        }
    errors = sum(size[case]["errors"] for size in sizes for case in ("client_credentials", "discovery"))
    return {
        "benchmark": "scale",
        "database": "postgresql" if options.database_url else "sqlite",
        "algorithm": options.algorithm,
        "concurrency": options.concurrency,
        "seconds": options.seconds,
        "sizes": sizes,
        "comparison": comparison,
        "errors": errors,
    }


def report(result: dict) -> str:
    rows = []
    for size in result["sizes"]:
        for case in ("client_credentials", "discovery"):
            load = size[case]
            cpu = load["cpu_ms_per_request"]
            rows.append(
                [
                    f"{size['organizations']:,}",
                    case,
                    number(load["requests_per_s"]),
                    number(load["latency_ms"]["p50"]),
                    number(load["latency_ms"]["p99"]),
                    str(load["errors"]),
                    number(cpu.get("gateway"), 3),
                    number(cpu.get("token"), 3),
                    number(cpu.get("directory"), 3),
                    number(max(load["rss_mib_under_load"].values(), default=None)),
                ]
            )
    lines = [
        f"scale: {result['database']}, {result['algorithm']}, {result['concurrency']} concurrent, "
        f"{result['seconds']:g} s per case; each request to the next organization",
        "",
        markdown_table(
            [
                "organizations",
                "case",
                "requests/s",
                "p50 ms",
                "p99 ms",
                "errors",
                "gateway CPU ms/req",
                "token CPU ms/req",
                "directory CPU ms/req",
                "largest RSS MiB",
            ],
            rows,
        ),
        "",
    ]
    for case, comparison in result["comparison"].items():
        mark = "met" if comparison["met"] else "MISSED"
        lines.append(
            f"- {case}: p50 ratio {comparison['p50_ratio']}x, throughput ratio {comparison['throughput_ratio']}x "
            f"({comparison['target']}: {mark})"
        )
    for size in result["sizes"]:
        lines.append(
            f"- {size['organizations']:,} organizations: seeded in {size['seed_s']} s, "
            f"keys created and followed in {size['keys_s']} s"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organizations", type=int, default=10_000, help="the large size (default 10,000)")
    parser.add_argument("--seconds", type=float, default=10.0, help="measured seconds per case and size")
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--algorithm", default="ES256", choices=("RS256", "PS256", "ES256", "EdDSA"))
    parser.add_argument("--database-url", help="PostgreSQL server to run on (a fresh database is made there)")
    parser.add_argument("--output", choices=("text", "json"), default="text")
    parser.add_argument("--json", type=Path, help="also write the JSON result here")
    options = parser.parse_args()
    result = run(options)
    if options.json:
        options.json.write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2) if options.output == "json" else report(result))
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
