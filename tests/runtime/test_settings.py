"""Settings: one place for defaults, the database URL fallback order, clear errors."""

from __future__ import annotations

import pytest

from gateway.settings import GatewaySettings
from prism.runtime.settings import SettingsError, load
from services.keys.settings import KeysSettings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch, tmp_path):
    import os

    for key in list(os.environ):
        if key.startswith("PRISM_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("PRISM_DATA_DIR", str(tmp_path))


def test_database_url_falls_back_from_component_to_shared_to_sqlite(monkeypatch, tmp_path):
    assert load(KeysSettings).database_url_resolved() == f"sqlite:///{tmp_path}/keys.sqlite3"
    monkeypatch.setenv("PRISM_DATABASE_URL", "postgresql://db/shared")
    assert load(KeysSettings).database_url_resolved() == "postgresql://db/shared"
    monkeypatch.setenv("PRISM_KEYS_DATABASE_URL", "postgresql://db/keys")
    assert load(KeysSettings).database_url_resolved() == "postgresql://db/keys"


def test_defaults(tmp_path):
    settings = load(GatewaySettings)
    assert (settings.host, settings.port) == ("127.0.0.1", 8080)
    assert settings.identity_domain == "id.prism.local"
    assert settings.address_of("directory") == "127.0.0.1:50051"


def test_invalid_value_names_the_variable(monkeypatch):
    monkeypatch.setenv("PRISM_GATEWAY_PORT", "eighty")
    with pytest.raises(SettingsError, match="PRISM_GATEWAY_PORT"):
        load(GatewaySettings)
    monkeypatch.setenv("PRISM_GATEWAY_PORT", "8080")
    monkeypatch.setenv("PRISM_ISSUER_STYLE", "sideways")
    with pytest.raises(SettingsError, match="PRISM_ISSUER_STYLE"):
        load(GatewaySettings)
