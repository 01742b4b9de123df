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
import shutil
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import (  # noqa: E402
    LOAD_GENERATOR,
    MAX_ERROR_MESSAGES,
    OTHER,
    Postgres,
    authorization_code_spec,
    basic_authorization,
    grpc_spec,
    http_spec,
    latency_summary,
    log,
    machine_info,
    markdown_table,
    number,
    package_version,
    postgres_cpu_seconds,
    postgres_version,
    prism_processes,
    refresh_spec,
    rss_mib,
    run_load,
)

DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/test"
FORM = "application/x-www-form-urlencoded"
PRISM_SHOWN = ("gateway", "token", "authz", "directory", "keys")  # CPU columns of the table
VERIFY_SAMPLES = 50
POSTGRES = "postgres (server)"
OTHER_LOAD_WARNING = 0.10


@dataclass(frozen=True)
class Case:
    key: str
    title: str
    group: str
    algorithm: str | None = None  # signing algorithm of the tokens it issues (its limit)
    peer: str | None = None  # what the peer runs alongside it
    target: str | None = None


CASES = [
    Case("cc-rs256", "client_credentials RS256", "client_credentials", "RS256", "cc", "cc-rs256"),
    Case("cc-es256", "client_credentials ES256", "client_credentials", "ES256", "cc"),
    Case("cc-eddsa", "client_credentials EdDSA", "client_credentials", "EdDSA", "cc"),
    Case("introspect-http", "introspection, HTTP", "introspection", None, "introspect", "introspection"),
    Case("introspect-grpc", "introspection, gRPC (authz)", "introspection", None, "introspect", "introspection"),
    Case("discovery", "discovery", "discovery", None, "discovery", "cacheable"),
    Case("jwks", "JWKS", "jwks", None, "jwks", "cacheable"),
    Case("authorization-code", "authorization code + PKCE (session) → token", "authorization-code", "RS256"),
    Case("refresh", "refresh-token rotation", "refresh", "RS256"),
    Case("assume", "cross-org assume (spec 000)", "assume", "RS256"),
    Case("signing", "signing in one process", "signing"),
    Case("scale", "scale: 1 and 10,000 organizations (bench/scale.py)", "scale"),
]
SEPARATE = ("signing", "scale")  # cases that do not run in the shared suite
BY_KEY = {case.key: case for case in CASES}
SIGNING_ALGORITHMS = ("RS256", "ES256", "EdDSA")

TARGETS = {
    "cc-rs256": "≥ 1.0× peer (aim 1.3×)",
    "introspection": "≥ 1.0× peer HTTP (aim 2×), p99 < 5 ms",
    "cacheable": "≥ 1.5× peer",
}


def select_cases(names: str | None) -> list[Case]:
    if not names:
        return list(CASES)
    wanted: set[str] = set()
    for name in (n.strip() for n in names.split(",") if n.strip()):
        members = [c.key for c in CASES if name in (c.key, c.group)]
        if not members:
            known = sorted({c.key for c in CASES} | {c.group for c in CASES})
            raise SystemExit(f"unknown case {name!r}; known: {', '.join(known)}")
        wanted.update(members)
    return [c for c in CASES if c.key in wanted]


# --- Prism: the suite and what the cases need in it ---------------------------------------------------------


@dataclass
class PrismSetup:
    """Everything the Prism cases send, made through the REST API and the sign-in pages."""

    suite: object
    main: object  # OrgAdmin of the main (RS256) organization
    issuer: str
    cc: dict[str, dict] = field(default_factory=dict)  # algorithm → {slug, issuer, client_id, secret, jwks}
    code_app: object = None
    cookie: str = ""
    browser: object = None
    assume_body: bytes = b""
    admin_token: str = ""
    internal: tuple = ()


def _json(response, status: int = 200) -> dict:
    if response.status_code != status:
        raise RuntimeError(f"{response.request.method} {response.request.url}: {response.status_code} {response.text}")
    return response.json()


def _issuer(suite, slug: str) -> str:
    import httpx

    url = f"{suite.base_url}/api/v1/organizations/{slug}/.well-known/openid-configuration"
    return _json(httpx.get(url, timeout=30))["issuer"]


