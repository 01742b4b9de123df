"""The cases of bench/run.py: what each one sends to Prism and to the peer, and how Prism is set up for them.

Prism is set up through its REST API and sign-in pages (organizations, one per signing algorithm,
apps, a signed-in user with consent, service accounts and a cross-organization trust); a sample of
each case's answers is verified afterwards (`verify_prism_tokens`, `verify_peer_tokens`).
"""

from __future__ import annotations

import json
import time
import warnings
from dataclasses import dataclass, field

from bench.harness import basic_authorization
from bench.load_specs import authorization_code_spec, grpc_spec, http_spec, refresh_spec

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
