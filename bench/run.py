"""Prism against the limit and against a certified peer, side by side, in one run (issue 7).

    .venv/bin/python bench/run.py [--database sqlite|postgresql|both] [--seconds 5] [--concurrency 16]
        [--cases a,b,...] [--rounds 2] [--warmup 2] [--smoke] [--output text|json]
        [--markdown PATH] [--json PATH] [--database-url postgresql://postgres@127.0.0.1:5432/test]

It starts the certified peer (panva's oidc-provider from npm, bench/peer/oidc_provider.py: one per
signing algorithm) and the whole Prism suite (`prism serve`, every component its own process) on
127.0.0.1, on SQLite and/or on a fresh PostgreSQL database, sets Prism up through its REST API
and sign-in pages (organizations, apps, a signed-in user with consent, service accounts and a
cross-organization trust), then runs each case for a bounded time at a fixed concurrency with
closed loops from separate load processes (bench/harness.py), alternating Prism and peer runs
where the peer has the case. Every answer is checked (status and content; a sample of the
access tokens is verified against the JWKS); any error makes the exit status 1. Targets of the
issue are evaluated and marked met or MISSED (they do not change the exit status).

Cases (`--cases`, comma-separated; a group name selects its members):

    client_credentials   cc-rs256, cc-es256, cc-eddsa     peer: the same algorithm
    introspection        introspect-http, introspect-grpc peer: HTTP introspection of an opaque token
    discovery, jwks                                        peer: its discovery document and JWKS
    authorization-code   authorize (302 with a code, existing browser session) → token, one iteration
    refresh              refresh-token rotation, each loop on its own chain
    assume               cross-organization assume (spec 000): POST /api/v1/auth/service-accounts/assume/openid
    signing              token-service signing step and raw `cryptography` signing in one process (bench/signing.py)

`--smoke` runs every selected case once for 2 s at concurrency 2 after 0.5 s of warm-up and
checks only that nothing failed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.cases import (  # noqa: E402
    DEFAULT_DATABASE_URL,
    OTHER_LOAD_WARNING,
    SEPARATE,
    SIGNING_ALGORITHMS,
    Case,
    select_cases,
)
from bench.harness import log, machine_info, package_version, postgres_version, rss_mib  # noqa: E402
from bench.run_cases import run_database  # noqa: E402
from bench.run_report import evaluate, report  # noqa: E402

# --- the run ---------------------------------------------------------------------------------------------------


def run_scale(options, databases: list[str]) -> dict:
    """The scale case on each database: client_credentials and discovery, 1 organization against many."""
    from bench import scale

    results = {}
    for database in databases:
        settings = argparse.Namespace(
            organizations=options.scale_organizations,
            seconds=options.seconds,
            warmup=options.warmup,
            concurrency=options.concurrency,
            algorithm="ES256",
            database_url=options.database_url if database == "postgresql" else None,
        )
        log(f"[{database}] scale: 1 and {options.scale_organizations:,} organizations")
        results[database] = scale.run(settings)
    return results


def run_signing(options) -> list[dict]:
    import asyncio

    from bench import signing

    rows = []
    for algorithm in SIGNING_ALGORITHMS:
        log(f"signing {algorithm} in one process")
        rows.append(asyncio.run(signing.measure(algorithm, options.signing_seconds)))
    return rows


# --- main ------------------------------------------------------------------------------------------------------


def _node_version() -> str | None:
    import subprocess

    with contextlib.suppress(OSError, subprocess.SubprocessError):
        return subprocess.run(["node", "--version"], capture_output=True, text=True, timeout=10).stdout.strip()
    return None


def run(options, cases: list[Case]) -> dict:
    from bench.peer.oidc_provider import oidc_provider_version, start_oidc_provider

    databases = ["sqlite", "postgresql"] if options.database == "both" else [options.database]
    if all(c.key in SEPARATE for c in cases):
        databases = []  # signing runs in this process: no suite to start
    document: dict = {
        "benchmark": "bench/run.py",
        "started": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "config": {
            "databases": databases,
            "cases": [c.key for c in cases],
            "concurrency": options.concurrency,
            "workers": options.workers,
            "seconds": options.seconds,
            "warmup": options.warmup,
            "rounds": options.rounds,
            "smoke": options.smoke,
        },
        "machine": machine_info(),
        "versions": {
            "oidc-provider": oidc_provider_version(),
            "node": _node_version(),
            "cryptography": package_version("cryptography"),
            "grpcio": package_version("grpcio"),
            "uvicorn": package_version("uvicorn"),
            "postgresql": postgres_version(options.database_url) if "postgresql" in databases else None,
        },
        "databases": {},
    }
    started = time.monotonic()
    peer_algorithms = sorted({c.algorithm or "RS256" for c in cases if c.peer})
    with contextlib.ExitStack() as stack:
        peers = {}
        for algorithm in peer_algorithms:  # first: without node or oidc-provider, fail before anything else
            peers[algorithm] = stack.enter_context(start_oidc_provider(algorithm=algorithm))
            log(f"peer oidc-provider ({algorithm} access tokens) at {peers[algorithm].issuer}")
        peer_pids = {f"peer {algorithm} (node)": peer.pid for algorithm, peer in peers.items()}
        document["peer_processes"] = peer_pids
        document["peer_rss_mib_idle"] = {name: rss_mib(pid) for name, pid in peer_pids.items()}
        if any(c.key == "signing" for c in cases):
            document["signing"] = run_signing(options)  # the peers are idle meanwhile
        if any(c.key not in SEPARATE for c in cases):
            for database in databases:
                document["databases"][database] = run_database(database, cases, peers, peer_pids, options)
    if any(c.key == "scale" for c in cases):
        # on the first database only: 10,000 organizations' keys take minutes to create, and the
        # question (does Prism stay as fast with many organizations?) does not depend on the database
        document["scale"] = run_scale(options, (databases or ["sqlite"])[:1])
    document["elapsed_s"] = round(time.monotonic() - started, 1)
    evaluate(document)
    busiest = max(
        (
            share or 0.0
            for results in document["databases"].values()
            for result in results["cases"].values()
            for side in (result["prism"], result["peer"])
            if side
            for share in side["per_run_other_load"]
        ),
        default=0.0,
    )
    document["most_other_load"] = busiest
    if busiest > OTHER_LOAD_WARNING:
        document["busy_warning"] = (
            f"warning: processes outside this benchmark took up to {busiest:.0%} of the machine during a run; "
            "throughput and latency of such runs are not Prism's (CPU ms per request stays meaningful)"
        )
    document["errors"] = (
        sum(
            side["errors"]
            for results in document["databases"].values()
            for result in results["cases"].values()
            for side in (result["prism"], result["peer"])
            if side
        )
        + sum(
            1
            for results in document["databases"].values()
            for result in results["cases"].values()
            if not result["prism"]["requests"] or (result["peer"] is not None and not result["peer"]["requests"])
        )
        + sum(result["errors"] for result in document.get("scale", {}).values())
    )
    return document


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("PRISM_TEST_DATABASE_URL") or DEFAULT_DATABASE_URL,
        help=f"PostgreSQL server for --database postgresql|both (a fresh database is made there and dropped "
        f"afterwards; the role needs CREATEDB); default $PRISM_TEST_DATABASE_URL or {DEFAULT_DATABASE_URL}",
    )
    parser.add_argument("--seconds", type=float, default=None, help="measured seconds per run (default 5)")
    parser.add_argument("--warmup", type=float, default=None, help="warm-up seconds per run (default 2)")
    parser.add_argument("--rounds", type=int, default=None, help="Prism/peer alternations per case (default 2)")
    parser.add_argument("--concurrency", type=int, default=None, help="closed loops per run (default 16)")
    parser.add_argument("--workers", type=int, default=1, help="load generator processes (default 1)")
    parser.add_argument("--cases", default=None, help="comma-separated cases or groups (default: all)")
    parser.add_argument("--smoke", action="store_true", help="every case once, 2 s at concurrency 2: checks only")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds one request may take")
    parser.add_argument("--log-level", default="info", help="PRISM_LOG_LEVEL of the suite (default info)")
    parser.add_argument("--output", choices=("text", "json"), default="text", help="what to print on stdout")
    parser.add_argument("--markdown", type=Path, default=None, help="also write the Markdown report here")
    parser.add_argument("--json", type=Path, default=None, help="also write the JSON result here")
    parser.add_argument("--keep", action="store_true", help="keep the suites' directories (logs) afterwards")
    parser.add_argument(
        "--scale-organizations", type=int, default=None, help="organizations of the scale case (default 10,000)"
    )
    options = parser.parse_args()
    smoke = {"seconds": 2.0, "warmup": 0.5, "rounds": 1, "concurrency": 2}
    normal = {"seconds": 5.0, "warmup": 2.0, "rounds": 2, "concurrency": 16}
    for name, value in (smoke if options.smoke else normal).items():
        if getattr(options, name) is None:
            setattr(options, name, value)
    options.signing_seconds = 0.3 if options.smoke else max(0.5, options.seconds / 2)
    if options.scale_organizations is None:
        options.scale_organizations = 100 if options.smoke else 10_000
    if options.concurrency < 1 or options.seconds <= 0 or options.warmup < 0 or options.rounds < 1:
        parser.error("--concurrency and --rounds must be >= 1, --seconds > 0 and --warmup >= 0")
    cases = select_cases(options.cases)
    if options.database in ("postgresql", "both") and postgres_version(options.database_url) is None:
        parser.error(
            f"PostgreSQL does not answer at {options.database_url} (--database-url); "
            "use --database sqlite to run without it"
        )

    from bench.peer.oidc_provider import PeerError

    try:
        document = run(options, cases)
    except PeerError as error:
        log(f"error: the peer could not be started: {error}")
        return 1
    text = report(document)
    payload = json.dumps(document, indent=2) + "\n"
    if options.output == "json":
        sys.stdout.write(payload)
    else:
        print(text)
    if options.markdown:
        options.markdown.parent.mkdir(parents=True, exist_ok=True)
        options.markdown.write_text(text + "\n")
    if options.json:
        options.json.parent.mkdir(parents=True, exist_ok=True)
        options.json.write_text(payload)
    if document.get("busy_warning") and options.output == "json":
        log(document["busy_warning"])
    log(f"finished in {document['elapsed_s']:g} s")
    if document["errors"]:
        log(f"FAILED: {document['errors']} error(s) (or a run without a measured request)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