def _cc_app(suite, admin) -> dict:
    from tests.support.oidc import register_app

    app = register_app(suite, admin, grant_types=["client_credentials"], allowed_scopes=["teams:read", "apps:read"])
    return {"slug": admin.slug, "client_id": app.client_id, "secret": app.client_secret}


def _cc_token(suite, app: dict) -> str:
    import httpx

    answer = httpx.post(
        f"{suite.base_url}/api/v1/organizations/{app['slug']}/oauth/token",
        content=b"grant_type=client_credentials",
        headers={"authorization": basic_authorization(app["client_id"], app["secret"]), "content-type": FORM},
        timeout=30,
    )
    return _json(answer)["access_token"]


def _alg(token: str) -> str:
    import base64

    head = token.split(".")[0]
    return json.loads(base64.urlsafe_b64decode(head + "=" * (-len(head) % 4)))["alg"]


def set_up_prism(suite, algorithms: list[str]) -> PrismSetup:
    """Organizations (one per signing algorithm, keys rotated to it), apps, a signed-in user who consented,
    and spec 000's trust: org 2 lets org 1's service account assume its own."""
    import httpx

    from tests.support.directory import api, create_org, internal_metadata, login
    from tests.support.oidc import Browser, add_user, code_flow, register_app

    main = create_org(suite, "Bench")
    setup = PrismSetup(suite=suite, main=main, issuer=_issuer(suite, main.slug))
    setup.admin_token = login(suite, main.slug, main.username, main.password)
    setup.internal = internal_metadata(suite, "bench")

    # client_credentials: the main organization signs RS256 (JWKS_ALG); one more organization per other algorithm
    for algorithm in algorithms:
        admin = main if algorithm == "RS256" else create_org(suite, f"Bench {algorithm}")
        app = _cc_app(suite, admin)
        if algorithm != "RS256":
            # forced: the new key signs at once (and the older ones are withdrawn, with the admin's token)
            rotated = api(
                suite,
                "POST",
                f"/api/v1/organizations/{admin.slug}/keys:rotate",
                admin,
                json={"force": True, "algorithm": algorithm},
            )
            _json(rotated)
        deadline = time.monotonic() + 30
        while _alg(_cc_token(suite, app)) != algorithm:  # the token service follows the key set within a moment
            if time.monotonic() > deadline:
                raise RuntimeError(f"{admin.slug}'s tokens are not signed with {algorithm} 30 s after the rotation")
            time.sleep(0.2)
        app["issuer"] = _issuer(suite, admin.slug)
        app["jwks"] = _json(httpx.get(f"{suite.base_url}/api/v1/organizations/{admin.slug}/jwks", timeout=30))
        setup.cc[algorithm] = app
    if "RS256" not in setup.cc:
        setup.cc["RS256"] = _cc_app(suite, main)  # introspection's client

    # the code flow: a confidential app, a user signed in on the pages once, consent given once
    setup.code_app = register_app(suite, main)
    username, password, _ = add_user(suite, main)
    setup.browser = Browser(suite)
    answer = code_flow(suite, setup.browser, setup.code_app, username, password)
    if "code" not in answer:
        raise RuntimeError(f"the first sign-in gave no code: {answer}")
    setup.cookie = "; ".join(f"{name}={value}" for name, value in setup.browser.client.cookies.items())

    # spec 000: sa1 of the main organization may assume sa2 of a second one, trusting the main issuer's keys
    base = f"/api/v1/organizations/{main.slug}/projects"
    _json(api(suite, "POST", base, main, json={"project_id": "p"}), 201)
    sa1 = _json(api(suite, "POST", f"{base}/p/serviceAccounts", main, json={"service_account_id": "sa1"}), 201)
    key = _json(api(suite, "POST", f"{base}/p/serviceAccounts/sa1/apiKeys", main, json={}), 201)
    sa1_token = _json(api(suite, "POST", "/api/v1/auth/service-accounts/login", json={"api_key": key["secret"]}))
    target = create_org(suite, "Bench target")
    project = f"/api/v1/organizations/{target.slug}/projects"
    _json(api(suite, "POST", project, target, json={"project_id": "p"}), 201)
    sa2 = _json(api(suite, "POST", f"{project}/p/serviceAccounts", target, json={"service_account_id": "sa2"}), 201)
    trust = {
        "configuration_id": "source-trust",
        "issuer": setup.issuer,
        "jwks_url": f"{suite.base_url}/api/v1/organizations/{main.slug}/jwks",
    }
    _json(api(suite, "POST", f"{project}/p/openidConfigurations", target, json=trust), 201)
    rule = {"claim": "sub", "match": "MATCH_TYPE_EXACT", "value": sa1["service_account"]["canonical_name"]}
    method = {"configuration": "source-trust", "rules": [rule]}
    _json(api(suite, "POST", f"{project}/p/serviceAccounts/sa2/assumptionMethods", target, json=method), 201)
    setup.assume_body = json.dumps(
        {
            "org": target.slug,
            "service_account": sa2["service_account"]["canonical_name"],
            "token": sa1_token["token"]["access_token"],
        }
    ).encode()
    return setup


