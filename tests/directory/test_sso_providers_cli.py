"""`prism sso-providers`: an organization's SSO providers from the command line."""

from __future__ import annotations

import json

from tests.support.cli import prism_cli
from tests.support.directory import create_org
from tests.support.sso import provider_secret, unique_domain


def test_cli(suite, tmp_path):
    admin = create_org(suite, "Sso Cli")
    domain = unique_domain()
    logged_in = prism_cli(
        suite, tmp_path, "auth", "login", "--org", admin.slug, "--username", "admin", "--password", admin.password
    )
    assert logged_in.returncode == 0, logged_in.stderr

    created = prism_cli(
        suite,
        tmp_path,
        "sso-providers",
        "create",
        "--slug",
        "acme",
        "--client-id",
        "cli-client",
        "--client-secret",
        "cli-secret",
        "--authorization-endpoint",
        "https://idp.acme.test/authorize",
        "--token-endpoint",
        "https://idp.acme.test/token",
        "--jwks-uri",
        "https://idp.acme.test/jwks",
        "--scopes",
        "openid email profile",
        "--email-pattern",
        f"*@{domain}",
        "--map",
        "firstName=first_name",
    )
    assert created.returncode == 0, created.stderr
    shown = dict(line.split(None, 1) for line in created.stdout.strip().splitlines() if len(line.split(None, 1)) == 2)
    assert shown["slug"] == "acme" and shown["client_secret_set"] == "True"
    assert shown["email_patterns"] == f"*@{domain}"
    assert shown["attributes_mapping"] == "email=email, firstName=first_name, lastName=family_name"
    assert "cli-secret" not in created.stdout

    config = tmp_path / "authProviders.config.yml"
    config.write_text(
        "providers:\n"
        "  google:\n"
        "    type: oidc\n"
        "    label: Google\n"
        "    config:\n"
        '      client_id: "google-client"\n'
        '      client_secret: "${SSO_TEST_SECRET}"\n'
        "      authorization_endpoint: https://accounts.google.test/o/oauth2/auth\n"
        "      token_endpoint: https://oauth2.google.test/token\n"
        "      jwks_uri: https://www.google.test/oauth2/v1/certs\n"
        "    attributesMapping:\n"
        "      firstName: given_name\n"
        "  other:\n"
        "    type: oidc\n"
        "    config: {client_id: a, client_secret: b, authorization_endpoint: 'https://o.test/a',\n"
        "             token_endpoint: 'https://o.test/t', jwks_uri: 'https://o.test/j'}\n"
    )
    from_file = prism_cli(
        suite,
        tmp_path,
        "--output",
        "json",
        "sso-providers",
        "create",
        "--from-file",
        str(config),
        "--provider",
        "google",
        "--label",
        "Google Workspace",
        env={"SSO_TEST_SECRET": "from-the-environment"},
    )
    assert from_file.returncode == 0, from_file.stderr
    google = json.loads(from_file.stdout)
    assert (google["slug"], google["label"], google["client_id"], google["scopes"]) == (
        "google",
        "Google Workspace",
        "google-client",
        "openid email",
    )
    assert provider_secret(suite, admin.slug, "google") == "from-the-environment"
    unset = prism_cli(suite, tmp_path, "sso-providers", "create", "--from-file", str(config), "--provider", "google")
    assert unset.returncode == 1 and "SSO_TEST_SECRET is not set" in unset.stderr
    several = prism_cli(
        suite, tmp_path, "sso-providers", "create", "--from-file", str(config), env={"SSO_TEST_SECRET": "x"}
    )
    assert several.returncode == 2 and "--provider" in several.stderr

    listed = prism_cli(suite, tmp_path, "--output", "json", "sso-providers", "list")
    assert listed.returncode == 0, listed.stderr
    assert [p["slug"] for p in json.loads(listed.stdout)["sso_providers"]] == ["acme", "google"]
    table = prism_cli(suite, tmp_path, "sso-providers", "list")
    assert table.stdout.splitlines()[0].split() == [
        "SLUG",
        "TYPE",
        "LABEL",
        "EMAIL_PATTERNS",
        "CLIENT_ID",
        "CLIENT_SECRET_SET",
    ]

    updated = prism_cli(
        suite, tmp_path, "--output", "json", "sso-providers", "update", "acme", "--label", "Acme", "--no-email-patterns"
    )
    assert updated.returncode == 0, updated.stderr
    assert (json.loads(updated.stdout)["label"], json.loads(updated.stdout)["email_patterns"]) == ("Acme", [])
    got = prism_cli(suite, tmp_path, "--output", "json", "sso-providers", "get", "acme")
    assert json.loads(got.stdout)["label"] == "Acme"

    refused = prism_cli(suite, tmp_path, "sso-providers", "update", "acme", "--scopes", "email")
    assert refused.returncode == 1
    assert refused.stderr.startswith("error: scopes must include openid") and "(field: sso_provider.scopes)" in (
        refused.stderr
    )
    missing = prism_cli(suite, tmp_path, "sso-providers", "create", "--slug", "x", "--client-id", "y")
    assert missing.returncode == 2 and "missing --client-secret" in missing.stderr

    deleted = prism_cli(suite, tmp_path, "sso-providers", "delete", "acme")
    assert deleted.returncode == 0 and deleted.stdout.strip() == "deleted SSO provider acme"
    after = json.loads(prism_cli(suite, tmp_path, "--output", "json", "sso-providers", "list").stdout)
    assert [p["slug"] for p in after["sso_providers"]] == ["google"]
