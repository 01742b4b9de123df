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
import contextlib
import json
import os
import platform
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx  # noqa: E402

from bench.harness import (  # noqa: E402
    Postgres,
    basic_authorization,
    log,
    postgres_cpu_seconds,
    prism_processes,
    rss_mib,
    run_load,
)
from bench.load_specs import http_spec  # noqa: E402
from bench.loadgen import MAX_ERROR_MESSAGES  # noqa: E402

ALGORITHMS = ("RS256", "PS256", "ES256", "EdDSA")


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
    headers = {"authorization": authorization, "content-type": "application/x-www-form-urlencoded"}
    first = httpx.post(url, content=b"grant_type=client_credentials", headers=headers, timeout=30)
    if first.status_code != 200:
        raise RuntimeError(f"the first token request failed: {first.status_code} {first.text}")
    problems = verify([first.content], key_set_json, setup, options.algorithm)
    if problems:
        raise RuntimeError(f"the first token does not verify: {problems[0]}")
    log(f"organization {setup['slug']}, app {setup['client_id']}: first token verified")

    pids = prism_processes(suite)
    rss_idle = {name: rss_mib(pid) for name, pid in pids.items()}
    log(
        f"{options.concurrency} concurrent requests from {workers} load process(es): "
        f"{options.warmup:g} s warm-up, then {options.duration:g} s measured"
    )
    load = run_load(
        http_spec(url, method="POST", headers=headers, body=b"grant_type=client_credentials", expect=b'"access_token"'),
        concurrency=options.concurrency,
        workers=workers,
        warmup=options.warmup,
        duration=options.duration,
        timeout=options.timeout,
        client=options.client,
        pids=pids,
        samples=options.verify,
        extra_cpu={"postgres (server)": postgres_cpu_seconds} if database == "postgresql" else None,
    )
    samples = load["samples"][: options.verify]
    problems = verify(samples, key_set_json, setup, options.algorithm)
    requests = load["requests"]
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
        "warmup_requests": load["warmup_requests"],
        "errors": load["errors"] + len(problems),
        "failed_requests": load["errors"],
        "error_messages": load["error_messages"],
        "verified_tokens": len(samples) - len(problems),
        "verification_failures": problems[:MAX_ERROR_MESSAGES],
        "requests_per_s": load["requests_per_s"],
        "latency_ms": load["latency_ms"],
        "cpu_ms_per_request": load["cpu_ms_per_request"],
        "cpu_share_of_machine": load["cpu_share_of_machine"],
        "rss_mib_idle": rss_idle,
        "rss_mib_under_load": load["rss_mib_under_load"],
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