def refresh_chains(setup: PrismSetup, count: int) -> list[str]:
    """`count` fresh refresh tokens of the signed-in user, one per loop (a chain must never be shared)."""
    from tests.support.oidc import callback_params, pkce_pair, redeem

    tokens = []
    for _ in range(count):
        verifier, challenge = pkce_pair()
        page = setup.browser.authorize(
            setup.code_app,
            scope="openid offline_access",
            state="s",
            code_challenge=challenge,
            code_challenge_method="S256",
        )
        params = callback_params(page)
        answer = _json(redeem(setup.suite, setup.code_app, params["code"], verifier))
        tokens.append(answer["refresh_token"])
    return tokens


def prism_spec(case: Case, setup: PrismSetup, concurrency: int) -> tuple[dict, dict]:
    """The load spec of a Prism case, and what the check of its first answer needs."""
    suite = setup.suite
    base = suite.base_url
    org = f"{base}/api/v1/organizations/{setup.main.slug}"
    if case.group == "client_credentials":
        app = setup.cc[case.algorithm]
        url = f"{base}/api/v1/organizations/{app['slug']}/oauth/token"
        headers = {"authorization": basic_authorization(app["client_id"], app["secret"]), "content-type": FORM}
        return http_spec(
            url, method="POST", headers=headers, body=b"grant_type=client_credentials", expect=b'"access_token"'
        ), {"verify": app}
    if case.key == "introspect-http":
        app = setup.cc["RS256"]
        token = _cc_token(suite, app)
        headers = {"authorization": basic_authorization(app["client_id"], app["secret"]), "content-type": FORM}
        body = f"token={token}".encode()
        return http_spec(
            f"{org}/oauth/introspect", method="POST", headers=headers, body=body, expect=b'"active":true'
        ), {}
    if case.key == "introspect-grpc":
        from prism.authz.v1 import authz_pb2

        request = authz_pb2.IntrospectRequest(token=setup.admin_token).SerializeToString()
        return grpc_spec(
            suite.addresses["authz"],
            "/prism.authz.v1.AuthzService/Introspect",
            request,
            metadata=setup.internal,
            expect_prefix=b"\x08\x01",  # active: true
        ), {}
    if case.key == "discovery":
        return http_spec(f"{org}/.well-known/openid-configuration", expect=b'"issuer"'), {}
    if case.key == "jwks":
        return http_spec(f"{org}/jwks", expect=b'"keys"'), {}
    if case.key == "authorization-code":
        from tests.support.oidc import CALLBACK

        app = setup.code_app
        return authorization_code_spec(
            base,
            authorize_path=f"/api/v1/organizations/{app.slug}/oauth/authorize",
            token_path=f"/api/v1/organizations/{app.slug}/oauth/token",
            client_id=app.client_id,
            authorization=basic_authorization(app.client_id, app.client_secret),
            redirect_uri=CALLBACK,
            scope="openid profile email",
            cookie=setup.cookie,
            expect=b'"id_token"',
        ), {}
    if case.key == "refresh":
        app = setup.code_app
        return refresh_spec(
            f"{base}/api/v1/organizations/{app.slug}/oauth/token",
            authorization=basic_authorization(app.client_id, app.client_secret),
            refresh_tokens=refresh_chains(setup, concurrency),
        ), {}
    if case.key == "assume":
        return http_spec(
            f"{base}/api/v1/auth/service-accounts/assume/openid",
            method="POST",
            headers={"content-type": "application/json"},
            body=setup.assume_body,
            expect=b'"access_token"',
        ), {}
    raise ValueError(case.key)


