"""A suite that trusts the test issuer's CA and may fetch key sets from localhost, plus the issuer."""

from __future__ import annotations

import uuid

import pytest

from tests.support.databases import database_url
from tests.support.directory import api, create_org
from tests.support.issuer import ISSUER, Issuer
from tests.support.suite import start_suite


@pytest.fixture(scope="module")
def issuer(tmp_path_factory):
    running = Issuer(tmp_path_factory.mktemp("issuer"))
    yield running
    running.close()


@pytest.fixture(scope="module")
def federation_suite(backend, tmp_path_factory, issuer):
    directory = tmp_path_factory.mktemp(f"federation-{backend}")
    with database_url(backend, directory) as url:
        suite = start_suite(
            directory,
            database_url=url,
            extra_env={
                "PRISM_FEDERATION_ALLOWED_HOSTS": "localhost",
                "PRISM_FEDERATION_CA_FILE": str(issuer.ca_file),
            },
        )
        yield suite
        suite.stop()


@pytest.fixture(scope="module")
def target(federation_suite):
    admin = create_org(federation_suite, "Target")
    base = f"/api/v1/organizations/{admin.slug}/projects"
    assert api(federation_suite, "POST", base, admin, json={"project_id": "p"}).status_code == 201
    return admin


def trust(suite, admin, jwks_url: str, rules: list[str], **configuration) -> str:
    """A new service account of `admin`'s org trusting ISSUER's tokens at `jwks_url`; its canonical name."""
    name = f"sa-{uuid.uuid4().hex[:8]}"
    project = f"/api/v1/organizations/{admin.slug}/projects/p"
    created = api(suite, "POST", f"{project}/serviceAccounts", admin, json={"service_account_id": name})
    assert created.status_code == 201, created.text
    config = {"configuration_id": f"c-{name}", "issuer": ISSUER, "jwks_url": jwks_url, **configuration}
    made = api(suite, "POST", f"{project}/openidConfigurations", admin, json=config)
    assert made.status_code == 201, made.text
    parsed = []
    for rule in rules:
        claim, match, value = rule.split(":", 2)
        parsed.append({"claim": claim, "match": f"MATCH_TYPE_{match.upper()}", "value": value})
    method = api(
        suite,
        "POST",
        f"{project}/serviceAccounts/{name}/assumptionMethods",
        admin,
        json={"configuration": f"c-{name}", "rules": parsed},
    )
    assert method.status_code == 201, method.text
    return created.json()["service_account"]["canonical_name"]


def assume(suite, admin, canonical: str, token: str):
    return api(
        suite,
        "POST",
        "/api/v1/auth/service-accounts/assume/openid",
        json={"org": admin.slug, "service_account": canonical, "token": token},
    )


def explain(suite, admin, canonical: str, token: str) -> dict:
    name = canonical.split("@")[0]
    answer = api(
        suite,
        "POST",
        f"/api/v1/organizations/{admin.slug}/projects/p/serviceAccounts/{name}:explainAssumption",
        admin,
        json={"token": token},
    )
    assert answer.status_code == 200, answer.text
    return answer.json()
