"""Running the cases of bench/run.py on one database: the suite started and set up, one request of
every case checked first, then each case's rounds (Prism and the peer alternating), every run's
sampled tokens verified, and the runs of one side of a case aggregated (totals, latencies, CPU per
request, memory)."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

from bench.cases import (
    POSTGRES,
    SEPARATE,
    VERIFY_SAMPLES,
    Case,
    PrismSetup,
    peer_spec,
    prism_spec,
    set_up_prism,
    verify_peer_tokens,
    verify_prism_tokens,
)
from bench.harness import (
    OTHER,
    Postgres,
    latency_summary,
    log,
    number,
    postgres_cpu_seconds,
    prism_processes,
    rss_mib,
    run_load,
)
from bench.loadgen import MAX_ERROR_MESSAGES


def aggregate(runs: list[dict]) -> dict:
    """Several runs of one side of a case as one: totals, latencies over every run, CPU per request."""
    latencies = sorted(latency for run in runs for latency in run["latencies"])
    requests = len(latencies)
    duration = sum(run["duration_s"] for run in runs)
    cpu: dict[str, float] = {}
    for run in runs:
        for name, seconds in run["cpu_s"].items():
            cpu[name] = cpu.get(name, 0.0) + seconds
    rss: dict[str, float | None] = {}
    for run in runs:
        for name, value in run["rss_mib_under_load"].items():
            if value is not None:
                rss[name] = max(rss.get(name) or 0.0, value)
    cores = os.cpu_count() or 1
    errors = sum(run["errors"] for run in runs) + sum(len(run.get("verification_failures", [])) for run in runs)
    messages = [m for run in runs for m in run["error_messages"] + run.get("verification_failures", [])]
    return {
        "runs": len(runs),
        "requests": requests,
        "duration_s": duration,
        "requests_per_s": round(requests / duration, 1) if duration else 0.0,
        "errors": errors,
        "error_messages": messages[:MAX_ERROR_MESSAGES],
        "verified_tokens": sum(run.get("verified_tokens", 0) for run in runs),
        "latency_ms": latency_summary(latencies),
        "cpu_ms_per_request": {n: round(s * 1000 / requests, 3) if requests else None for n, s in cpu.items()},
        "cpu_share_of_machine": {n: round(s / (duration * cores), 3) if duration else None for n, s in cpu.items()},
        "rss_mib_under_load": rss,
        "per_run_requests_per_s": [run["requests_per_s"] for run in runs],
        "per_run_other_load": [run["cpu_share_of_machine"].get(OTHER) for run in runs],
    }


def one_run(spec: dict, check: dict, options, pids: dict, extra_cpu) -> dict:
    samples = VERIFY_SAMPLES if ("verify" in check or "verify_peer" in check) else 0
    result = run_load(
        spec,
        concurrency=options.concurrency,
        workers=options.workers,
        warmup=options.warmup,
        duration=options.seconds,
        timeout=options.timeout,
        pids=pids,
        samples=samples,
        extra_cpu=extra_cpu,
    )
    bodies = result.pop("samples")
    if "verify" in check:
        app = check["verify"]
        result["verification_failures"] = verify_prism_tokens(bodies, app, app["algorithm"])
        result["verified_tokens"] = len(bodies) - len(result["verification_failures"])
    elif "verify_peer" in check:
        result["verification_failures"] = verify_peer_tokens(bodies, check["verify_peer"])
        result["verified_tokens"] = len(bodies) - len(result["verification_failures"])
    return result


def run_case(case: Case, setup: PrismSetup | None, peers: dict, options, pids: dict, extra_cpu) -> dict:
    prism_runs, peer_runs = [], []
    with_peer = case.peer is not None and (case.algorithm or "RS256") in peers
    for round_number in range(options.rounds):
        spec, check = prism_spec(case, setup, options.concurrency)
        result = one_run(spec, check, options, pids, extra_cpu)
        log(f"  {case.key} round {round_number + 1}: Prism {_brief(result)}")
        prism_runs.append(result)
        if with_peer:
            spec, check = peer_spec(case, peers)
            result = one_run(spec, check, options, pids, extra_cpu)
            log(f"  {case.key} round {round_number + 1}: peer  {_brief(result)}")
            peer_runs.append(result)
    prism = aggregate(prism_runs)
    peer = aggregate(peer_runs) if peer_runs else None
    return {"key": case.key, "title": case.title, "prism": prism, "peer": peer}


def _brief(result: dict) -> str:
    latency = result["latency_ms"]
    other = result["cpu_share_of_machine"].get(OTHER)
    text = (
        f"{result['requests_per_s']:,.0f}/s, p50 {number(latency['p50'])} ms, p99 {number(latency['p99'])} ms, "
        f"{result['errors'] + len(result.get('verification_failures', []))} errors"
    )
    if other is not None:
        text += f", other load {other:.0%}"
    return text


def first_answers_check(cases: list[Case], setup: PrismSetup, peers: dict) -> None:
    """One request of every case before any load, so a broken setup fails fast and clearly."""
    import httpx

    for case in cases:
        if case.key in ("signing", "refresh", "authorization-code", "introspect-grpc"):
            continue  # not one fixed HTTP request: their first run checks them
        sides = [("Prism", prism_spec(case, setup, 1)[0])]
        if case.peer and (case.algorithm or "RS256") in peers:
            sides.append(("peer", peer_spec(case, peers)[0]))
        for side, spec in sides:
            answer = httpx.request(
                spec["method"], spec["url"], headers=spec["headers"], content=spec["body"] or None, timeout=30
            )
            if answer.status_code != spec["status"] or spec["expect"] not in answer.content:
                raise RuntimeError(f"{case.key} ({side}): {answer.status_code} {answer.text[:500]}")


def run_database(database: str, cases: list[Case], peers: dict, peer_pids: dict, options) -> dict:
    from tests.support.suite import start_suite

    directory = Path(tempfile.mkdtemp(prefix=f"prism-bench-{database}-"))
    keep = options.keep
    results: dict = {"database": database, "cases": {}}
    try:
        pg = Postgres(options.database_url) if database == "postgresql" else contextlib.nullcontext()
        with pg as url:
            log(f"[{database}] starting prism serve in {directory}")
            suite = start_suite(
                directory,
                database_url=url,
                extra_env={"OTEL_TRACES_EXPORTER": "none", "PRISM_LOG_LEVEL": options.log_level},
            )
            try:
                algorithms = [c.algorithm for c in cases if c.group == "client_credentials"]
                setup = set_up_prism(suite, algorithms)
                for algorithm, app in setup.cc.items():
                    app["algorithm"] = algorithm
                first_answers_check([c for c in cases if c.key not in SEPARATE], setup, peers)
                log(f"[{database}] set up: organization {setup.main.slug}; every case answered once")
                prism_pids = prism_processes(suite)
                results["rss_mib_idle"] = {name: rss_mib(pid) for name, pid in prism_pids.items()}
                pids = {**prism_pids, **peer_pids}
                extra = {POSTGRES: postgres_cpu_seconds} if database == "postgresql" else None
                for case in cases:
                    if case.key in SEPARATE:
                        continue
                    log(f"[{database}] {case.title}")
                    results["cases"][case.key] = run_case(case, setup, peers, options, pids, extra)
                    if results["cases"][case.key]["prism"]["errors"]:
                        keep = True  # Prism's logs say why
                setup.browser.close()
            except BaseException:
                keep = True
                raise
            finally:
                suite.stop()
    finally:
        if keep:
            log(f"[{database}] suite logs kept in {directory}")
        else:
            shutil.rmtree(directory, ignore_errors=True)
    return results