# --- the peer -----------------------------------------------------------------------------------------------


def peer_spec(case: Case, peers: dict) -> tuple[dict, dict]:
    import httpx

    from bench.peer.oidc_provider import OPAQUE_RESOURCE

    peer = peers[case.algorithm or "RS256"]
    basic = basic_authorization(peer.client_id, peer.client_secret)
    headers = {"authorization": basic, "content-type": FORM}
    if case.peer == "cc":
        return http_spec(
            peer.token_endpoint,
            method="POST",
            headers=headers,
            body=b"grant_type=client_credentials",
            expect=b'"access_token"',
        ), {"verify_peer": peer}
    if case.peer == "introspect":
        # oidc-provider never introspects a JWT: an opaque token of the same client (kept in its memory)
        answer = httpx.post(
            peer.token_endpoint,
            data={"grant_type": "client_credentials", "resource": OPAQUE_RESOURCE},
            auth=(peer.client_id, peer.client_secret),
            timeout=30,
        )
        token = _json(answer)["access_token"]
        return http_spec(
            peer.introspection_endpoint,
            method="POST",
            headers=headers,
            body=f"token={token}".encode(),
            expect=b'"active":true',
        ), {}
    if case.peer == "discovery":
        return http_spec(peer.discovery_url, expect=b'"issuer"'), {}
    if case.peer == "jwks":
        return http_spec(peer.jwks_uri, expect=b'"keys"'), {}
    raise ValueError(case.peer)


# --- checks of sampled answers -------------------------------------------------------------------------------


def verify_peer_tokens(bodies: list[bytes], peer) -> list[str]:
    """Sampled peer tokens: signature against its JWKS, `alg`, `typ`, issuer and client."""
    import httpx
    from joserfc import jwt
    from joserfc.errors import JoseError
    from joserfc.jwk import KeySet

    key_set = KeySet.import_key_set(httpx.get(peer.jwks_uri, timeout=30).json())
    problems = []
    for raw in bodies:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # joserfc calls EdDSA deprecated (RFC 9864); both servers use it
                decoded = jwt.decode(json.loads(raw)["access_token"], key_set, algorithms=[peer.algorithm])
        except (ValueError, KeyError, JoseError) as failure:
            problems.append(f"peer token does not verify: {type(failure).__name__}: {failure}")
            continue
        if decoded.header.get("typ") != "at+jwt" or decoded.claims.get("iss") != peer.issuer:
            problems.append(f"peer token: header {decoded.header}, claims {decoded.claims}")
    return problems


def verify_prism_tokens(bodies: list[bytes], app: dict, algorithm: str) -> list[str]:
    from bench.client_credentials import verify

    setup = {"slug": app["slug"], "issuer": app["issuer"], "client_id": app["client_id"]}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return verify(bodies, app["jwks"], setup, algorithm)


# --- running the cases ---------------------------------------------------------------------------------------


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


# --- ratios, targets, report --------------------------------------------------------------------------------------


def jwts_per_request(case: Case) -> int:
    """JWTs Prism signs per counted request: the access token, and the ID token in the code and refresh flows."""
    return 2 if case.key in ("authorization-code", "refresh") else 1


def evaluate(document: dict) -> None:
    """Ratios to the peer and to the limit, and each target met or missed, in place."""
    raw = {row["algorithm"]: row["raw_per_s"] for row in document.get("signing", [])}
    for database in document["databases"].values():
        for key, result in database["cases"].items():
            case = BY_KEY[key]
            prism, peer = result["prism"], result["peer"]
            result["prism_per_peer"] = (
                round(prism["requests_per_s"] / peer["requests_per_s"], 2) if peer and peer["requests_per_s"] else None
            )
            limit = raw.get(case.algorithm) / jwts_per_request(case) if case.algorithm in raw else None
            result["limit_per_s"] = round(limit) if limit else None
            result["limit"] = (
                f"raw {case.algorithm} signing on one core / {jwts_per_request(case)} JWT(s) per request"
                if limit
                else None
            )
            result["prism_per_limit"] = round(prism["requests_per_s"] / limit, 3) if limit else None
            result["target"] = _target(case, result)


def _target(case: Case, result: dict) -> dict | None:
    if case.target is None:
        return None
    ratio = result["prism_per_peer"]
    text = TARGETS[case.target]
    if ratio is None:
        return {"target": text, "met": None, "aim_met": None, "why": "no peer run"}
    if case.target == "cc-rs256":
        return {"target": text, "met": ratio >= 1.0, "aim_met": ratio >= 1.3}
    if case.target == "introspection":
        p99 = result["prism"]["latency_ms"]["p99"]
        fast = p99 is not None and p99 < 5.0
        return {"target": text, "met": ratio >= 1.0 and fast, "aim_met": ratio >= 2.0 and fast, "p99_ms": p99}
    return {"target": text, "met": ratio >= 1.5, "aim_met": None}


def _mark(target: dict | None) -> str:
    if target is None:
        return "-"
    if target["met"] is None:
        return f"{target['target']}: not measured"
    verdict = "met" if target["met"] else "MISSED"
    if target["met"] and target.get("aim_met") is not None:
        verdict += " (aim met)" if target["aim_met"] else " (aim missed)"
    return f"{target['target']}: {verdict}"


def _ratio(value) -> str:
    return "-" if value is None else f"{value:.2f}×"


def _ms(per_request: dict, name: str) -> str:
    value = per_request.get(name)
    return "-" if value is None else f"{value:.3f}"


def report(document: dict) -> str:
    machine = document["machine"]
    config = document["config"]
    lines = [
        f"# Prism against the limit and the peer ({document['started']})",
        "",
        f"Machine: {machine['cpus']} cores ({machine['cpu_model'] or machine['arch']}), {machine['memory_gib']} GiB, "
        f"{machine['system']}, Python {machine['python']}; peer: oidc-provider "
        f"{document['versions'].get('oidc-provider') or '?'} on Node {document['versions'].get('node') or '?'}"
        + (f"; PostgreSQL {document['versions']['postgresql']}" if document["versions"].get("postgresql") else "")
        + ".",
        f"Each case: {config['concurrency']} closed loops ({config['workers']} load process(es)), "
        f"{config['rounds']} round(s) of {config['warmup']:g} s warm-up + {config['seconds']:g} s measured, "
        "Prism and peer runs alternating; everything on this machine's cores.",
        "",
    ]
    header = [
        "database",
        "case",
        "Prism req/s",
        "p50 ms",
        "p99 ms",
        "errors",
        "peer req/s",
        "peer p50",
        "peer p99",
        "Prism/peer",
        "limit/s",
        "Prism/limit",
        "target",
        *(f"{name} ms/req" for name in PRISM_SHOWN),
        "Prism ms/req",
        "peer ms/req",
        "PostgreSQL ms/req",
        "load gen ms/req",
        "other load",
    ]
    rows = []
    peer_names = set(document.get("peer_processes", {}))
    for database, results in document["databases"].items():
        for result in results["cases"].values():
            prism, peer = result["prism"], result["peer"]
            cpu = prism["cpu_ms_per_request"]
            prism_total = sum(v for n, v in cpu.items() if n in results["rss_mib_idle"] and v is not None)
            peer_cpu = (
                sum(v for n, v in peer["cpu_ms_per_request"].items() if n in peer_names and v is not None)
                if peer
                else None
            )
            others = [
                s for s in prism["per_run_other_load"] + (peer["per_run_other_load"] if peer else []) if s is not None
            ]
            rows.append(
                [
                    database,
                    result["title"],
                    number(prism["requests_per_s"], 0),
                    number(prism["latency_ms"]["p50"]),
                    number(prism["latency_ms"]["p99"]),
                    f"{prism['errors']}" + (f" / {peer['errors']}" if peer else ""),
                    number(peer["requests_per_s"], 0) if peer else "-",
                    number(peer["latency_ms"]["p50"]) if peer else "-",
                    number(peer["latency_ms"]["p99"]) if peer else "-",
                    _ratio(result["prism_per_peer"]),
                    number(result["limit_per_s"]),
                    "-" if result["prism_per_limit"] is None else f"{result['prism_per_limit']:.0%}",
                    _mark(result["target"]),
                    *(_ms(cpu, name) for name in PRISM_SHOWN),
                    f"{prism_total:.3f}",
                    "-" if peer_cpu is None else f"{peer_cpu:.3f}",
                    _ms(cpu, POSTGRES),
                    _ms(cpu, LOAD_GENERATOR)
                    + (f" / {_ms(peer['cpu_ms_per_request'], LOAD_GENERATOR)}" if peer else ""),
                    f"{max(others):.0%}" if others else "-",
                ]
            )
    for row in document.get("signing", []):
        rows.append(
            [
                "-",
                f"signing alone in the token service, {row['algorithm']} ({row['sign_us']} µs)",
                number(row["sign_per_s"]),
                "-",
                "-",
                "0",
                "-",
                "-",
                "-",
                "-",
                number(row["raw_per_s"]),
                f"{row['sign_ratio']:.0%}",
                "-",
                *("-" for _ in PRISM_SHOWN),
                "-",
                "-",
                "-",
                "-",
                "-",
            ]
        )
    lines.append(markdown_table(header, rows, "ll" + "r" * 10 + "l" + "r" * (len(header) - 13)))
    lines += [
        "",
        "errors: Prism / peer (failed requests and sampled tokens that did not verify). limit: raw `cryptography` "
        "signing of the case's algorithm in one process on one core (the signing rows), divided by the JWTs "
        "signed per request (2 in the code and refresh flows: access and ID token); the token service is one "
        "process. ms/req: CPU time of each process per request; Prism ms/req is the sum of every Prism "
        "process (supervisor and stepup too); PostgreSQL: every server process on the machine (with "
        "--database postgresql); load gen: the load generator's (Prism / peer runs). The gRPC "
        "introspection row's peer columns are the peer's HTTP introspection, run alternately with it. other "
        "load: the highest share of the machine that processes outside this benchmark took during a run of "
        "the case.",
    ]
    lines += ["", "Resident memory (MiB), idle after set-up and the most under load:", ""]
    memory_rows = []
    for database, results in document["databases"].items():
        for name, idle in results["rss_mib_idle"].items():
            loaded = max(
                (
                    side["rss_mib_under_load"].get(name) or 0.0
                    for result in results["cases"].values()
                    for side in (result["prism"], result["peer"])
                    if side
                ),
                default=None,
            )
            memory_rows.append([database, name, number(idle), number(loaded or None)])
    for name, idle in document.get("peer_rss_mib_idle", {}).items():
        loaded = max(
            (
                result["peer"]["rss_mib_under_load"].get(name) or 0.0
                for results in document["databases"].values()
                for result in results["cases"].values()
                if result["peer"]
            ),
            default=None,
        )
        memory_rows.append(["-", name, number(idle), number(loaded or None)])
    lines.append(markdown_table(["database", "process", "idle", "under load"], memory_rows, "llrr"))
    problems = [
        f"{database} {key}: {message}"
        for database, results in document["databases"].items()
        for key, result in results["cases"].items()
        for side in (result["prism"], result["peer"])
        if side
        for message in side["error_messages"]
    ]
    if document.get("scale"):
        from bench import scale

        for database, result in document["scale"].items():
            lines += ["", f"## Scale ({database})", "", scale.report(result)]
    if problems:
        lines += ["", *(f"error: {p}" for p in problems)]
    if document.get("busy_warning"):
        lines += ["", document["busy_warning"]]
    return "\n".join(lines)


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
